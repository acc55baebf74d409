import { DEFAULT_CONCURRENCY, parseArgs, parseDuration, parseTime, UsageError, ValidateOptions } from '../../../src/integrity/cli/options';

const NOW = new Date('2026-11-30T12:00:00Z');

function parse(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const result = parseArgs(['validate', ...args], NOW, '1.2.3', (s) => out.push(s), (s) => err.push(s));
  return { result, out: out.join(''), err: err.join('') };
}

function options(...args: string[]): ValidateOptions {
  const { result } = parse(...args);
  if (result.kind !== 'run') throw new Error(`expected options, got exit ${result.code}`);
  return result.options;
}

describe('validate arguments', () => {
  test('defaults: a 7-day window ending now, every organization, account and Region, log files read', () => {
    expect(options('--bucket', 'b')).toEqual({
      bucket: 'b',
      prefix: '',
      from: new Date('2026-11-23T12:00:00Z'),
      to: NOW,
      concurrency: DEFAULT_CONCURRENCY,
      logFileConcurrency: 16,
      checkLogFiles: true,
      restartsExplained: false,
      explainRestartsFromCloudTrail: false,
      quiet: false,
      maxFindings: 50,
    });
  });

  test('every option', () => {
    expect(options(
      '-b', 'b', '-p', '/trail/prefix/', '-o', 'o-abcdefghij', '-a', '111122223333,444455556666', '-a', '111122223333',
      '-r', 'us-east-1', '-r', 'eu-west-1', '--from', '2026-11-01', '--to', '2026-11-02T06:00:00+01:00', '-c', '4',
      '--log-concurrency', '32', '--no-log-files', '--restarts-explained', '--json', 'out.json', '--region', 'eu-central-1',
      '--max-findings', '5', '-q',
    )).toEqual({
      bucket: 'b',
      prefix: 'trail/prefix',
      organizationId: 'o-abcdefghij',
      accounts: ['111122223333', '444455556666'],
      regions: ['us-east-1', 'eu-west-1'],
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T05:00:00Z'),
      concurrency: 4,
      logFileConcurrency: 32,
      checkLogFiles: false,
      restartsExplained: true,
      explainRestartsFromCloudTrail: false,
      jsonFile: 'out.json',
      region: 'eu-central-1',
      quiet: true,
      maxFindings: 5,
    });
  });

  test('--explain-restarts-from-cloudtrail', () => {
    expect(options('-b', 'b', '--explain-restarts-from-cloudtrail')).toMatchObject({ restartsExplained: false, explainRestartsFromCloudTrail: true });
  });

  test('--lookback sets the window back from --to', () => {
    expect(options('-b', 'b', '--to', '2026-11-10T00:00:00Z', '--lookback', '36h').from).toEqual(new Date('2026-11-08T12:00:00Z'));
  });

  test.each([
    [['--organization', 'O-123'], /'--organization' must look like 'o-'.*got 'O-123'/],
    [['--accounts', '1234'], /'--accounts' must be 12-digit account IDs, got '1234'/],
    [['--regions', 'US_EAST_1'], /'--regions' must be Region names like 'us-east-1', got 'US_EAST_1'/],
    [['--from', '2026-11-01T00:00:00'], /'--from' must be an ISO 8601 time with a zone/],
    [['--to', 'yesterdayZ'], /'--to' is not a valid time/],
    [['--lookback', '7w'], /'--lookback' must be a positive number followed by m, h or d/],
    [['--from', '2026-11-01', '--lookback', '1d'], /give '--from' or '--lookback', not both/],
    [['--from', '2026-11-02', '--to', '2026-11-01T00:00:00Z'], /'--from' \(2026-11-02T00:00:00.000Z\) must be before '--to'/],
    [['--restarts-explained', '--explain-restarts-from-cloudtrail'], /give '--restarts-explained' \(trust every restart\) or '--explain-restarts-from-cloudtrail' \(check each one\), not both/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parse('-b', 'b', ...args)).toThrow(UsageError);
    expect(() => parse('-b', 'b', ...args)).toThrow(message);
  });

  test('several problems are reported together', () => {
    expect(() => parse('-b', 'b', '--organization', 'x', '--accounts', '1')).toThrow(/'--organization'[\s\S]*\n'--accounts'/);
  });

  test.each([
    [['--concurrency', '0'], /'--concurrency' must be an integer from 1 to 1024, got '0'/],
    [['--concurrency', '2000'], /'--concurrency' must be an integer from 1 to 1024/],
    [['--unknown'], /unknown option '--unknown'/],
    [[], /required option '-b, --bucket <name>' not specified/],
  ])('commander rejects %j: exit 3 with its message', (args, message) => {
    const { result, err } = parse(...(args.length ? ['-b', 'b', ...args] : []));
    expect(result).toEqual({ kind: 'exit', code: 3 });
    expect(err).toMatch(message);
  });

  test('--help exits 0 and lists the options', () => {
    const { result, out } = parse('--help');
    expect(result).toEqual({ kind: 'exit', code: 0 });
    expect(out).toMatch(/--no-log-files/);
    expect(out).toMatch(/--restarts-explained/);
  });

  test('no command prints the help as an error: exit 3', () => {
    const err: string[] = [];
    expect(parseArgs([], NOW, '1', () => undefined, (s) => err.push(s))).toEqual({ kind: 'exit', code: 3 });
    expect(err.join('')).toMatch(/validate/);
  });

  test('--version', () => {
    const out: string[] = [];
    expect(parseArgs(['--version'], NOW, '1.2.3', (s) => out.push(s), () => undefined)).toEqual({ kind: 'exit', code: 0 });
    expect(out.join('')).toBe('1.2.3\n');
  });
});

describe('durations and times', () => {
  test.each([['90m', 5_400_000], ['24h', 86_400_000], ['7d', 604_800_000]])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  test.each(['0d', '1', 'd', '-1h', '1.5h'])('%s is rejected', (text) => expect(() => parseDuration(text)).toThrow(UsageError));
  test('a bare date is UTC midnight; offsets are honoured', () => {
    expect(parseTime('--from', '2026-02-28')).toEqual(new Date('2026-02-28T00:00:00Z'));
    expect(parseTime('--from', '2026-02-28T01:00:00-0200')).toEqual(new Date('2026-02-28T03:00:00Z'));
  });
});
