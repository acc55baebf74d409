/**
 * A log file entry of a digest, as CloudTrail writes it.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
export interface DigestLogFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  /** Hex SHA-256 of the decompressed log file. */
  readonly hashValue: string;
  readonly hashAlgorithm: string;
}

/**
 * The fields of a digest the validator reads. `previous*` fields are absent (null in the JSON) in the first digest
 * of a chain.
 */
export interface DigestDocument {
  readonly awsAccountId?: string;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm?: string;
  readonly previousDigestS3Bucket?: string;
  readonly previousDigestS3Object?: string;
  readonly previousDigestHashValue?: string;
  readonly previousDigestHashAlgorithm?: string;
  readonly previousDigestSignature?: string;
  readonly logFiles: DigestLogFile[];
}

/** The outcome of `parseDigestDocument`: the document or why it is not one. */
export interface ParsedDigest {
  readonly document?: DigestDocument;
  readonly problem?: string;
}

/**
 * The keys the AWS CLI requires (`DigestTraverser.required_digest_keys`); `previousDigestSignature` must be present
 * even when null. The time and log keys are required here too because the chain checks read them.
 */
const REQUIRED_KEYS = [
  'digestPublicKeyFingerprint', 'digestS3Bucket', 'digestS3Object', 'previousDigestSignature', 'digestEndTime', 'digestStartTime', 'logFiles',
];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Parses the decompressed digest bytes. The bytes themselves (never a re-serialisation) are what is hashed. */
export function parseDigestDocument(decompressed: Buffer): ParsedDigest {
  let json: unknown;
  try {
    json = JSON.parse(decompressed.toString('utf8'));
  } catch (e) {
    return { problem: `not JSON: ${(e as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { problem: 'not a JSON object' };
  const raw = json as Record<string, unknown>;
  const missing = REQUIRED_KEYS.filter((key) => !(key in raw));
  if (missing.length > 0) return { problem: `missing keys: ${missing.join(', ')}` };
  for (const key of ['digestStartTime', 'digestEndTime']) {
    if (typeof raw[key] !== 'string' || !TIMESTAMP.test(raw[key] as string)) return { problem: `'${key}' is not a UTC timestamp` };
  }
  for (const key of ['digestS3Bucket', 'digestS3Object', 'digestPublicKeyFingerprint']) {
    if (typeof raw[key] !== 'string') return { problem: `'${key}' is not a string` };
  }
  if (!Array.isArray(raw.logFiles)) return { problem: "'logFiles' is not an array" };
  const logFiles: DigestLogFile[] = [];
  for (const entry of raw.logFiles as unknown[]) {
    const lf = entry as Record<string, unknown>;
    if (typeof lf !== 'object' || lf === null || typeof lf.s3Bucket !== 'string' || typeof lf.s3Object !== 'string' || typeof lf.hashValue !== 'string') {
      return { problem: "a 'logFiles' entry lacks s3Bucket, s3Object or hashValue" };
    }
    logFiles.push({ s3Bucket: lf.s3Bucket, s3Object: lf.s3Object, hashValue: lf.hashValue, hashAlgorithm: String(lf.hashAlgorithm ?? 'SHA-256') });
  }
  return {
    document: {
      awsAccountId: optionalString(raw.awsAccountId),
      digestStartTime: raw.digestStartTime as string,
      digestEndTime: raw.digestEndTime as string,
      digestS3Bucket: raw.digestS3Bucket as string,
      digestS3Object: raw.digestS3Object as string,
      digestPublicKeyFingerprint: raw.digestPublicKeyFingerprint as string,
      digestSignatureAlgorithm: optionalString(raw.digestSignatureAlgorithm),
      previousDigestS3Bucket: optionalString(raw.previousDigestS3Bucket),
      previousDigestS3Object: optionalString(raw.previousDigestS3Object),
      previousDigestHashValue: optionalString(raw.previousDigestHashValue),
      previousDigestHashAlgorithm: optionalString(raw.previousDigestHashAlgorithm),
      previousDigestSignature: optionalString(raw.previousDigestSignature),
      logFiles,
    },
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
