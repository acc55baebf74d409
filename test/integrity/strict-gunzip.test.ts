import * as zlib from 'zlib';
import { GunzipProblem, gunzipStrict } from '../../src/integrity/strict-gunzip';

const TEXT = '{"Records":[{"eventName":"StopLogging"}]}';
const GZ = zlib.gzipSync(TEXT);

/** A gzip member whose header carries FNAME and FEXTRA fields, as other gzip writers produce. */
function withOptionalHeaderFields(gz: Buffer): Buffer {
  const header = Buffer.from(gz.subarray(0, 10));
  header[3] = 0x0c; // FEXTRA (0x04) and FNAME (0x08)
  const extra = Buffer.from([3, 0, 1, 2, 3]); // XLEN = 3, then 3 bytes
  return Buffer.concat([header, extra, Buffer.from('log.json\0'), gz.subarray(10)]);
}

describe('gunzipStrict', () => {
  test('decompresses one gzip member', () => {
    expect(gunzipStrict(GZ).bytes?.toString()).toBe(TEXT);
  });

  test('reads headers with optional fields', () => {
    expect(gunzipStrict(withOptionalHeaderFields(GZ)).bytes?.toString()).toBe(TEXT);
  });

  test.each([
    ['zero bytes (Node gunzip ignores them)', Buffer.concat([GZ, Buffer.alloc(8)]), GunzipProblem.TRAILING_DATA],
    ['a second gzip member (Node gunzip concatenates it)', Buffer.concat([GZ, zlib.gzipSync('x')]), GunzipProblem.TRAILING_DATA],
    ['garbage after the stream', Buffer.concat([GZ, Buffer.from('GARBAGE')]), GunzipProblem.TRAILING_DATA],
    ['a stream cut in the deflate body', GZ.subarray(0, 15), GunzipProblem.TRUNCATED],
    ['a stream cut in the trailer', GZ.subarray(0, GZ.length - 3), GunzipProblem.TRUNCATED],
    ['a stream cut in the header', GZ.subarray(0, 5), GunzipProblem.TRUNCATED],
    ['an empty object', Buffer.alloc(0), GunzipProblem.TRUNCATED],
    ['plain JSON', Buffer.from(TEXT), GunzipProblem.INVALID],
    ['a flipped CRC-32', Buffer.concat([GZ.subarray(0, GZ.length - 8), Buffer.from([0, 0, 0, 0]), GZ.subarray(GZ.length - 4)]), GunzipProblem.INVALID],
    ['a wrong length trailer', Buffer.concat([GZ.subarray(0, GZ.length - 4), Buffer.from([1, 0, 0, 0])]), GunzipProblem.INVALID],
    ['a corrupt deflate body', Buffer.concat([GZ.subarray(0, 10), Buffer.alloc(GZ.length - 18, 0xff), GZ.subarray(GZ.length - 8)]), GunzipProblem.INVALID],
  ])('rejects %s', (_name, input, problem) => {
    const result = gunzipStrict(input);
    expect(result.bytes).toBeUndefined();
    expect(result.problem).toBe(problem);
    expect(result.detail).toEqual(expect.any(String));
  });
});
