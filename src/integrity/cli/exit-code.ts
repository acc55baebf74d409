import { Finding } from '../finding';
import { Severity } from '../finding-type';

/**
 * The CLI's exit codes. 1 has the AWS CLI's meaning (something is invalid) plus the cases it lets through (gaps,
 * tail truncation, restarts); 2 means the run could not check everything and says nothing about tampering.
 */
export enum ExitCode {
  /** Every digest and log file in the window checked out (WARNING findings may be present). */
  CLEAN = 0,
  /** At least one CRITICAL or HIGH finding: tampering, deletion, or a blind spot in the chain. */
  INTEGRITY_FINDINGS = 1,
  /**
   * No CRITICAL or HIGH finding, but the validator could not check everything: ERROR findings (access denied,
   * archived objects, public keys), a partition whose validation failed, or nothing found to validate.
   */
  INCOMPLETE = 2,
  /** The command line is wrong; nothing was read. */
  USAGE = 3,
}

/** The exit code for a run's findings; `incomplete` when something could not be validated at all. */
export function exitCodeOf(findings: readonly Finding[], incomplete: boolean): ExitCode {
  if (findings.some((f) => f.severity === Severity.CRITICAL || f.severity === Severity.HIGH)) return ExitCode.INTEGRITY_FINDINGS;
  if (incomplete || findings.some((f) => f.severity === Severity.ERROR)) return ExitCode.INCOMPLETE;
  return ExitCode.CLEAN;
}
