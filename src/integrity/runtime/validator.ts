import { Checkpoint } from '../checkpoint';
import { parseDigestKey } from '../digest-key';
import { Finding } from '../finding';
import { FindingType, Severity } from '../finding-type';
import { discoverPartitions, Partition, partitionOf } from '../partition';
import { validatePartition } from '../partition-validator';
import { LoggingHistory, ObjectStore, PublicKeyProvider, TrailEventSource } from '../ports';
import { PublicKeyLookup } from '../public-key-lookup';
import { TrailEventHistory } from '../trail-event-history';

/**
 * The continuous validator's logic, without AWS: the Lambda entry point (`validator.lambda.ts`) wires the AWS
 * adapters into `createValidatorHandler`; the tests wire in-memory ones.
 */

/** The CloudWatch namespace of the validator's metrics (Embedded Metric Format in the function's log). */
export const METRIC_NAMESPACE = 'CdkOrgTrail/Integrity';

/** Metric names. `IntegrityFindings` counts every finding but warnings; the alarm watches it. */
export const METRICS = {
  integrityFindings: 'IntegrityFindings',
  findings: 'Findings',
  digestsValidated: 'DigestsValidated',
  logFilesValidated: 'LogFilesValidated',
} as const;

/** A stored checkpoint and the version to compare-and-swap against. */
export interface VersionedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** Opaque version (the S3 ETag); passed back to `save` so a concurrent run cannot be overwritten. */
  readonly version: string;
}

/** Where the validator keeps one checkpoint per partition. */
export interface CheckpointStore {
  load(partitionId: string): Promise<VersionedCheckpoint | undefined>;
  /**
   * Writes the checkpoint only if the stored one still has `expectedVersion` (undefined: only if none exists).
   * Returns the new version, or undefined when another run got there first (S3 412 Precondition Failed).
   */
  save(checkpoint: Checkpoint, expectedVersion: string | undefined): Promise<string | undefined>;
  /** The last digest key of every partition with a checkpoint (to sweep partitions that went silent). */
  listLastKeys(): Promise<string[]>;
}

/** Listing "folders" of the archive (S3 `ListObjectsV2` with `Delimiter: '/'`). */
export interface FolderLister {
  /** The common prefixes directly under `prefix`, each ending in `/`. */
  listFolders(bucket: string, prefix: string): Promise<string[]>;
}

/** What the handler is configured with (the function's environment). */
export interface ValidatorConfig {
  readonly bucket: string;
  /** `[prefix/]AWSLogs/[o-id/]`: the folder whose sub-folders are the member accounts. */
  readonly accountsRoot: string;
  /** Source Regions to sweep; empty: the Regions found under each account's `CloudTrail-Digest/`. */
  readonly sourceRegions: string[];
  /** Only this trail's partitions (several trails can write the same prefix); undefined: all. */
  readonly trailName?: string;
  /** Only partitions of trails with this home Region; undefined: all. */
  readonly homeRegion?: string;
  /** How far back a partition without a checkpoint starts. */
  readonly lookbackMs: number;
  /** Digests per `validatePartition` call between checkpoints. @default 24 */
  readonly digestsPerStep?: number;
  /** Stop starting new work when less than this remains of the invocation. @default 60_000 */
  readonly reserveMs?: number;
}

