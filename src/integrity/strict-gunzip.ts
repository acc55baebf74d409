import * as zlib from 'zlib';
import { crc32 } from './crc32';

/** Why a buffer is not exactly one gzip member. */
export enum GunzipProblem {
  /** Not gzip, a corrupt deflate stream, or a bad CRC-32 / length trailer. */
  INVALID = 'INVALID',
  /** The stream ends before the gzip member does. */
  TRUNCATED = 'TRUNCATED',
  /** Bytes (zeros, garbage, a second gzip member) follow the first member. */
  TRAILING_DATA = 'TRAILING_DATA',
}

/** The result of `gunzipStrict`: the decompressed bytes, or what is wrong. */
export interface GunzipResult {
  readonly bytes?: Buffer;
  readonly problem?: GunzipProblem;
  readonly detail?: string;
}

// RFC 1952 header flags.
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const TRAILER_LENGTH = 8;

/**
 * Decompresses exactly one gzip member and rejects anything after it.
 *
 * Node's `gunzipSync` is not strict enough: it silently ignores trailing zero bytes and decompresses an appended
 * second member as if it belonged to the file, while the AWS CLI treats any data after the first member as
 * tampering ("unexpected data after end of compressed stream", aws-cli commit 53c1084). So the header is parsed
 * here, the deflate body inflated raw (which reports how many input bytes it consumed), and the CRC-32 and length
 * trailer checked by hand.
 */
export function gunzipStrict(gzipped: Uint8Array): GunzipResult {
  const buf = Buffer.from(gzipped.buffer, gzipped.byteOffset, gzipped.byteLength);
  const bodyStart = gzipBodyOffset(buf);
  if (typeof bodyStart === 'string') {
    return bodyStart === 'truncated' ? { problem: GunzipProblem.TRUNCATED, detail: 'gzip header is incomplete' } : { problem: GunzipProblem.INVALID, detail: bodyStart };
  }
  let inflated: { buffer: Buffer; engine: zlib.InflateRaw };
  try {
    inflated = zlib.inflateRawSync(buf.subarray(bodyStart), { info: true }) as unknown as { buffer: Buffer; engine: zlib.InflateRaw };
  } catch (e) {
    const message = (e as Error).message;
    const truncated = /unexpected end of file/i.test(message);
    return { problem: truncated ? GunzipProblem.TRUNCATED : GunzipProblem.INVALID, detail: message };
  }
  const trailerStart = bodyStart + inflated.engine.bytesWritten;
  if (buf.length < trailerStart + TRAILER_LENGTH) {
    // inflateRaw accepts a body cut right after its final block; the missing trailer is still truncation.
    return { problem: GunzipProblem.TRUNCATED, detail: 'gzip trailer (CRC-32 and length) is missing' };
  }
  const bytes = inflated.buffer;
  if (buf.readUInt32LE(trailerStart) !== crc32(bytes)) {
    return { problem: GunzipProblem.INVALID, detail: 'gzip CRC-32 does not match the decompressed bytes' };
  }
  if (buf.readUInt32LE(trailerStart + 4) !== bytes.length % 2 ** 32) {
    return { problem: GunzipProblem.INVALID, detail: 'gzip length trailer does not match the decompressed bytes' };
  }
  const end = trailerStart + TRAILER_LENGTH;
  if (end !== buf.length) {
    return { problem: GunzipProblem.TRAILING_DATA, detail: `${buf.length - end} bytes after the end of the gzip stream` };
  }
  return { bytes };
}

/** Offset of the deflate body after the RFC 1952 header, or 'truncated', or why the header is invalid. */
function gzipBodyOffset(buf: Buffer): number | string {
  if (buf.length < 10) return 'truncated';
  if (buf[0] !== 0x1f || buf[1] !== 0x8b) return 'not gzip (bad magic bytes)';
  if (buf[2] !== 8) return 'gzip compression method is not deflate';
  const flags = buf[3];
  let offset = 10;
  if (hasFlag(flags, FEXTRA)) {
    if (buf.length < offset + 2) return 'truncated';
    offset += 2 + buf.readUInt16LE(offset);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (hasFlag(flags, flag)) {
      const zero = buf.indexOf(0, offset);
      if (zero < 0) return 'truncated';
      offset = zero + 1;
    }
  }
  if (hasFlag(flags, FHCRC)) offset += 2;
  return offset > buf.length ? 'truncated' : offset;
}

/** RFC 1952 FLG bits; a bit test is the plain way to read them. */
function hasFlag(flags: number, flag: number): boolean {
  // eslint-disable-next-line no-bitwise
  return (flags & flag) !== 0;
}
