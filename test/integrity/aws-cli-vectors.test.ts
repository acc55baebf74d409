import * as crypto from 'crypto';
import { fingerprintOf, loadPublicKey } from '../../src/integrity/public-key';
import { verifyDigestSignature } from '../../src/integrity/signature';
import { sha256Hex, stringToSign } from '../../src/integrity/string-to-sign';

/*
 * Vectors published by the AWS CLI, so that our string to sign and key handling are checked against AWS's own
 * implementation and not only against our generator:
 * - aws/aws-cli tests/unit/customizations/cloudtrail/test_validation.py, commits
 *   9771397d8009b0d47e692f79fec1b1b204e95957 and 037f1c8a218f9a16976df545bb05ee0fb3e4e9b3
 *   (TestSha256RSADigestValidator: test_properly_signs_when_no_previous_signature, test_validates_digests,
 *   test_does_not_expose_underlying_key_decoding_error, test_does_not_expose_underlying_validation_error; VALID_TEST_KEY).
 * - aws/aws-cli awscli/examples/cloudtrail/list-public-keys.rst, commit 3332bf93950a86f56b79eb95eae1160da2939aa1
 *   (one published (Value, Fingerprint) pair).
 */

/** VALID_TEST_KEY of test_validation.py: a base64 PKCS#1 DER RSA public key. */
const CLI_VALID_TEST_KEY = 'MIIBCgKCAQEAn11L2YZ9h7onug2ILi1MWyHiMRsTQjfWE+pHVRLk1QjfW'
  + 'hirG+lpOa8NrwQ/r7Ah5bNL6HepznOU9XTDSfmmnP97mqyc7z/upfZdS/'
  + 'AHhYcGaz7n6Wc/RRBU6VmiPCrAUojuSk6/GjvA8iOPFsYDuBtviXarvuL'
  + 'PlrT9kAd4Lb+rFfR5peEgBEkhlzc5HuWO7S0y+KunqxX6jQBnXGMtxmPB'
  + 'PP0FylgWGNdFtks/4YSKcgqwH0YDcawP9GGGDAeCIqPWIXDLG1jOjRRzW'
  + 'fCmD0iJUkz8vTsn4hq/5ZxRFE7UBAUiVcGbdnDdvVfhF9C3dQiDq3k7ad'
  + 'QIziLT0cShgQIDAQAB';

/** The list-public-keys example's key and fingerprint. */
const CLI_EXAMPLE_KEY_VALUE = 'MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuD'
  + 'KwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKki'
  + 'pEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB';
const CLI_EXAMPLE_KEY_FINGERPRINT = '7f3f401420072e50a65a141430817ab3';