/** A required environment variable, or an error naming it. */
export function requiredEnvironment(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Reads the configuration `ContinuousValidation` sets in the function's environment. */
export function configFromEnvironment(env: NodeJS.ProcessEnv): ValidatorConfig {
  return {
    bucket: requiredEnvironment(env, 'ARCHIVE_BUCKET'),
    accountsRoot: requiredEnvironment(env, 'ACCOUNTS_ROOT'),
    sourceRegions: (env.SOURCE_REGIONS ?? '').split(',').map((region) => region.trim()).filter((region) => region !== ''),
    ...(env.TRAIL_NAME ? { trailName: env.TRAIL_NAME } : {}),
    ...(env.HOME_REGION ? { homeRegion: env.HOME_REGION } : {}),
    lookbackMs: Number(requiredEnvironment(env, 'LOOKBACK_HOURS')) * 3_600_000,
  };
}

/** Everything the handler needs from outside. */
export interface ValidatorDependencies {
  readonly config: ValidatorConfig;
  readonly store: ObjectStore;
  readonly folders: FolderLister;
  readonly publicKeys: PublicKeyProvider;
  readonly checkpoints: CheckpointStore;
  /**
   * The trail's management events (CloudTrail `LookupEvents` in its home Region), to explain chain restarts.
   * @default - every chain restart is CHAIN_RESTART_UNEXPLAINED
   */
  readonly trailEvents?: TrailEventSource;
  /** Where EMF documents and findings are written. @default console.log */
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
}

/** The SQS batch shape the handler reads (a subset of `aws-lambda`'s `SQSEvent`). */
export interface ValidatorSqsEvent {
  readonly Records: Array<{ readonly messageId: string; readonly body: string }>;
}

/** An EventBridge event: S3 `Object Created` or the hourly `Scheduled Event`. */
interface EventBridgeEvent {
  readonly 'detail-type'?: string;
  readonly 'source'?: string;
  readonly 'detail'?: { readonly bucket?: { readonly name?: string }; readonly object?: { readonly key?: string } };
}

/** SQS partial batch response. */
export interface ValidatorBatchResponse {
  readonly batchItemFailures: Array<{ readonly itemIdentifier: string }>;
}

/** The Lambda context members the handler uses. */
export interface ValidatorContext {
  getRemainingTimeInMillis(): number;
}

/** What one invocation did, also logged as the EMF document. */
export interface ValidatorRunSummary {
  partitions: number;
  digestsValidated: number;
  logFilesValidated: number;
  findings: Finding[];
  /** Partitions left for a later run (time budget, or a concurrent run owned the checkpoint). */
  unfinished: string[];
}

/**
 * Builds the function handler: SQS records carry EventBridge events, either S3 `Object Created` for a digest (validate
 * that digest's partition) or the hourly `Scheduled Event` (sweep every partition, which also finds overdue ones).
 * A direct `Scheduled Event` invocation sweeps too. Records that could not be finished are returned as
 * `batchItemFailures`, so SQS delivers them again and the next run resumes from the checkpoints.
 */
export function createValidatorHandler(deps: ValidatorDependencies) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const now = deps.now ?? (() => new Date());
  return async (event: ValidatorSqsEvent | EventBridgeEvent, context: ValidatorContext): Promise<ValidatorBatchResponse | ValidatorRunSummary> => {
    // One key lookup and one event history per invocation: both cache across partitions.
    const started = now();
    const history = deps.trailEvents ? new TrailEventHistory(deps.trailEvents, started) : undefined;
    const run = new Run(deps, new PublicKeyLookup(deps.publicKeys), history, context, started, log);
    if (!('Records' in event)) {
      await run.sweep();
      run.emit();
      return run.summary;
    }
    const failures: string[] = [];
    for (const record of event.Records) {
      const done = await run.handle(parseBody(record.body));
      if (!done) failures.push(record.messageId);
    }
    run.emit();
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

function parseBody(body: string): EventBridgeEvent {
  try {
    return JSON.parse(body) as EventBridgeEvent;
  } catch {
    return {};
  }
}

class Run {
  public readonly summary: ValidatorRunSummary = { partitions: 0, digestsValidated: 0, logFilesValidated: 0, findings: [], unfinished: [] };
  /** Partitions validated to the end in this invocation: duplicate deliveries in one batch cost nothing. */
  private readonly completed = new Set<string>();

  constructor(
    private readonly deps: ValidatorDependencies,
    private readonly keys: PublicKeyLookup,
    private readonly loggingHistory: LoggingHistory | undefined,
    private readonly context: ValidatorContext,
    private readonly now: Date,
    private readonly log: (line: string) => void,
  ) {}

  /** True when the record's work is done (or there was nothing to do). */
  public async handle(event: EventBridgeEvent): Promise<boolean> {
    if (event['detail-type'] === 'Scheduled Event') return this.sweep();
    const key = event.detail?.object?.key;
    const bucket = event.detail?.bucket?.name;
    if (event['detail-type'] !== 'Object Created' || !key || bucket !== this.deps.config.bucket) {
      this.log(JSON.stringify({ level: 'WARN', message: 'ignored a message that is neither a digest arrival in the archive nor the sweep', event }));
      return true;
    }
    const digest = parseDigestKey(key);
    if (!digest || !this.wanted(partitionOf(digest))) return true;
    return this.validate(partitionOf(digest));
  }

  /** Every partition: those found under the accounts root within the lookback, and those with a checkpoint. */
  public async sweep(): Promise<boolean> {
    const partitions = new Map<string, Partition>();
    for (const partition of await this.discover()) partitions.set(partition.id, partition);
    for (const partition of discoverPartitions(await this.deps.checkpoints.listLastKeys())) partitions.set(partition.id, partition);
    let done = true;
    for (const partition of [...partitions.values()].filter((p) => this.wanted(p)).sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (!await this.validate(partition)) done = false;
    }
    return done;
  }

  /** Logs the findings and one EMF document per finding type present, plus the totals. */
  public emit(): void {
    const { findings } = this.summary;
    for (const found of findings) this.log(JSON.stringify({ level: found.severity, finding: found }));
    const timestamp = this.now.getTime();
    const integrity = findings.filter((f) => f.severity !== Severity.WARNING).length;
    this.log(JSON.stringify({
      _aws: {
        Timestamp: timestamp,
        CloudWatchMetrics: [{
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[]],
          Metrics: [
            { Name: METRICS.integrityFindings, Unit: 'Count' },
            { Name: METRICS.digestsValidated, Unit: 'Count' },
            { Name: METRICS.logFilesValidated, Unit: 'Count' },
          ],
        }],
      },
      [METRICS.integrityFindings]: integrity,
      [METRICS.digestsValidated]: this.summary.digestsValidated,
      [METRICS.logFilesValidated]: this.summary.logFilesValidated,
      partitions: this.summary.partitions,
      unfinished: this.summary.unfinished,
    }));
    // Per type only when present: a custom metric is billed once it exists, so the 20 types cost nothing until found.
    const counts = new Map<FindingType, number>();
    for (const found of findings) counts.set(found.type, (counts.get(found.type) ?? 0) + 1);
    for (const [type, count] of [...counts.entries()].sort()) {
      this.log(JSON.stringify({
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['FindingType']], Metrics: [{ Name: METRICS.findings, Unit: 'Count' }] }],
        },
        FindingType: type,
        [METRICS.findings]: count,
      }));
    }
  }

  private wanted(partition: Partition): boolean {
    const { trailName, homeRegion, sourceRegions } = this.deps.config;
    return (trailName === undefined || partition.trailName === trailName)
      && (homeRegion === undefined || partition.homeRegion === homeRegion)
      && (sourceRegions.length === 0 || sourceRegions.includes(partition.sourceRegion))
      && partition.listPrefix.startsWith(this.deps.config.accountsRoot);
  }

  /** Partitions with a digest within the lookback: account folders, then Region folders, then recent day folders. */
  private async discover(): Promise<Partition[]> {
    const { bucket, accountsRoot, sourceRegions } = this.deps.config;
    const since = new Date(this.now.getTime() - this.deps.config.lookbackMs);
    const startAfter = `${since.getUTCFullYear()}/${pad(since.getUTCMonth() + 1)}/${pad(since.getUTCDate())}/`;
    const keys: string[] = [];
    for (const account of await this.deps.folders.listFolders(bucket, accountsRoot)) {
      if (!/^\d{12}\/$/.test(account.slice(accountsRoot.length))) continue;
      const digestRoot = `${account}CloudTrail-Digest/`;
      const regions = sourceRegions.length > 0
        ? sourceRegions.map((region) => `${digestRoot}${region}/`)
        : await this.deps.folders.listFolders(bucket, digestRoot);
      for (const region of regions) {
        // Keys sort by their date folders, so starting after the lookback's first day skips older digests unread.
        keys.push(...await this.deps.store.listKeys(bucket, region, `${region}${startAfter.slice(0, -1)}`));
      }
    }
    return discoverPartitions(keys);
  }

  /** Walks one partition from its checkpoint, saving after each step; false when it must continue later. */
  private async validate(partition: Partition): Promise<boolean> {
    if (this.completed.has(partition.id)) return true;
    this.summary.partitions++;
    const { config } = this.deps;
    const reserve = config.reserveMs ?? 60_000;
    let stored = await this.deps.checkpoints.load(partition.id);
    for (;;) {
      if (this.context.getRemainingTimeInMillis() < reserve) {
        this.summary.unfinished.push(partition.id);
        return false;
      }
      const result = await validatePartition({
        bucket: config.bucket,
        partition,
        store: this.deps.store,
        publicKeys: this.keys,
        ...(this.loggingHistory ? { loggingHistory: this.loggingHistory } : {}),
        checkpoint: stored?.checkpoint,
        now: this.now,
        notBefore: new Date(this.now.getTime() - config.lookbackMs),
        maxDigests: config.digestsPerStep ?? 24,
      });
      if (result.checkpoint && result.digestsChecked > 0) {
        const version = await this.deps.checkpoints.save(result.checkpoint, stored?.version);
        if (version === undefined) {
          // Another invocation advanced this partition: its findings are its own; retry from its checkpoint later.
          this.summary.unfinished.push(partition.id);
          return false;
        }
        stored = { checkpoint: result.checkpoint, version };
      }
      this.summary.findings.push(...result.findings);
      this.summary.digestsValidated += result.digestsChecked;
      this.summary.logFilesValidated += result.logFilesChecked;
      if (result.complete) {
        this.completed.add(partition.id);
        return true;
      }
    }
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
