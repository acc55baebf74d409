import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringToSign } from '../../src/integrity/string-to-sign';

/**
 * A second, independent RSA implementation checks what our generator signs: `openssl dgst -sha256 -verify` is the
 * same PKCS#1 v1.5 / SHA-256 the AWS CLI verifies. The openssl command is on every machine of this project's
 * kind (Debian); a missing one fails the test rather than skipping it.
 */
describe('openssl verifies the signatures our generator writes', () => {
  test.each([
    ['a starting digest', undefined],
    ['a chained digest', 'ab'.repeat(256)],
  ])('%s', (_name, previousDigestSignature) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-'));
    try {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      const signed = stringToSign({ digestEndTime: '2026-11-24T10:01:31Z', digestS3Bucket: 'b', digestS3Object: 'k.json.gz', previousDigestSignature }, Buffer.from('{}'));
      fs.writeFileSync(path.join(dir, 'tosign.txt'), signed);
      fs.writeFileSync(path.join(dir, 'sig.bin'), crypto.sign('sha256', Buffer.from(signed), privateKey));
      fs.writeFileSync(path.join(dir, 'pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'tosign.txt'], { cwd: dir }).toString();
      expect(out.trim()).toBe('Verified OK');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
