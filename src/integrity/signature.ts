import * as crypto from 'crypto';

/** The only algorithm CloudTrail uses for digests (field `digestSignatureAlgorithm`, metadata `signature-algorithm`). */
export const DIGEST_SIGNATURE_ALGORITHM = 'SHA256withRSA';

/**
 * Checks an RSA PKCS#1 v1.5 / SHA-256 signature (hex, as in the `signature` object metadata) over the string to
 * sign. A malformed hex string is a failed verification, not an exception.
 */
export function verifyDigestSignature(publicKey: crypto.KeyObject, signedString: string, signatureHex: string): boolean {
  // Well-formed means non-empty pairs of hex digits. Node's hex decoder stops at the first pair that is not hex, so
  // an ASCII string is well-formed exactly when it decodes to half its length (its UTF-8 length tells whether it is
  // ASCII). Checked this way rather than with a regular expression, which took about 1.7 µs per 512-digit signature
  // in the year bench, a tenth of the RSA verification itself.
  const signature = Buffer.from(signatureHex, 'hex');
  const wellFormed = signature.length > 0 && signature.length * 2 === signatureHex.length && Buffer.byteLength(signatureHex, 'utf8') === signatureHex.length;
  if (!wellFormed) return false;
  try {
    return crypto.verify('sha256', Buffer.from(signedString, 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}
