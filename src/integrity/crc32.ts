import * as zlib from 'zlib';

/* eslint-disable no-bitwise */
// CRC-32 is defined on bits; this file is the one place that needs bit operations.

let table: Uint32Array | undefined;

/**
 * The CRC-32 of RFC 1952 (gzip trailer), computed in JavaScript. Exported for the test that compares it with zlib.
 */
export function crc32InJavaScript(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
/* eslint-enable no-bitwise */

/**
 * CRC-32 for the gzip trailer check: `zlib.crc32` where the runtime has it (Node 20.15 and later), otherwise the
 * JavaScript version, because the package supports Node 20.0 onwards.
 */
export const crc32: (bytes: Uint8Array) => number =
  (zlib as unknown as { crc32?: (bytes: Uint8Array) => number }).crc32 ?? crc32InJavaScript;
