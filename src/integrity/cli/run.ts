import { discover, PrefixLister, WindowedStore } from './discovery';
import { ValidateOptions } from './options';
import { Progress } from './progress';
import { buildReport, PartitionOutcome, ValidationReport } from './report';
import { mapWithConcurrency } from '../bounded-concurrency';
import { parseDigestKey } from '../digest-key';
import { validatePartition } from '../partition-validator';
import { LoggingHistory, ObjectStore, PublicKeyProvider } from '../ports';
import { PublicKeyLookup } from '../public-key-lookup';
import { SharedPublicKeys } from './shared-public-keys';

/** What the runner reads from: the AWS adapters in the CLI, fakes or a loopback server in tests. */
export interface RunDependencies {
  readonly store: ObjectStore;
  readonly lister: PrefixLister;
  readonly publicKeys: PublicKeyProvider;
  readonly progress: Progress;
  /** Wall clock, for the report's duration. */
  readonly clock?: () => number;
}

/**
 * The CLI has no logging history of its own: `GetTrailStatus` only knows the latest start and stop, and
 * `LookupEvents` only the last 90 days of one account and Region. So restarts are unexplained (CRITICAL) unless the
 * operator says they are expected (`--restarts-explained`), which makes them CHAIN_RESTART (HIGH): still exit 1.
 */
const EVERY_RESTART_EXPLAINED: LoggingHistory = { explainsChainRestart: async () => true };

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
    onRead: (key) => (parseDigestKey(key) ? deps.progress.digestRead() : deps.progress.logFileRead()),
  });
  const publicKeys = new PublicKeyLookup(new SharedPublicKeys(deps.publicKeys, { start: options.from, end: options.to }));
  deps.progress.start(discovery.partitions.length, discovery.digestCount);
  const outcomes = await mapWithConcurrency(discovery.partitions, options.concurrency, async (partition): Promise<PartitionOutcome> => {
    const label = `${partition.accountId} ${partition.sourceRegion} ${partition.trailName} ${partition.chain}`;
    try {
      const result = await validatePartition({
        bucket: options.bucket,
        partition,
        store,
        publicKeys,
        ...(options.restartsExplained ? { loggingHistory: EVERY_RESTART_EXPLAINED } : {}),
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

/** An AWS SDK error as `Name: message`, other errors by their message. */
export function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message ?? ''}` : String(e.message ?? error);
}
