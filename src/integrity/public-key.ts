import * as crypto from 'crypto';

/**
 * One CloudTrail public key as `ListPublicKeys` returns it (`Value` as raw DER, the SDK v3 shape).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html
 */
export interface CloudTrailPublicKey {
  /** DER bytes: documented as PKCS#1, but at least one published key is a SubjectPublicKeyInfo. */
  readonly value: Uint8Array;
  readonly fingerprint: string;
  readonly validityStartTime: Date;
  readonly validityEndTime: Date;
}

/**
 * The key's fingerprint as CloudTrail computes it: hex MD5 of the DER bytes (checked against every (Value,
 * Fingerprint) pair AWS publishes). Lets the validator refuse a key whose bytes do not match what it claims to be.
 */
export function fingerprintOf(der: Uint8Array): string {
  return crypto.createHash('md5').update(der).digest('hex');
}

/**
 * Loads DER public key bytes: PKCS#1 first (what the API documents), then SubjectPublicKeyInfo (what one of the
 * keys in the user guide's sample response actually is). Returns undefined when neither works or it is not RSA.
 */
export function loadPublicKey(der: Uint8Array): crypto.KeyObject | undefined {
  const key = Buffer.from(der);
  for (const type of ['pkcs1', 'spki'] as const) {
    try {
      const loaded = crypto.createPublicKey({ key, format: 'der', type });
      if (loaded.asymmetricKeyType === 'rsa') return loaded;
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}
