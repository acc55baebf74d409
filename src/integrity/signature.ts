import * as crypto from 'crypto';

/** The only algorithm CloudTrail uses for digests (field `digestSignatureAlgorithm`, metadata `signature-algorithm`). */
export const DIGEST_SIGNATURE_ALGORITHM = 'SHA256withRSA';

/**
 * Checks an RSA PKCS#1 v1.5 / SHA-256 signature (hex, as in the `signature` object metadata) over the string to
 * sign. A malformed hex string is a failed verification, not an exception.
 */
export function verifyDigestSignature(publicKey: crypto.KeyObject, signedString: string, signatureHex: string): boolean {
  if (!/^([0-9a-f]{2})+$/i.test(signatureHex)) return false;
  try {
    return crypto.verify('sha256', Buffer.from(signedString, 'utf8'), publicKey, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
