import { DigestLogFile } from './digest-document';
import { Finding, finding } from './finding';
import { FindingType } from './finding-type';
import { ObjectState, ObjectStore } from './ports';
import { GunzipProblem, gunzipStrict } from './strict-gunzip';
import { sha256Hex } from './string-to-sign';

/** The outcome of checking one log file against its digest entry. */
export interface LogFileCheckResult {
  /** Empty when the log file is intact. */
  readonly findings: Finding[];
  /** False when the file could not be read at all (missing, archived, forbidden). */
  readonly read: boolean;
}

/**
 * Checks one log file listed in a valid digest: it exists, is exactly one gzip stream, and its decompressed bytes
 * hash to the digest's `hashValue` (SHA-256 of the **decompressed** log, as the AWS CLI computes it).
 */
export async function checkLogFile(store: ObjectStore, partitionId: string, digestKey: string, logFile: DigestLogFile): Promise<LogFileCheckResult> {
  const objects = [logFile.s3Object, digestKey];
  const where = `s3://${logFile.s3Bucket}/${logFile.s3Object}`;
  const object = await store.getObject(logFile.s3Bucket, logFile.s3Object);
  switch (object.state) {
    case ObjectState.NOT_FOUND:
      return { read: false, findings: [finding(FindingType.LOG_MISSING, partitionId, objects, `${where} is listed in the digest but does not exist`)] };
    case ObjectState.ARCHIVED:
      return { read: false, findings: [finding(FindingType.LOG_ARCHIVED, partitionId, objects, `${where} is in an archive storage class; restore it to validate it`)] };
    case ObjectState.ACCESS_DENIED:
      return { read: false, findings: [finding(FindingType.LOG_ACCESS_DENIED, partitionId, objects, `access denied reading ${where}`)] };
    default:
      break;
  }
  const gunzipped = gunzipStrict(object.body ?? new Uint8Array());
  if (gunzipped.problem === GunzipProblem.TRAILING_DATA) {
    return { read: true, findings: [finding(FindingType.LOG_TRAILING_DATA, partitionId, objects, `${where}: ${gunzipped.detail}`)] };
  }
  if (!gunzipped.bytes) {
    return { read: true, findings: [finding(FindingType.LOG_INVALID_FORMAT, partitionId, objects, `${where} is not a complete gzip file: ${gunzipped.detail}`)] };
  }
  if (logFile.hashAlgorithm !== 'SHA-256') {
    return { read: true, findings: [finding(FindingType.LOG_HASH_MISMATCH, partitionId, objects, `${where}: the digest names hash algorithm '${logFile.hashAlgorithm}', not SHA-256`)] };
  }
  const actual = sha256Hex(gunzipped.bytes);
  if (actual !== logFile.hashValue.toLowerCase()) {
    return { read: true, findings: [finding(FindingType.LOG_HASH_MISMATCH, partitionId, objects, `${where}: SHA-256 ${actual} does not match the digest's ${logFile.hashValue}`)] };
  }
  return { read: true, findings: [] };
}
