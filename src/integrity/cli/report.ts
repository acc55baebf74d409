import { ExitCode, exitCodeOf } from './exit-code';
import { ValidateOptions } from './options';
import { Finding } from '../finding';
import { FindingType, Severity } from '../finding-type';
import { Partition } from '../partition';

/** One partition's line in the report. */
export interface PartitionSummary {
  readonly id: string;
  readonly accountId: string;
  readonly sourceRegion: string;
  readonly trailName: string;
  readonly chain: string;
  readonly digests: number;
  readonly logFiles: number;
  readonly logFilesUnread: number;
  readonly findings: number;
  /** Set when the partition could not be validated at all (an AWS call failed). */
  readonly error?: string;
}

/** The whole run, as written to JSON. Field names are part of the CLI's contract. */
export interface ValidationReport {
  readonly reportVersion: 1;
  readonly bucket: string;
  readonly prefix: string;
  readonly from: string;
  readonly to: string;
  readonly checkedLogFiles: boolean;
  readonly exitCode: ExitCode;
  readonly totals: {
    readonly partitions: number;
    readonly partitionsFailed: number;
    readonly digests: number;
    readonly logFiles: number;
    readonly logFilesUnread: number;
    readonly findings: number;
  };
  readonly findingsBySeverity: Partial<Record<Severity, number>>;
  readonly findingsByType: Partial<Record<FindingType, number>>;
  readonly partitions: PartitionSummary[];
  readonly findings: Finding[];
  readonly durationMs: number;
}

/** A partition's outcome as the runner collects it. */
export interface PartitionOutcome {
  readonly partition: Partition;
  readonly findings: Finding[];
  readonly digests: number;
  readonly logFiles: number;
  readonly logFilesUnread: number;
  readonly error?: string;
}

const SEVERITY_ORDER = [Severity.CRITICAL, Severity.HIGH, Severity.ERROR, Severity.WARNING];

/** Builds the report; `nothingFound` makes an empty run incomplete rather than clean. */
export function buildReport(options: ValidateOptions, outcomes: readonly PartitionOutcome[], durationMs: number): ValidationReport {
  const findings = outcomes.flatMap((o) => o.findings)
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const failed = outcomes.filter((o) => o.error !== undefined).length;
  const findingsBySeverity: Partial<Record<Severity, number>> = {};
  const findingsByType: Partial<Record<FindingType, number>> = {};
  for (const f of findings) {
    findingsBySeverity[f.severity] = (findingsBySeverity[f.severity] ?? 0) + 1;
    findingsByType[f.type] = (findingsByType[f.type] ?? 0) + 1;
  }
  return {
    reportVersion: 1,
    bucket: options.bucket,
    prefix: options.prefix,
    from: options.from.toISOString(),
    to: options.to.toISOString(),
    checkedLogFiles: options.checkLogFiles,
    exitCode: exitCodeOf(findings, failed > 0 || outcomes.length === 0),
    totals: {
      partitions: outcomes.length,
      partitionsFailed: failed,
      digests: sum(outcomes, (o) => o.digests),
      logFiles: sum(outcomes, (o) => o.logFiles),
      logFilesUnread: sum(outcomes, (o) => o.logFilesUnread),
      findings: findings.length,
    },
    findingsBySeverity,
    findingsByType,
    partitions: outcomes.map((o) => ({
      id: o.partition.id,
      accountId: o.partition.accountId,
      sourceRegion: o.partition.sourceRegion,
      trailName: o.partition.trailName,
      chain: o.partition.chain,
      digests: o.digests,
      logFiles: o.logFiles,
      logFilesUnread: o.logFilesUnread,
      findings: o.findings.length,
      ...(o.error !== undefined ? { error: o.error } : {}),
    })),
    findings,
    durationMs,
  };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

/** Left-aligned text table with a header rule. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const VERDICT: Record<ExitCode, string> = {
  [ExitCode.CLEAN]: 'CLEAN: every digest and log file in the window is intact',
  [ExitCode.INTEGRITY_FINDINGS]: 'INTEGRITY FINDINGS: evidence of tampering, deletion or a blind spot (exit 1)',
  [ExitCode.INCOMPLETE]: 'INCOMPLETE: no integrity finding, but not everything could be checked (exit 2)',
  [ExitCode.USAGE]: 'USAGE ERROR',
};

/** The text report: totals, partitions with findings, findings by type, the first findings, the verdict. */
export function formatReport(report: ValidationReport, maxFindings: number): string {
  const out: string[] = [];
  out.push(`Validated s3://${report.bucket}/${report.prefix ? `${report.prefix}/` : ''}AWSLogs/ from ${report.from} to ${report.to}`
    + (report.checkedLogFiles ? '' : ' (digests only, log files not read)'));
  out.push('');
  out.push(table(['partitions', 'failed', 'digests', 'log files', 'log files unread', 'findings', 'seconds'], [[
    String(report.totals.partitions), String(report.totals.partitionsFailed), String(report.totals.digests),
    String(report.totals.logFiles), String(report.totals.logFilesUnread), String(report.totals.findings),
    (report.durationMs / 1000).toFixed(1),
  ]]));
  const noisy = report.partitions.filter((p) => p.findings > 0 || p.error !== undefined);
  if (noisy.length > 0) {
    out.push('');
    out.push(table(['account', 'region', 'trail', 'chain', 'digests', 'log files', 'findings', 'error'],
      noisy.map((p) => [p.accountId, p.sourceRegion, p.trailName, p.chain, String(p.digests), String(p.logFiles), String(p.findings), p.error ?? ''])));
  }
  const types = Object.entries(report.findingsByType) as Array<[FindingType, number]>;
  if (types.length > 0) {
    out.push('');
    const severityOf = new Map(report.findings.map((f) => [f.type, f.severity]));
    out.push(table(['severity', 'finding', 'count'], types
      .sort(([a], [b]) => SEVERITY_ORDER.indexOf(severityOf.get(a)!) - SEVERITY_ORDER.indexOf(severityOf.get(b)!) || a.localeCompare(b))
      .map(([type, count]) => [severityOf.get(type)!, type, String(count)])));
    out.push('');
    for (const f of report.findings.slice(0, maxFindings)) {
      out.push(`${f.severity}\t${f.type}\t${f.objects[0] ?? f.partition}\t${f.message}`);
    }
    if (report.findings.length > maxFindings) out.push(`… ${report.findings.length - maxFindings} more finding(s): see the JSON report (--json)`);
  }
  out.push('');
  out.push(VERDICT[report.exitCode]);
  return out.join('\n') + '\n';
}
