/**
 * The last digest validated in a partition: what the next run needs to check the next digest's links without
 * reading this one again. Fields other than `lastKey` are absent when the digest could not be read.
 */
export interface Checkpoint {
  readonly partitionId: string;
  readonly lastKey: string;
  /** Hex signature from the digest's object metadata: the next digest's `previousDigestSignature`. */
  readonly lastSignature?: string;
  /** Hex SHA-256 of the decompressed digest: the next digest's `previousDigestHashValue`. */
  readonly lastSha256?: string;
  /** `digestEndTime` of the digest: the next digest's expected `digestStartTime`, and the base of "overdue". */
  readonly lastEndTime?: string;
  /** When the validator checked it (ISO 8601). */
  readonly validatedAt: string;
}

const STRING_FIELDS = ['partitionId', 'lastKey', 'validatedAt'];
const OPTIONAL_STRING_FIELDS = ['lastSignature', 'lastSha256', 'lastEndTime'];

/** Serialises a checkpoint for a state store (a DynamoDB attribute, an S3 object, a file). */
export function serializeCheckpoint(checkpoint: Checkpoint): string {
  return JSON.stringify(checkpoint);
}

/** Reads a checkpoint back; throws on anything that is not one, so a corrupt state never resumes silently. */
export function parseCheckpoint(json: string): Checkpoint {
  const raw = JSON.parse(json) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null) throw new Error('checkpoint must be a JSON object');
  for (const field of STRING_FIELDS) {
    if (typeof raw[field] !== 'string') throw new Error(`checkpoint field '${field}' must be a string, got ${JSON.stringify(raw[field])}`);
  }
  for (const field of OPTIONAL_STRING_FIELDS) {
    if (raw[field] !== undefined && typeof raw[field] !== 'string') throw new Error(`checkpoint field '${field}' must be a string when present, got ${JSON.stringify(raw[field])}`);
  }
  return raw as unknown as Checkpoint;
}
