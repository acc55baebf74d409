import { parseDigestDocument } from '../../src/integrity/digest-document';

const VALID = {
  awsAccountId: '111122223333',
  digestStartTime: '2026-11-24T09:01:31Z',
  digestEndTime: '2026-11-24T10:01:31Z',
  digestS3Bucket: 'b',
  digestS3Object: 'k',
  digestPublicKeyFingerprint: 'fp',
  digestSignatureAlgorithm: 'SHA256withRSA',
  previousDigestS3Bucket: null,
  previousDigestS3Object: null,
  previousDigestHashValue: null,
  previousDigestHashAlgorithm: null,
  previousDigestSignature: null,
  logFiles: [{ s3Bucket: 'b', s3Object: 'l', hashValue: 'ab', hashAlgorithm: 'SHA-256' }],
};

const parse = (value: unknown) => parseDigestDocument(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('parseDigestDocument', () => {
  test('null previous fields become absent', () => {
    const { document } = parse(VALID);
    expect(document?.previousDigestSignature).toBeUndefined();
    expect(document?.logFiles).toEqual(VALID.logFiles);
  });

  test.each([
    ['not JSON', '{{{', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['no previousDigestSignature key (null is required, absent is not)', { ...VALID, previousDigestSignature: undefined }, /missing keys: previousDigestSignature/],
    ['a bad end time', { ...VALID, digestEndTime: 'foo' }, /'digestEndTime'/],
    ['a numeric bucket', { ...VALID, digestS3Bucket: 1 }, /'digestS3Bucket'/],
    ['logFiles not an array', { ...VALID, logFiles: {} }, /'logFiles'/],
    ['a log entry without hash', { ...VALID, logFiles: [{ s3Bucket: 'b', s3Object: 'l' }] }, /hashValue/],
  ])('rejects %s', (_name, value, problem) => {
    const result = parse(value);
    expect(result.document).toBeUndefined();
    expect(result.problem).toMatch(problem);
  });
});
