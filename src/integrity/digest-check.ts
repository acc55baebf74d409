import { DigestDocument, parseDigestDocument } from './digest-document';
import { DigestChain } from './digest-key';
import { Finding, finding } from './finding';
import { FindingType } from './finding-type';
import { Partition } from './partition';
import { ObjectState, StoredObject } from './ports';
import { KeyLookupResult, PublicKeyLookup } from './public-key-lookup';
import { DIGEST_SIGNATURE_ALGORITHM, verifyDigestSignature } from './signature';
import { gunzipStrict } from './strict-gunzip';
import { sha256Hex, stringToSignWithHash } from './string-to-sign';

const HOUR_MS = 3_600_000;

/** What checking one digest object found, and what the chain needs to remember about it. */
export interface DigestCheckResult {
  readonly findings: Finding[];
  /** The parsed digest, when its bytes were readable JSON with the required keys. */
  readonly document?: DigestDocument;
  /** Hex SHA-256 of the decompressed bytes (the next digest's `previousDigestHashValue`). */
  readonly sha256?: string;
  /** The hex signature from the object metadata (the next digest's `previousDigestSignature`). */
  readonly signature?: string;
  /**
   * True when the signature verifies: the contents (log list, links) are CloudTrail's. A moved digest can be
   * trusted (the signature covers the location it names); it is still reported as moved.
   */
  readonly trusted: boolean;
  /**
   * The key this digest holds in the chain: where it was read, except for a moved digest whose signature verifies
   * for the location it names. The signature covers that location, so the digest is authentic and the next digest
   * will link to the original key; the chain should not also report a gap there.
   */
  readonly chainKey?: string;
}

/** What `checkDigest` needs besides the object. */
export interface DigestCheckContext {
  readonly bucket: string;
  readonly key: string;
  readonly partition: Partition;
  readonly publicKeys: PublicKeyLookup;
}

/**
 * Checks one digest object on its own, in the order the AWS CLI does (format, location, metadata, public key,
 * signature), but with strict gunzip and with unreadable objects reported as such rather than as "invalid format".
 */
export async function checkDigest(context: DigestCheckContext, object: StoredObject): Promise<DigestCheckResult> {
  const { bucket, key, partition } = context;
  const where = `s3://${bucket}/${key}`;
  const fail = (type: FindingType, message: string, partial: Partial<DigestCheckResult> = {}): DigestCheckResult =>
    ({ ...partial, findings: [finding(type, partition.id, [key], `${where}: ${message}`)], trusted: false });

  if (object.state === ObjectState.NOT_FOUND) return fail(FindingType.DIGEST_MISSING, 'listed, but deleted before it could be read');
  if (object.state === ObjectState.ARCHIVED) return fail(FindingType.DIGEST_ARCHIVED, 'in an archive storage class; restore it to validate the chain');
  if (object.state === ObjectState.ACCESS_DENIED) return fail(FindingType.DIGEST_ACCESS_DENIED, 'access denied');

  const metadata = object.metadata ?? {};
  const signature = metadata.signature;
  const gunzipped = gunzipStrict(object.body ?? new Uint8Array());
  if (!gunzipped.bytes) return fail(FindingType.DIGEST_INVALID_FORMAT, `not a single gzip stream: ${gunzipped.detail}`, { signature });
  const sha256 = sha256Hex(gunzipped.bytes);
  const parsed = parseDigestDocument(gunzipped.bytes);
  const document = parsed.document;
  if (!document) return fail(FindingType.DIGEST_INVALID_FORMAT, parsed.problem ?? 'invalid', { signature, sha256 });

  const moved = document.digestS3Bucket !== bucket || document.digestS3Object !== key;
  // Once the Region's keys are loaded (all but the first digest of a key), the signature is checked without a promise.
  const checked = verifySignature(context, document, sha256, metadata, signature);
  const problems = Array.isArray(checked) ? checked : await checked;
  const trusted = problems.length === 0;
  if (moved) {
    const movedFinding = finding(FindingType.DIGEST_MOVED, partition.id, [key, document.digestS3Object],
      `${where}: the digest says it was written to s3://${document.digestS3Bucket}/${document.digestS3Object}`);
    return {
      document,
      sha256,
      signature,
      findings: [movedFinding, ...problems],
      trusted,
      chainKey: trusted && document.digestS3Bucket === bucket ? document.digestS3Object : key,
    };
  }
  return { document, sha256, signature, findings: problems, trusted, chainKey: key };
}

/**
 * Metadata, algorithm, public key and signature checks; no findings when the signature verifies. A promise only
 * when the public key has to be fetched.
 */
function verifySignature(
  context: DigestCheckContext,
  document: DigestDocument,
  sha256: string,
  metadata: Record<string, string>,
  signature: string | undefined,
): Finding[] | Promise<Finding[]> {
  const { bucket, key, partition } = context;
  const fail = (type: FindingType, message: string): Finding[] => [finding(type, partition.id, [key], `s3://${bucket}/${key}: ${message}`)];
  if (!signature || !metadata['signature-algorithm']) {
    return fail(FindingType.DIGEST_SIGNATURE_INVALID, "object metadata lacks 'signature' or 'signature-algorithm' (copied without metadata?)");
  }
  const algorithms = [metadata['signature-algorithm'], document.digestSignatureAlgorithm ?? DIGEST_SIGNATURE_ALGORITHM];
  if (algorithms.some((a) => a !== DIGEST_SIGNATURE_ALGORITHM)) {
    return fail(FindingType.DIGEST_SIGNATURE_INVALID, `signature algorithm ${algorithms.join(' / ')} is not ${DIGEST_SIGNATURE_ALGORITHM}`);
  }

  const window = keyWindow(partition.chain, document, metadata['backfill-generation-timestamp']);
  if (!window) {
    return fail(FindingType.DIGEST_INVALID_FORMAT, "backfill digest lacks a valid 'backfill-generation-timestamp' metadata value");
  }
  const verifyWith = (lookup: KeyLookupResult): Finding[] => {
    if (!lookup.key) return fail(lookup.problem ?? FindingType.PUBLIC_KEY_NOT_FOUND, lookup.detail ?? 'no public key');
    if (!verifyDigestSignature(lookup.key, stringToSignWithHash(document, sha256), signature)) {
      return fail(FindingType.DIGEST_SIGNATURE_INVALID, 'signature verification failed');
    }
    return [];
  };
  const fingerprint = document.digestPublicKeyFingerprint;
  const known = context.publicKeys.findKnown(partition.sourceRegion, fingerprint, window.start, window.end);
  return known ? verifyWith(known) : context.publicKeys.find(partition.sourceRegion, fingerprint, window.start, window.end).then(verifyWith);
}

/**
 * The time window in which the signing key must be valid: `[end - 1h, end + 2h]` for hourly digests, and
 * `[generation - 1h, generation + 1h]` for backfill digests, whose key is the one current when they were generated.
 */
function keyWindow(chain: DigestChain, document: DigestDocument, generationTimestamp: string | undefined): { start: Date; end: Date } | undefined {
  if (chain === DigestChain.BACKFILL) {
    const generated = generationTimestamp === undefined ? NaN : Date.parse(generationTimestamp);
    if (Number.isNaN(generated)) return undefined;
    return { start: new Date(generated - HOUR_MS), end: new Date(generated + HOUR_MS) };
  }
  const end = Date.parse(document.digestEndTime);
  return { start: new Date(end - HOUR_MS), end: new Date(end + 2 * HOUR_MS) };
}
