import { FindingType, Severity, SEVERITY_OF } from './finding-type';

/**
 * One thing the validator found, with the S3 keys it is about so that a reader can go and look.
 */
export interface Finding {
  readonly type: FindingType;
  readonly severity: Severity;
  /** The partition the finding belongs to (see `partitionId`). */
  readonly partition: string;
  /** S3 keys involved, most relevant first (the digest, then the log file or the neighbour digest). */
  readonly objects: string[];
  /** One sentence for a human. */
  readonly message: string;
  /** For `CHAIN_GAP` and `TIME_DISCONTINUITY`: how many hourly digests are missing. */
  readonly missingDigests?: number;
}

/** Builds a finding with the severity the catalog gives its type. */
export function finding(type: FindingType, partition: string, objects: string[], message: string, missingDigests?: number): Finding {
  return {
    type,
    severity: SEVERITY_OF[type],
    partition,
    objects,
    message,
    ...(missingDigests === undefined ? {} : { missingDigests }),
  };
}
