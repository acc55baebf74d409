import * as crypto from 'crypto';
import { FindingType } from './finding-type';
import { PublicKeyProvider } from './ports';
import { CloudTrailPublicKey, fingerprintOf, loadPublicKey } from './public-key';

/** A key ready to verify with, or which finding explains why there is none. */
export interface KeyLookupResult {
  readonly key?: crypto.KeyObject;
  readonly problem?: FindingType;
  readonly detail?: string;
}

/**
 * Finds the public key that signed a digest: by fingerprint, among the keys valid in a window around the digest's
 * time, in the digest's source Region. Keys rotate about every 30 days with overlapping validity, so the window
 * matters at rotation boundaries: the AWS CLI asks for `[start, end + 2h]` (commit 084f934) for hourly digests
 * and `[generation - 1h, generation + 1h]` for backfill digests (commit 3e57e99).
 *
 * One instance caches keys per Region for a whole run: a key serves ~720 hourly digests, so one
 * `ListPublicKeys` call per Region per rotation is enough. Share one instance across partitions.
 */
export class PublicKeyLookup {
  private readonly keysByRegion = new Map<string, CloudTrailPublicKey[]>();
  private readonly loaded = new Map<string, crypto.KeyObject>();
  /**
   * Listed keys whose bytes were already checked against their fingerprint and loaded. A key serves hundreds of
   * digests; checking it again for each (an MD5 of its bytes) would repeat the same answer.
   */
  private readonly checked = new Map<CloudTrailPublicKey, crypto.KeyObject>();

  public constructor(private readonly provider: PublicKeyProvider) {}

  /** The key with `fingerprint` whose validity overlaps `[windowStart, windowEnd]` in `region`. */
  public async find(region: string, fingerprint: string, windowStart: Date, windowEnd: Date): Promise<KeyLookupResult> {
    return this.findKnown(region, fingerprint, windowStart, windowEnd) ?? this.fetchAndFind(region, fingerprint, windowStart, windowEnd);
  }

  /**
   * `find` without a promise when the answer is already known: the key was listed before and its bytes checked.
   * Undefined means "ask `find`" (the key is not known yet, or it failed a check whose finding `find` reports).
   */
  public findKnown(region: string, fingerprint: string, windowStart: Date, windowEnd: Date): KeyLookupResult | undefined {
    const candidate = this.cached(region, fingerprint, windowStart, windowEnd);
    const key = candidate && this.checked.get(candidate);
    return key ? { key } : undefined;
  }

  private async fetchAndFind(region: string, fingerprint: string, windowStart: Date, windowEnd: Date): Promise<KeyLookupResult> {
    let candidate = this.cached(region, fingerprint, windowStart, windowEnd);
    if (!candidate) {
      const fetched = await this.provider.listPublicKeys(region, windowStart, windowEnd);
      this.remember(region, fetched);
      candidate = this.cached(region, fingerprint, windowStart, windowEnd);
    }
    if (!candidate) {
      return {
        problem: FindingType.PUBLIC_KEY_NOT_FOUND,
        detail: `no public key with fingerprint ${fingerprint} is valid in ${region} between ${windowStart.toISOString()} and ${windowEnd.toISOString()}`,
      };
    }
    const actual = fingerprintOf(candidate.value);
    if (actual !== fingerprint.toLowerCase()) {
      // A provider (a cache, an offline bundle) handed us bytes that are not the key they claim to be.
      return { problem: FindingType.PUBLIC_KEY_INVALID, detail: `public key listed as ${fingerprint} hashes to ${actual}` };
    }
    const cacheKey = `${region}#${actual}`;
    let key = this.loaded.get(cacheKey);
    if (!key) {
      key = loadPublicKey(candidate.value);
      if (!key) return { problem: FindingType.PUBLIC_KEY_INVALID, detail: `public key ${fingerprint} is neither PKCS#1 nor SubjectPublicKeyInfo RSA DER` };
      this.loaded.set(cacheKey, key);
    }
    this.checked.set(candidate, key);
    return { key };
  }

  private cached(region: string, fingerprint: string, windowStart: Date, windowEnd: Date): CloudTrailPublicKey | undefined {
    const keys = this.keysByRegion.get(region);
    if (!keys) return undefined;
    const wanted = fingerprint.toLowerCase();
    const start = windowStart.getTime();
    const end = windowEnd.getTime();
    return keys.find((k) => k.validityStartTime.getTime() <= end && k.validityEndTime.getTime() >= start && k.fingerprint.toLowerCase() === wanted);
  }

  private remember(region: string, keys: CloudTrailPublicKey[]): void {
    const known = this.keysByRegion.get(region) ?? [];
    for (const key of keys) {
      if (!known.some((k) => k.fingerprint === key.fingerprint && k.validityStartTime.getTime() === key.validityStartTime.getTime())) known.push(key);
    }
    this.keysByRegion.set(region, known);
  }
}
