import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

/** What `cdk-org-trail validate` was asked to do, checked and normalised. */
export interface ValidateOptions {
  readonly bucket: string;
  /** The trail's S3 key prefix without a trailing slash, or '' for none. */
  readonly prefix: string;
  /** Restrict to one organization's folder (`AWSLogs/o-…/`); otherwise every organization and account folder. */
  readonly organizationId?: string;
  /** Restrict to these accounts; otherwise every account found. */
  readonly accounts?: string[];
  /** Restrict to these source Regions; otherwise every Region found. */
  readonly regions?: string[];
  /** Digests whose end time is before this are not validated. */
  readonly from: Date;
  /** Digests whose end time is after this are not validated; also the time overdue digests are judged at. */
  readonly to: Date;
  /** Partitions validated at once. */
  readonly concurrency: number;
  /** Log files read at once within one partition. */
  readonly logFileConcurrency: number;
  readonly checkLogFiles: boolean;
  /** Treat every chain restart as explained by a logging stop and start (CHAIN_RESTART, HIGH). */
  readonly restartsExplained: boolean;
  /**
   * Explain each chain restart from the trail's management events (CloudTrail `LookupEvents` in the trail's home
   * Region, last 90 days, the calling account's events only).
   */
  readonly explainRestartsFromCloudTrail: boolean;
  /** Where to write the JSON report; '-' for standard output. */
  readonly jsonFile?: string;
  /** The bucket's Region for the S3 client; otherwise the SDK's default chain. */
  readonly region?: string;
  readonly quiet: boolean;
  /** How many findings the text report lists (all of them are in the JSON). */
  readonly maxFindings: number;
}

/** A command line that cannot be run: exit code 3 with this message. */
export class UsageError extends Error {}

/** The outcome of parsing: options to run, or text already printed by commander (`--help`, `--version`). */
export type ParseResult = { readonly kind: 'run'; readonly options: ValidateOptions } | { readonly kind: 'exit'; readonly code: number };

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const DURATION = /^(\d+)([mhd])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** The default window: a week, the continuous validator's first-run lookback too. */
export const DEFAULT_LOOKBACK = '7d';
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_LOG_FILE_CONCURRENCY = 16;

function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || +value < 1 || +value > 1024) throw new InvalidArgumentError(`'${name}' must be an integer from 1 to 1024, got '${value}'`);
    return +value;
  };
}

function list(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter((v) => v.length > 0)];
}

/** Parses a duration like `90m`, `24h` or `7d` into milliseconds. */
export function parseDuration(value: string): number {
  const m = DURATION.exec(value);
  if (!m || +m[1] === 0) throw new UsageError(`'--lookback' must be a positive number followed by m, h or d (e.g. 24h, 7d), got '${value}'`);
  return +m[1] * UNIT_MS[m[2]];
}

/** Parses an ISO 8601 time with an explicit zone (or a bare date, read as UTC midnight). */
export function parseTime(name: string, value: string): Date {
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!bareDate && !/(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    throw new UsageError(`'${name}' must be an ISO 8601 time with a zone (e.g. 2026-11-01T00:00:00Z) or a date, got '${value}'`);
  }
  const time = new Date(bareDate ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time.getTime())) throw new UsageError(`'${name}' is not a valid time, got '${value}'`);
  return time;
}

/** The `cdk-org-trail` program; `write*` receive commander's own output (help, errors). */
export function buildProgram(version: string, writeOut: (s: string) => void, writeErr: (s: string) => void): Command {
  const program = new Command('cdk-org-trail')
    .description('Tools for the archive of a cdk-org-trail organization trail')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut, writeErr });
  program.command('validate')
    .description('Validate the CloudTrail digest chains and log files of every account and Region in an archive bucket')
    .requiredOption('-b, --bucket <name>', 'archive bucket')
    .option('-p, --prefix <prefix>', "the trail's S3 key prefix (the part before AWSLogs/)", '')
    .option('-o, --organization <o-id>', 'only this organization folder (AWSLogs/o-…/); default: every organization and account folder')
    .option('-a, --accounts <ids>', 'only these accounts (comma-separated, repeatable)', list)
    .option('-r, --regions <regions>', 'only these source Regions (comma-separated, repeatable)', list)
    .option('--from <time>', 'first digest end time to validate (ISO 8601 with zone, or YYYY-MM-DD)')
    .option('--to <time>', 'last digest end time to validate, and the time overdue digests are judged at (default: now)')
    .option('--lookback <duration>', `window length when --from is not given (e.g. 24h, 30d; default ${DEFAULT_LOOKBACK})`)
    .addOption(new Option('-c, --concurrency <n>', 'partitions validated at once').argParser(positiveInt('--concurrency')).default(DEFAULT_CONCURRENCY))
    .addOption(new Option('--log-concurrency <n>', 'log files read at once per partition')
      .argParser(positiveInt('--log-concurrency')).default(DEFAULT_LOG_FILE_CONCURRENCY))
    .option('--no-log-files', 'check digests and chains only, do not read log files')
    .option('--restarts-explained', 'report chain restarts as CHAIN_RESTART (HIGH) instead of CHAIN_RESTART_UNEXPLAINED (CRITICAL)', false)
    .option('--explain-restarts-from-cloudtrail', 'report a chain restart as CHAIN_RESTART (HIGH) only when the trail\'s management events show it was '
      + 'stopped and started (CloudTrail LookupEvents in its home Region: last 90 days, the calling account only; needs cloudtrail:LookupEvents)', false)
    .option('--json <file>', "write the full report as JSON to <file> ('-' for standard output)")
    .option('--region <region>', "the bucket's Region (default: the AWS SDK's, e.g. AWS_REGION)")
    .addOption(new Option('--max-findings <n>', 'findings listed in the text report').argParser(positiveInt('--max-findings')).default(50))
    .option('-q, --quiet', 'no progress output', false);
  return program;
}

