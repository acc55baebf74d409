import { DIGEST_INTERVAL_MS } from './chain-link-check';
import { Checkpoint } from './checkpoint';
import { DigestChain, parseDigestKey } from './digest-key';
import { Finding, finding } from './finding';
import { FindingType } from './finding-type';
import { Partition } from './partition';

/**
 * How long after a digest's end time the next one may take to appear before it counts as overdue: one digest
 * interval plus a delivery grace. The grace is a choice, not an AWS figure: CloudTrail documents hourly digests,
 * not a delivery deadline.
 */
export const DEFAULT_OVERDUE_AFTER_MS = DIGEST_INTERVAL_MS + 2 * 3_600_000;

/**
 * Tail truncation: deleting the newest digests leaves a chain that is valid up to its new end, so only time can
 * tell. Applies to the hourly chain only (backfill digests appear only when needed).
 */
export function checkOverdue(partition: Partition, last: Checkpoint | undefined, now: Date, overdueAfterMs = DEFAULT_OVERDUE_AFTER_MS): Finding[] {
  if (partition.chain !== DigestChain.STANDARD || !last) return [];
  // An unreadable newest digest has no parsed end time; its key carries the same time.
  const lastEnd = last.lastEndTime !== undefined ? Date.parse(last.lastEndTime) : parseDigestKey(last.lastKey)?.endTime.getTime();
  if (lastEnd === undefined) return [];
  const late = now.getTime() - lastEnd;
  if (late <= overdueAfterMs) return [];
  const missing = Math.floor(late / DIGEST_INTERVAL_MS);
  return [finding(
    FindingType.DIGEST_OVERDUE,
    partition.id,
    [last.lastKey],
    `no digest after ${last.lastKey} (ended ${new Date(lastEnd).toISOString()}); about ${missing} hourly digest(s) are due by ${now.toISOString()}: `
      + 'the newest digests were deleted or delivery stopped',
    missing,
  )];
}
