/** Which of a trail's two digest chains a digest belongs to. */
export enum DigestChain {
  /** The hourly digests. */
  STANDARD = 'standard',
  /** `_backfill.json.gz` digests for log files the hourly digest missed; they form their own chain. */
  BACKFILL = 'backfill',
}

/** The parts of a digest's S3 key. */
export interface DigestKey {
  readonly key: string;
  /** Everything before `AWSLogs/`, with its trailing slash, or '' when the trail has no prefix. */
  readonly keyPrefix: string;
  readonly organizationId?: string;
  readonly accountId: string;
  /** The Region whose activity the digest covers (and whose public keys sign it). */
  readonly sourceRegion: string;
  readonly trailName: string;
  readonly homeRegion: string;
  /** The digest end time from the file name (`YYYYMMDDTHHMMSSZ`). */
  readonly endTime: Date;
  readonly chain: DigestChain;
}

// [prefix/]AWSLogs/[o-id/]ACCOUNT/CloudTrail-Digest/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOME_YYYYMMDDTHHMMSSZ[_backfill].json.gz
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
// Trail names may contain underscores, so the home Region is matched by shape and the trail name takes the rest.
const DIGEST_KEY = new RegExp(
  '^((?:.+/)?)AWSLogs/(?:(o-[a-z0-9]{10,32})/)?(\\d{12})/CloudTrail-Digest/([a-z0-9-]+)/\\d{4}/\\d{2}/\\d{2}/' +
  '\\3_CloudTrail-Digest_\\4_(.+)_([a-z]{2}(?:-[a-z]+)+-\\d+)_(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z(_backfill)?\\.json\\.gz$',
);

/** Parses a digest key, or returns undefined for any other key (log files, other trails' files, junk). */
export function parseDigestKey(key: string): DigestKey | undefined {
  // Most keys a run sees are log files: reject them before the regular expression, whose optional leading prefix
  // group makes a failing match try every '/' in the key.
  if (!key.endsWith('.json.gz') || !key.includes('_CloudTrail-Digest_')) return undefined;
  const m = DIGEST_KEY.exec(key);
  if (!m) return undefined;
  const [, keyPrefix, organizationId, accountId, sourceRegion, trailName, homeRegion, y, mo, d, h, mi, s, backfill] = m;
  const endTime = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  // Date.UTC rolls month 13 over into the next year; a key that does not round-trip is not CloudTrail's.
  const roundTrips = endTime.getUTCMonth() === +mo - 1 && endTime.getUTCDate() === +d && endTime.getUTCHours() === +h;
  if (Number.isNaN(endTime.getTime()) || !roundTrips) return undefined;
  return {
    key,
    keyPrefix,
    ...(organizationId ? { organizationId } : {}),
    accountId,
    sourceRegion,
    trailName,
    homeRegion,
    endTime,
    chain: backfill ? DigestChain.BACKFILL : DigestChain.STANDARD,
  };
}
