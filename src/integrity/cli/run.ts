import { discover, PrefixLister, WindowedStore } from './discovery';
import { ValidateOptions } from './options';
import { Progress } from './progress';
import { buildReport, PartitionOutcome, ValidationReport } from './report';
import { mapWithConcurrency } from '../bounded-concurrency';
import { validatePartition } from '../partition-validator';
import { LoggingHistory, ObjectStore, PublicKeyProvider, TrailEventSource } from '../ports';
import { PublicKeyLookup } from '../public-key-lookup';
import { TrailEventHistory } from '../trail-event-history';
import { SharedPublicKeys } from './shared-public-keys';

/** What the runner reads from: the AWS adapters in the CLI, fakes or a loopback server in tests. */
export interface RunDependencies {
  readonly store: ObjectStore;
  readonly lister: PrefixLister;
  readonly publicKeys: PublicKeyProvider;
  readonly progress: Progress;
  /** The trails' management events, for `--explain-restarts-from-cloudtrail`. */
  readonly trailEvents?: TrailEventSource;
  /** Wall clock, for the report's duration and LookupEvents' 90 days. */
  readonly clock?: () => number;
}

/**
 * `--restarts-explained`: the operator says every restart in the window is expected, which makes them CHAIN_RESTART
 * (HIGH, still exit 1) instead of CHAIN_RESTART_UNEXPLAINED (CRITICAL). `--explain-restarts-from-cloudtrail` checks
 * each one against the trail's management events instead (`TrailEventHistory`).
 */
const EVERY_RESTART_EXPLAINED: LoggingHistory = {
  explainChainRestart: async () => ({ explained: true, reason: 'the operator said restarts are expected (--restarts-explained)' }),
};

/**
 * Discovers the partitions in the window and validates them with bounded parallelism (digests in order within a
 * partition, log files in parallel within a digest). Public keys are fetched once per Region and rotation for the
 * whole run. A partition whose validation throws (an AWS call failed) is reported with its error; the others go on.
 */
export async function runValidation(options: ValidateOptions, deps: RunDependencies): Promise<ValidationReport> {
  const clock = deps.clock ?? Date.now;
  const started = clock();
  const discovery = await discover(deps.lister, deps.store, {
    bucket: options.bucket,
    prefix: options.prefix,
    ...(options.organizationId ? { organizationId: options.organizationId } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
    ...(options.regions ? { regions: options.regions } : {}),
    from: options.from,
    to: options.to,
    concurrency: options.concurrency,
  });
  const store = new WindowedStore(deps.store, discovery.keysByListPrefix, {
    // Only the partitions' digest keys hold '/CloudTrail-Digest/' (log files sit under '/CloudTrail/').
    onRead: (key) => (key.includes('/CloudTrail-Digest/') ? deps.progress.digestRead() : deps.progress.logFileRead()),
  });
  const publicKeys = new PublicKeyLookup(new SharedPublicKeys(deps.publicKeys, { start: options.from, end: options.to }));
  const loggingHistory = loggingHistoryFor(options, deps, new Date(started));
  deps.progress.start(discovery.partitions.length, discovery.digestCount);
  const outcomes = await mapWithConcurrency(discovery.partitions, options.concurrency, async (partition): Promise<PartitionOutcome> => {
    const label = `${partition.accountId} ${partition.sourceRegion} ${partition.trailName} ${partition.chain}`;
    try {
      const result = await validatePartition({
        bucket: options.bucket,
        partition,
        store,
        publicKeys,
        ...(loggingHistory ? { loggingHistory } : {}),
        now: options.to,
        notBefore: options.from,
        checkLogFiles: options.checkLogFiles,
        logFileConcurrency: options.logFileConcurrency,
      });
      deps.progress.partitionDone(label, result.digestsChecked, result.logFilesChecked, result.findings.length);
      return {
        partition,
        findings: result.findings,
        digests: result.digestsChecked,
        logFiles: result.logFilesChecked,
        logFilesUnread: result.logFilesUnread,
      };
    } catch (error) {
      deps.progress.partitionDone(`${label} FAILED`, 0, 0, 0);
      return { partition, findings: [], digests: 0, logFiles: 0, logFilesUnread: 0, error: describe(error) };
    }
  });
  deps.progress.stop();
  return buildReport(options, outcomes, clock() - started);
}

function loggingHistoryFor(options: ValidateOptions, deps: RunDependencies, now: Date): LoggingHistory | undefined {
  if (options.restartsExplained) return EVERY_RESTART_EXPLAINED;
  if (!options.explainRestartsFromCloudTrail) return undefined;
  if (!deps.trailEvents) throw new Error('--explain-restarts-from-cloudtrail needs a source of trail events');
  return new TrailEventHistory(deps.trailEvents, now);
}

/** An AWS SDK error as `Name: message`, other errors by their message. */
export function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message ?? ''}` : String(e.message ?? error);
}
