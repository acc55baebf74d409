import { Checkpoint } from './checkpoint';
import { DigestDocument } from './digest-document';
import { DigestChain } from './digest-key';
import { Finding, finding } from './finding';
import { FindingType } from './finding-type';
import { Partition } from './partition';
import { LoggingHistory, RestartExplanation } from './ports';

/** CloudTrail delivers one standard digest per hour, even when no log file was delivered. */
export const DIGEST_INTERVAL_MS = 3_600_000;

/**
 * Checks how a digest links to the last one validated in its partition. This is what the AWS CLI does not do: it
 * follows `previousDigestS3Object` backwards and never compares `previousDigestSignature` or
 * `previousDigestHashValue`, and it cannot count two consecutive deletions (aws/aws-cli#7054). Walking forward
 * from a checkpoint, a deletion shows as a digest whose previous object is not the one we validated last, and the
 * time between the two says how many hourly digests are gone.
 */
export function checkChainLink(
  partition: Partition,
  bucket: string,
  previous: Checkpoint | undefined,
  key: string,
  document: DigestDocument,
  loggingHistory?: LoggingHistory,
): Finding[] | Promise<Finding[]> {
  // A promise only when the logging history is asked about a restart: digests are walked strictly in order, so any
  // wait here is on the path of every digest.
  if (!previous) return []; // the first digest seen is the anchor; its own signature was checked
  const gapHours = (): number | undefined => (previous.lastEndTime === undefined
    ? undefined
    : Math.round((Date.parse(document.digestStartTime) - Date.parse(previous.lastEndTime)) / DIGEST_INTERVAL_MS));

  if (document.previousDigestS3Object === undefined) {
    // A starting digest: validation or logging was turned off and on. CloudTrail signed it, so it is real; the
    // question is whether we know why, because the time in between is a blind spot.
    const after = new Date(Date.parse(previous.lastEndTime ?? document.digestStartTime));
    const before = new Date(Date.parse(document.digestStartTime));
    const restart = (explanation: RestartExplanation): Finding[] => [finding(
      explanation.explained ? FindingType.CHAIN_RESTART : FindingType.CHAIN_RESTART_UNEXPLAINED,
      partition.id,
      [key, previous.lastKey],
      `a new chain starts at ${document.digestStartTime} after ${previous.lastEndTime ?? 'an unreadable digest'}: ${explanation.reason}`,
    )];
    return loggingHistory === undefined
      ? restart({ explained: false, reason: 'nothing known about the trail explains it (no logging history was consulted)' })
      : loggingHistory.explainChainRestart(partition, after, before).then(restart);
  }

  if (document.previousDigestS3Object !== previous.lastKey || document.previousDigestS3Bucket !== bucket) {
    const missing = Math.max(1, gapHours() ?? 1);
    return [finding(
      FindingType.CHAIN_GAP,
      partition.id,
      [key, document.previousDigestS3Object, previous.lastKey],
      `the digest links to s3://${document.previousDigestS3Bucket}/${document.previousDigestS3Object}, but the last digest in the chain is ${previous.lastKey}: `
        + `${missing} digest(s) missing between ${previous.lastEndTime ?? 'it'} and ${document.digestStartTime}`,
      missing,
    )];
  }

  const findings: Finding[] = [];
  const mismatches: string[] = [];
  if (previous.lastSignature !== undefined && document.previousDigestSignature !== previous.lastSignature
    && document.previousDigestSignature?.toLowerCase() !== previous.lastSignature.toLowerCase()) {
    mismatches.push("'previousDigestSignature' is not the previous digest's signature metadata");
  }
  if (previous.lastSha256 !== undefined && document.previousDigestHashValue !== previous.lastSha256
    && document.previousDigestHashValue?.toLowerCase() !== previous.lastSha256) {
    mismatches.push("'previousDigestHashValue' is not the SHA-256 of the previous digest's bytes");
  }
  if (document.previousDigestHashAlgorithm !== undefined && document.previousDigestHashAlgorithm !== 'SHA-256') {
    mismatches.push(`'previousDigestHashAlgorithm' is '${document.previousDigestHashAlgorithm}', not SHA-256`);
  }
  if (mismatches.length > 0) {
    findings.push(finding(FindingType.CHAIN_MISMATCH, partition.id, [key, previous.lastKey], mismatches.join('; ')));
  }
  // Only the hourly chain is expected to be contiguous in time; backfill digests cover irregular catch-ups.
  if (partition.chain === DigestChain.STANDARD && previous.lastEndTime !== undefined && document.digestStartTime !== previous.lastEndTime) {
    findings.push(finding(
      FindingType.TIME_DISCONTINUITY,
      partition.id,
      [key, previous.lastKey],
      `the digest starts at ${document.digestStartTime} but the previous one ended at ${previous.lastEndTime}`,
      Math.max(0, gapHours() ?? 0),
    ));
  }
  return findings;
}
