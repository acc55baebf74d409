import { mapWithConcurrency } from './bounded-concurrency';
import { checkChainLink } from './chain-link-check';
import { Checkpoint } from './checkpoint';
import { checkDigest } from './digest-check';
import { DigestKey, parseDigestKey } from './digest-key';
import { Finding } from './finding';
import { checkLogFile } from './log-file-check';
import { checkOverdue, DEFAULT_OVERDUE_AFTER_MS } from './overdue-check';
import { isOf, Partition } from './partition';
import { LoggingHistory, ObjectStore } from './ports';
import { PublicKeyLookup } from './public-key-lookup';

/** Default number of log files read at once for one digest. */
export const DEFAULT_LOG_FILE_CONCURRENCY = 8;

/** Everything `validatePartition` needs: the partition, where to read, and where to resume. */
export interface PartitionValidationOptions {
  readonly bucket: string;
  readonly partition: Partition;
  readonly store: ObjectStore;
  /** Share one lookup across partitions so public keys are fetched once per Region and rotation. */
  readonly publicKeys: PublicKeyLookup;
  /** Explains chain restarts; without it every restart is `CHAIN_RESTART_UNEXPLAINED`. */
  readonly loggingHistory?: LoggingHistory;
  /** Resume after this digest; without it the oldest digest found is the anchor. */
  readonly checkpoint?: Checkpoint;
  /** The time against which overdue digests are judged. */
  readonly now: Date;
  /** On a first run, ignore digests whose key says they ended before this (the lookback). */
  readonly notBefore?: Date;
  /** @default DEFAULT_OVERDUE_AFTER_MS */
  readonly overdueAfterMs?: number;
  /** Read and hash the log files of each valid digest. @default true */
  readonly checkLogFiles?: boolean;
  /** @default DEFAULT_LOG_FILE_CONCURRENCY */
  readonly logFileConcurrency?: number;
  /** Stop after this many digests (a function's time budget); the result is then not `complete`. */
  readonly maxDigests?: number;
}

/** What one run over a partition found, and where the next run resumes. */
export interface PartitionValidationResult {
  readonly partitionId: string;
  readonly findings: Finding[];
  /** The last digest processed; absent only when the partition had nothing to process and no checkpoint. */
  readonly checkpoint?: Checkpoint;
  readonly digestsChecked: number;
  readonly logFilesChecked: number;
  /** Log files that could not be read (archived, forbidden, missing): reported as findings, counted apart. */
  readonly logFilesUnread: number;
  /** False when `maxDigests` stopped the walk early; the overdue check is skipped then. */
  readonly complete: boolean;
}

/**
 * Walks one partition's chain forward from its checkpoint: each digest is checked on its own, then against the
 * previous one, then its log files are checked; finally the chain's end is checked against `now`. Digests are
 * processed strictly in order because each link depends on the previous one; only log files run in parallel.
 */
export async function validatePartition(options: PartitionValidationOptions): Promise<PartitionValidationResult> {
  const { bucket, partition, store, checkpoint } = options;
  if (checkpoint && checkpoint.partitionId !== partition.id) {
    throw new Error(`checkpoint is for partition '${checkpoint.partitionId}', not '${partition.id}'`);
  }
  const notBefore = checkpoint ? undefined : options.notBefore?.getTime();
  // Each key is parsed once: the listing holds every trail's digests of the account and Region.
  const listed = (await store.listKeys(bucket, partition.listPrefix, checkpoint?.lastKey))
    .filter((key) => !checkpoint || key > checkpoint.lastKey)
    .map((key) => parseDigestKey(key))
    .filter((digest): digest is DigestKey => digest !== undefined && isOf(partition, digest)
      && (notBefore === undefined || digest.endTime.getTime() >= notBefore))
    .map((digest) => digest.key)
    .sort();
  const keys = options.maxDigests === undefined ? listed : listed.slice(0, options.maxDigests);

  const findings: Finding[] = [];
  const validatedAt = options.now.toISOString();
  let last = checkpoint;
  let logFilesChecked = 0;
  let logFilesUnread = 0;
  for (const key of keys) {
    const digest = await checkDigest({ bucket, key, partition, publicKeys: options.publicKeys }, await store.getObject(bucket, key));
    findings.push(...digest.findings);
    if (digest.document) {
      const link = checkChainLink(partition, bucket, last, key, digest.document, options.loggingHistory);
      findings.push(...(Array.isArray(link) ? link : await link));
    }
    // Like the AWS CLI, only a trusted digest's list of log files is worth checking.
    if (digest.trusted && digest.document && options.checkLogFiles !== false) {
      const results = await mapWithConcurrency(digest.document.logFiles, options.logFileConcurrency ?? DEFAULT_LOG_FILE_CONCURRENCY,
        (logFile) => checkLogFile(store, partition.id, key, logFile));
      for (const result of results) {
        findings.push(...result.findings);
        if (result.read) logFilesChecked++; else logFilesUnread++;
      }
    }
    last = {
      partitionId: partition.id,
      lastKey: digest.chainKey ?? key,
      ...(digest.signature ? { lastSignature: digest.signature } : {}),
      ...(digest.sha256 ? { lastSha256: digest.sha256 } : {}),
      ...(digest.document ? { lastEndTime: digest.document.digestEndTime } : {}),
      validatedAt,
    };
  }
  const complete = keys.length === listed.length;
  if (complete) findings.push(...checkOverdue(partition, last, options.now, options.overdueAfterMs ?? DEFAULT_OVERDUE_AFTER_MS));
  return {
    partitionId: partition.id,
    findings,
    ...(last ? { checkpoint: last } : {}),
    digestsChecked: keys.length,
    logFilesChecked,
    logFilesUnread,
    complete,
  };
}
