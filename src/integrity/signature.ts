import * as crypto from 'crypto';

/** The only algorithm CloudTrail uses for digests (field `digestSignatureAlgorithm`, metadata `signature-algorithm`). */
export const DIGEST_SIGNATURE_ALGORITHM = 'SHA256withRSA';

/** Hex digits, at least one (pairs are checked by length: a repeated two-digit group costs twice as much). */
const HEX = /^[0-9a-f]+$/i;

/**
 * Checks an RSA PKCS#1 v1.5 / SHA-256 signature (hex, as in the `signature` object metadata) over the string to
 * sign. A malformed hex string is a failed verification, not an exception.
 */
export function verifyDigestSignature(publicKey: crypto.KeyObject, signedString: string, signatureHex: string): boolean {
  if (signatureHex.length % 2 !== 0 || !HEX.test(signatureHex)) return false;
  try {
    return crypto.verify('sha256', Buffer.from(signedString, 'utf8'), publicKey, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