interface RawOptions {
  bucket: string;
  prefix: string;
  organization?: string;
  accounts?: string[];
  regions?: string[];
  from?: string;
  to?: string;
  lookback?: string;
  concurrency: number;
  logConcurrency: number;
  logFiles: boolean;
  restartsExplained: boolean;
  explainRestartsFromCloudtrail: boolean;
  json?: string;
  region?: string;
  maxFindings: number;
  quiet: boolean;
}

/**
 * Parses `argv` (without node and the script). Problems commander finds are printed by commander; problems with
 * values are thrown as `UsageError`, collected into one message.
 */
export function parseArgs(argv: string[], now: Date, version: string, writeOut: (s: string) => void, writeErr: (s: string) => void): ParseResult {
  const program = buildProgram(version, writeOut, writeErr);
  let raw: RawOptions | undefined;
  program.commands[0].action((opts: RawOptions) => { raw = opts; });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return { kind: 'exit', code: error.exitCode === 0 ? 0 : 3 };
    }
    throw error;
  }
  if (!raw) {
    program.outputHelp({ error: true });
    return { kind: 'exit', code: 3 };
  }
  return { kind: 'run', options: normalise(raw, now) };
}

function normalise(raw: RawOptions, now: Date): ValidateOptions {
  const problems: string[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  if (raw.organization !== undefined && !ORGANIZATION.test(raw.organization)) {
    problems.push(`'--organization' must look like 'o-' followed by 10-32 lowercase letters or digits, got '${raw.organization}'`);
  }
  for (const account of raw.accounts ?? []) {
    if (!ACCOUNT.test(account)) problems.push(`'--accounts' must be 12-digit account IDs, got '${account}'`);
  }
  for (const region of raw.regions ?? []) {
    if (!REGION.test(region)) problems.push(`'--regions' must be Region names like 'us-east-1', got '${region}'`);
  }
  if (raw.from !== undefined && raw.lookback !== undefined) problems.push("give '--from' or '--lookback', not both");
  const to = raw.to === undefined ? now : attempt(() => parseTime('--to', raw.to!));
  const lookback = attempt(() => parseDuration(raw.lookback ?? DEFAULT_LOOKBACK));
  const from = raw.from !== undefined ? attempt(() => parseTime('--from', raw.from!))
    : to && lookback ? new Date(to.getTime() - lookback) : undefined;
  if (from && to && from.getTime() >= to.getTime()) problems.push(`'--from' (${from.toISOString()}) must be before '--to' (${to.toISOString()})`);
  if (raw.bucket.trim() === '') problems.push("'--bucket' must not be empty");
  if (raw.restartsExplained && raw.explainRestartsFromCloudtrail) {
    problems.push("give '--restarts-explained' (trust every restart) or '--explain-restarts-from-cloudtrail' (check each one), not both");
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return {
    bucket: raw.bucket,
    prefix: raw.prefix.replace(/^\/+|\/+$/g, ''),
    ...(raw.organization ? { organizationId: raw.organization } : {}),
    ...(raw.accounts?.length ? { accounts: [...new Set(raw.accounts)] } : {}),
    ...(raw.regions?.length ? { regions: [...new Set(raw.regions)] } : {}),
    from: from!,
    to: to!,
    concurrency: raw.concurrency,
    logFileConcurrency: raw.logConcurrency,
    checkLogFiles: raw.logFiles,
    restartsExplained: raw.restartsExplained,
    explainRestartsFromCloudTrail: raw.explainRestartsFromCloudtrail,
    ...(raw.json !== undefined ? { jsonFile: raw.json } : {}),
    ...(raw.region !== undefined ? { region: raw.region } : {}),
    quiet: raw.quiet,
    maxFindings: raw.maxFindings,
  };
}
