import * as crypto from 'crypto';
import * as zlib from 'zlib';
import { crc32InJavaScript } from '../../src/integrity/crc32';

describe('crc32InJavaScript (fallback for Node before 20.15)', () => {
  test.each([0, 1, 31, 4096])('matches the gzip trailer of %i random bytes', (length) => {
    const bytes = crypto.randomBytes(length);
    expect(crc32InJavaScript(bytes)).toBe(zlib.gzipSync(bytes).readUInt32LE(zlib.gzipSync(bytes).length - 8));
  });
});