describe('string to sign: the AWS CLI vectors', () => {
  test('test_properly_signs_when_no_previous_signature: a null previous signature is the literal "null"', () => {
    const signed = stringToSign({ digestEndTime: 'a', digestS3Bucket: 'b', digestS3Object: 'c' }, Buffer.from('abc'));
    expect(signed).toBe('a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull');
  });

  test('test_validates_digests: the CLI test layout signed with a fresh key verifies through our verifier', () => {
    // The CLI test signs "%s\n%s/%s\n%s\n%s" over json.dumps(digest_data) (Python's ", " and ": " separators) with a
    // key generated in the test; we do the same, building the string with the CLI's own format, not our function.
    const inflated = Buffer.from('{"digestStartTime": "baz", "digestEndTime": "foo", "awsAccountId": "account", '
      + '"digestPublicKeyFingerprint": "abc", "digestS3Bucket": "bucket", "digestS3Object": "object", "previousDigestSignature": "xyz"}');
    const cliString = `foo\nbucket/object\n${crypto.createHash('sha256').update(inflated).digest('hex')}\nxyz`;
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = crypto.sign('sha256', Buffer.from(cliString), privateKey).toString('hex');

    const ours = stringToSign({ digestEndTime: 'foo', digestS3Bucket: 'bucket', digestS3Object: 'object', previousDigestSignature: 'xyz' }, inflated);
    expect(ours).toBe(cliString);
    const key = loadPublicKey(publicKey.export({ type: 'pkcs1', format: 'der' }))!;
    expect(verifyDigestSignature(key, ours, signature)).toBe(true);
  });

  test('a signature verifies in upper-case hex too, and malformed hex is a failed verification, not an exception', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const hex = crypto.sign('sha256', Buffer.from('signed'), privateKey).toString('hex');
    expect(verifyDigestSignature(publicKey, 'signed', hex)).toBe(true);
    expect(verifyDigestSignature(publicKey, 'signed', hex.toUpperCase())).toBe(true);
    for (const bad of ['', hex.slice(1), `${hex}0`, `${hex.slice(0, -2)}zz`, ` ${hex.slice(1)}`, `${hex.slice(0, -1)}\n`, `${hex.slice(0, -2)}\u0663\u0663`]) {
      expect(verifyDigestSignature(publicKey, 'signed', bad)).toBe(false);
    }
    // Malformed strings that Node's hex decoder would still turn into the valid signature: junk after it, and a
    // non-ASCII digit whose low byte is the hex digit it replaces (U+0663 ends in 0x63, 'c').
    const nonAscii = hex.replace('c', '\u0663'); // 512 random hex digits without a 'c': odds of about 4e-15
    expect(Buffer.from(nonAscii, 'hex').equals(Buffer.from(hex, 'hex'))).toBe(true);
    for (const bad of [`${hex}z`, `${hex}zz`, `${hex}0z`, nonAscii]) {
      expect(verifyDigestSignature(publicKey, 'signed', bad)).toBe(false);
    }
  });

  test('test_does_not_expose_underlying_key_decoding_error: "YQo=" is not a key', () => {
    expect(loadPublicKey(Buffer.from('YQo=', 'base64'))).toBeUndefined();
  });

  test('test_does_not_expose_underlying_validation_error: VALID_TEST_KEY loads as PKCS#1 and rejects a bogus signature', () => {
    const key = loadPublicKey(Buffer.from(CLI_VALID_TEST_KEY, 'base64'));
    expect(key?.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(verifyDigestSignature(key!, stringToSign({ digestEndTime: 'foo', digestS3Bucket: 'bucket', digestS3Object: 'object' }, Buffer.from('invalid')), 'aeff')).toBe(false);
  });

  test('list-public-keys example: the fingerprint is the MD5 of the DER value, and the value is PKCS#1', () => {
    const der = Buffer.from(CLI_EXAMPLE_KEY_VALUE, 'base64');
    expect(fingerprintOf(der)).toBe(CLI_EXAMPLE_KEY_FINGERPRINT);
    expect(loadPublicKey(der)).toBeDefined();
  });
});

describe('string to sign: the 629-byte synthetic digest of the research notes', () => {
  const digest = '{"awsAccountId":"111122223333","digestStartTime":"2026-11-24T09:01:31Z","digestEndTime":"2026-11-24T10:01:31Z",'
    + '"digestS3Bucket":"example-org-trail-bucket","digestS3Object":"AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/us-east-1/2026/11/24/'
    + '111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20261124T100131Z.json.gz","digestPublicKeyFingerprint":"FP",'
    + '"digestSignatureAlgorithm":"SHA256withRSA","newestEventTime":null,"oldestEventTime":null,"previousDigestS3Bucket":null,'
    + '"previousDigestS3Object":null,"previousDigestHashValue":null,"previousDigestHashAlgorithm":null,"previousDigestSignature":null,"logFiles":[]}';

  test('hash of the bytes as delivered and the four lines, no trailing newline', () => {
    const bytes = Buffer.from(digest);
    expect(bytes.length).toBe(629);
    expect(sha256Hex(bytes)).toBe('1d667b7a6a3bd9d63380b19bd471ae8880596273eb3d6de7fbc02c8812be309a');
    const parsed = JSON.parse(digest);
    expect(stringToSign({ ...parsed, previousDigestSignature: undefined }, bytes)).toBe([
      '2026-11-24T10:01:31Z',
      'example-org-trail-bucket/AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/us-east-1/2026/11/24/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20261124T100131Z.json.gz',
      '1d667b7a6a3bd9d63380b19bd471ae8880596273eb3d6de7fbc02c8812be309a',
      'null',
    ].join('\n'));
  });
});
