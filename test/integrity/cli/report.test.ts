import { ExitCode, exitCodeOf } from '../../../src/integrity/cli/exit-code';
import { ValidateOptions } from '../../../src/integrity/cli/options';
import { buildReport, formatReport, PartitionOutcome, table } from '../../../src/integrity/cli/report';
import { DigestChain } from '../../../src/integrity/digest-key';
import { finding } from '../../../src/integrity/finding';
import { FindingType, Severity } from '../../../src/integrity/finding-type';
import { Partition } from '../../../src/integrity/partition';

const OPTIONS: ValidateOptions = {
  bucket: 'archive',
  prefix: 'org',
  from: new Date('2026-11-01T00:00:00Z'),
  to: new Date('2026-11-02T00:00:00Z'),
  concurrency: 8,
  logFileConcurrency: 8,
  checkLogFiles: true,
  restartsExplained: false,
  explainRestartsFromCloudTrail: false,
  quiet: true,
  maxFindings: 2,
};

function partition(accountId: string, sourceRegion: string): Partition {
  const listPrefix = `org/AWSLogs/o-abcdefghij/${accountId}/CloudTrail-Digest/${sourceRegion}/`;
  return {
    id: `${listPrefix}#org-trail#us-east-1#standard`,
    keyPrefix: 'org/',
    organizationId: 'o-abcdefghij',
    accountId,
    sourceRegion,
    trailName: 'org-trail',
    homeRegion: 'us-east-1',
    chain: DigestChain.STANDARD,
    listPrefix,
  };
}

const A = partition('111122223333', 'us-east-1');
const B = partition('444455556666', 'eu-west-1');
const f = (type: FindingType, p: Partition, key: string) => finding(type, p.id, [key], `${type} at ${key}`);

describe('exit codes', () => {
  test.each([
    [[], false, ExitCode.CLEAN],
    [[FindingType.TIME_DISCONTINUITY], false, ExitCode.CLEAN],
    [[FindingType.LOG_ARCHIVED, FindingType.TIME_DISCONTINUITY], false, ExitCode.INCOMPLETE],
    [[], true, ExitCode.INCOMPLETE],
    [[FindingType.DIGEST_OVERDUE], false, ExitCode.INTEGRITY_FINDINGS],
    [[FindingType.CHAIN_RESTART], true, ExitCode.INTEGRITY_FINDINGS],
    [[FindingType.LOG_ACCESS_DENIED, FindingType.CHAIN_GAP], false, ExitCode.INTEGRITY_FINDINGS],
  ])('%j, incomplete %s → %s', (types, incomplete, code) => {
    expect(exitCodeOf(types.map((t) => f(t, A, 'k')), incomplete)).toBe(code);
  });

  test('the documented numbers', () => {
    expect([ExitCode.CLEAN, ExitCode.INTEGRITY_FINDINGS, ExitCode.INCOMPLETE, ExitCode.USAGE]).toEqual([0, 1, 2, 3]);
  });
});

describe('report', () => {
  const outcomes: PartitionOutcome[] = [
    { partition: A, findings: [f(FindingType.LOG_ARCHIVED, A, 'log1'), f(FindingType.CHAIN_GAP, A, 'digest5')], digests: 24, logFiles: 47, logFilesUnread: 1 },
    { partition: B, findings: [f(FindingType.LOG_HASH_MISMATCH, B, 'log9')], digests: 24, logFiles: 48, logFilesUnread: 0 },
    { partition: partition('777788889999', 'us-east-1'), findings: [], digests: 0, logFiles: 0, logFilesUnread: 0, error: 'AccessDenied: no' },
  ];
  const report = buildReport(OPTIONS, outcomes, 1234);

  test('totals, counts by severity and type, findings most severe first', () => {
    expect(report).toMatchObject({
      reportVersion: 1,
      bucket: 'archive',
      prefix: 'org',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      exitCode: ExitCode.INTEGRITY_FINDINGS,
      totals: { partitions: 3, partitionsFailed: 1, digests: 48, logFiles: 95, logFilesUnread: 1, findings: 3 },
      findingsBySeverity: { CRITICAL: 2, ERROR: 1 },
      findingsByType: { CHAIN_GAP: 1, LOG_HASH_MISMATCH: 1, LOG_ARCHIVED: 1 },
      durationMs: 1234,
    });
    expect(report.findings.map((x) => x.severity)).toEqual([Severity.CRITICAL, Severity.CRITICAL, Severity.ERROR]);
    expect(report.partitions[2]).toMatchObject({ accountId: '777788889999', error: 'AccessDenied: no', findings: 0 });
  });

  test('the text report: totals, the partitions with findings or errors, findings by type, the first findings, the verdict', () => {
    const text = formatReport(report, 2);
    expect(text).toBe([
      'Validated s3://archive/org/AWSLogs/ from 2026-11-01T00:00:00.000Z to 2026-11-02T00:00:00.000Z',
      '',
      'partitions  failed  digests  log files  log files unread  findings  seconds',
      '----------  ------  -------  ---------  ----------------  --------  -------',
      '3           1       48       95         1                 3         1.2',
      '',
      'account       region     trail      chain     digests  log files  findings  error',
      '------------  ---------  ---------  --------  -------  ---------  --------  ----------------',
      '111122223333  us-east-1  org-trail  standard  24       47         2',
      '444455556666  eu-west-1  org-trail  standard  24       48         1',
      '777788889999  us-east-1  org-trail  standard  0        0          0         AccessDenied: no',
      '',
      'severity  finding            count',
      '--------  -----------------  -----',
      'CRITICAL  CHAIN_GAP          1',
      'CRITICAL  LOG_HASH_MISMATCH  1',
      'ERROR     LOG_ARCHIVED       1',
      '',
      'CRITICAL\tCHAIN_GAP\tdigest5\tCHAIN_GAP at digest5',
      'CRITICAL\tLOG_HASH_MISMATCH\tlog9\tLOG_HASH_MISMATCH at log9',
      '… 1 more finding(s): see the JSON report (--json)',
      '',
      'INTEGRITY FINDINGS: evidence of tampering, deletion or a blind spot (exit 1)',
      '',
    ].join('\n'));
  });

  test('a clean run says so and lists no partition; digests-only runs say log files were not read', () => {
    const clean = buildReport({ ...OPTIONS, prefix: '', checkLogFiles: false }, [{ partition: A, findings: [], digests: 3, logFiles: 0, logFilesUnread: 0 }], 10);
    const text = formatReport(clean, 50);
    expect(clean.exitCode).toBe(ExitCode.CLEAN);
    expect(text).toMatch(/^Validated s3:\/\/archive\/AWSLogs\/ .* \(digests only, log files not read\)$/m);
    expect(text).not.toMatch(/account/);
    expect(text.trimEnd().split('\n').pop()).toBe('CLEAN: every digest and log file in the window is intact');
  });

  test('nothing to validate is incomplete, not clean', () => {
    expect(buildReport(OPTIONS, [], 1).exitCode).toBe(ExitCode.INCOMPLETE);
  });

  test('table pads columns to the widest cell', () => {
    expect(table(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\n---  --\nccc  d');
  });
});
