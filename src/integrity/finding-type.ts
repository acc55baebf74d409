/**
 * What the validation core can find. One value per distinct thing an operator must do something about, so that
 * metrics and alarms can count them separately.
 *
 * String values (not numbers) because findings are written to JSON, logs and metric names.
 */
export enum FindingType {
  /** A digest is not a single gzip stream of a JSON object with the keys CloudTrail always writes. */
  DIGEST_INVALID_FORMAT = 'DIGEST_INVALID_FORMAT',
  /** The digest says it was written to another bucket or key than the one it was read from. */
  DIGEST_MOVED = 'DIGEST_MOVED',
  /** The signature is missing from the object metadata, uses another algorithm, or does not verify. */
  DIGEST_SIGNATURE_INVALID = 'DIGEST_SIGNATURE_INVALID',
  /** A digest that was listed could not be read any more (deleted between listing and reading). */
  DIGEST_MISSING = 'DIGEST_MISSING',
  /** A digest is in a storage class that must be restored before it can be read. */
  DIGEST_ARCHIVED = 'DIGEST_ARCHIVED',
  /** The validator is not allowed to read a digest. */
  DIGEST_ACCESS_DENIED = 'DIGEST_ACCESS_DENIED',
  /** No public key with the digest's fingerprint is valid around the digest's time in its source Region. */
  PUBLIC_KEY_NOT_FOUND = 'PUBLIC_KEY_NOT_FOUND',
  /** A public key was found but its bytes do not hash to the fingerprint, or cannot be parsed as an RSA key. */
  PUBLIC_KEY_INVALID = 'PUBLIC_KEY_INVALID',
  /** The digest points to a previous digest that is not the last one validated: digests were deleted. */
  CHAIN_GAP = 'CHAIN_GAP',
  /** The previous digest is the right object but its signature or hash differs from what the chain recorded. */
  CHAIN_MISMATCH = 'CHAIN_MISMATCH',
  /** A new chain started (previous fields null) at a time when logging was known to be stopped and restarted. */
  CHAIN_RESTART = 'CHAIN_RESTART',
  /** A new chain started and nothing known about the trail explains it. */
  CHAIN_RESTART_UNEXPLAINED = 'CHAIN_RESTART_UNEXPLAINED',
  /** The chain links are intact but a digest does not start where the previous one ended. */
  TIME_DISCONTINUITY = 'TIME_DISCONTINUITY',
  /** No digest arrived although one was due: the newest digests were deleted or delivery stopped. */
  DIGEST_OVERDUE = 'DIGEST_OVERDUE',
  /** A log file listed in a valid digest does not exist. */
  LOG_MISSING = 'LOG_MISSING',
  /** The SHA-256 of a log file's decompressed bytes is not the one in the digest. */
  LOG_HASH_MISMATCH = 'LOG_HASH_MISMATCH',
  /** Bytes follow the end of a log file's gzip stream (appended data is how the AWS CLI defines tampering). */
  LOG_TRAILING_DATA = 'LOG_TRAILING_DATA',
  /** A log file is not a complete gzip stream (truncated, corrupted, or not gzip at all). */
  LOG_INVALID_FORMAT = 'LOG_INVALID_FORMAT',
  /** A log file is in a storage class that must be restored before it can be read: not checked, not tampered. */
  LOG_ARCHIVED = 'LOG_ARCHIVED',
  /** The validator is not allowed to read a log file. */
  LOG_ACCESS_DENIED = 'LOG_ACCESS_DENIED',
}

/** How urgent a finding is. */
export enum Severity {
  /** Evidence of tampering or deletion: page someone. */
  CRITICAL = 'CRITICAL',
  /** A blind spot that is not tampering by itself (logging was off, digests stopped arriving). */
  HIGH = 'HIGH',
  /** The validator could not check something (permissions, cold storage, keys): operator action. */
  ERROR = 'ERROR',
  /** Unusual but consistent with a valid chain. */
  WARNING = 'WARNING',
}

/**
 * The severity of each finding type, in one place so that the CLI, the function and the docs agree.
 */
export const SEVERITY_OF: Readonly<Record<FindingType, Severity>> = {
  [FindingType.DIGEST_INVALID_FORMAT]: Severity.CRITICAL,
  [FindingType.DIGEST_MOVED]: Severity.CRITICAL,
  [FindingType.DIGEST_SIGNATURE_INVALID]: Severity.CRITICAL,
  [FindingType.DIGEST_MISSING]: Severity.CRITICAL,
  [FindingType.DIGEST_ARCHIVED]: Severity.ERROR,
  [FindingType.DIGEST_ACCESS_DENIED]: Severity.ERROR,
  [FindingType.PUBLIC_KEY_NOT_FOUND]: Severity.ERROR,
  [FindingType.PUBLIC_KEY_INVALID]: Severity.ERROR,
  [FindingType.CHAIN_GAP]: Severity.CRITICAL,
  [FindingType.CHAIN_MISMATCH]: Severity.CRITICAL,
  [FindingType.CHAIN_RESTART]: Severity.HIGH,
  [FindingType.CHAIN_RESTART_UNEXPLAINED]: Severity.CRITICAL,
  [FindingType.TIME_DISCONTINUITY]: Severity.WARNING,
  [FindingType.DIGEST_OVERDUE]: Severity.HIGH,
  [FindingType.LOG_MISSING]: Severity.CRITICAL,
  [FindingType.LOG_HASH_MISMATCH]: Severity.CRITICAL,
  [FindingType.LOG_TRAILING_DATA]: Severity.CRITICAL,
  [FindingType.LOG_INVALID_FORMAT]: Severity.CRITICAL,
  [FindingType.LOG_ARCHIVED]: Severity.ERROR,
  [FindingType.LOG_ACCESS_DENIED]: Severity.ERROR,
};
