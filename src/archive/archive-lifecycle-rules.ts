import { Annotations, Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { ArchiveLifecycle, ArchiveTransition } from './archive-lifecycle';
import {
  INFREQUENT_ACCESS_MIN_DAYS,
  INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS,
  OBJECT_LOCK_MAX_DAYS,
  ONE_YEAR_IN_DAYS,
  STORAGE_CLASS_WATERFALL,
  UNSUPPORTED_STORAGE_CLASS_MOVES,
} from '../private/limits';
import { throwIfProblems, wholeDays } from '../private/validation';

const DEFAULT_TRANSITIONS: ArchiveTransition[] = [
  { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
  { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
];
const DEFAULT_EXPIRATION = Duration.days(2557);
const DEFAULT_NONCURRENT_EXPIRATION = Duration.days(90);
const INFREQUENT_ACCESS_CLASSES = [s3.StorageClass.INFREQUENT_ACCESS.value, s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS.value];

/**
 * Validates a lifecycle (against Object Lock too) and renders it as the bucket's lifecycle rules.
 * Every message names the prop, the value and the fix.
 */
export function archiveLifecycleRules(
  scope: IConstruct,
  lifecycle: ArchiveLifecycle = {},
  objectLockRetention?: s3.ObjectLockRetention,
  construct: string = 'TrailArchive',
): s3.LifecycleRule[] {
  const prop = 'archiveLifecycle';
  if (lifecycle.neverExpire && lifecycle.expiration) {
    throw new Error(`'${prop}.neverExpire' and '${prop}.expiration' (${lifecycle.expiration.toHumanString()}) contradict each other. Set one of them.`);
  }
  const transitions = [...(lifecycle.transitions ?? DEFAULT_TRANSITIONS)]
    .map((transition) => ({ ...transition, days: wholeDays(`${prop}.transitions[].transitionAfter`, transition.transitionAfter, { minimum: 0 }) }))
    .sort((a, b) => a.days - b.days);
  validateTransitions(construct, prop, transitions);

  const expirationDays = lifecycle.neverExpire
    ? undefined
    : wholeDays(`${prop}.expiration`, lifecycle.expiration ?? DEFAULT_EXPIRATION, { minimum: 1 });
  const noncurrentDays = wholeDays(`${prop}.noncurrentVersionExpiration`,
    lifecycle.noncurrentVersionExpiration ?? DEFAULT_NONCURRENT_EXPIRATION, { minimum: 1 });

  if (expirationDays !== undefined) {
    const lastTransition = transitions[transitions.length - 1];
    if (lastTransition && expirationDays <= lastTransition.days) {
      throw new Error(`'${prop}.expiration' (${expirationDays} days) must be later than the last transition (${lastTransition.storageClass.value} after ${lastTransition.days} days); S3 rejects the rule otherwise. Raise the expiration or drop the transition.`);
    }
    if (expirationDays < ONE_YEAR_IN_DAYS) {
      Annotations.of(scope).addWarningV2('cdk-org-trail:ArchiveExpiresWithinAYear',
        `'${prop}.expiration' is ${expirationDays} days: log files are deleted before a year is up, which most audit regimes (CIS, PCI DSS 10.7) do not allow.`);
    }
  }
  validateAgainstObjectLock(prop, expirationDays, objectLockRetention);

  return [
    {
      id: 'ArchiveLogFiles',
      enabled: true,
      transitions: transitions.map((transition) => ({
        storageClass: transition.storageClass,
        transitionAfter: Duration.days(transition.days),
      })),
      expiration: expirationDays === undefined ? undefined : Duration.days(expirationDays),
      noncurrentVersionExpiration: Duration.days(noncurrentDays),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    },
  ];
}

/**
 * The transitions (sorted by age) must be a path S3 accepts and can follow: known classes, each
 * once, down the one-way waterfall, with the minimum days in and before the Infrequent Access
 * classes. Every problem is listed, each with the two transitions it concerns.
 */
function validateTransitions(construct: string, lifecycleProp: string, transitions: Array<ArchiveTransition & { days: number }>): void {
  const prop = `'${lifecycleProp}.transitions'`;
  const problems: string[] = [];
  const seen = new Set<string>();
  let previous: { storageClass: string; days: number } = { storageClass: 'STANDARD', days: 0 };
  for (const transition of transitions) {
    const storageClass = transition.storageClass.value;
    const here = `${storageClass} after ${transition.days} days`;
    if (!STORAGE_CLASS_WATERFALL.includes(storageClass)) {
      problems.push(`${prop} moves log files to '${storageClass}', which is not a storage class S3 lifecycle rules can move to. Use one of ${STORAGE_CLASS_WATERFALL.join(', ')} (s3.StorageClass members).`);
      continue;
    }
    if (seen.has(storageClass)) {
      problems.push(`${prop} names ${storageClass} twice. Keep one transition per storage class.`);
      continue;
    }
    seen.add(storageClass);
    if (INFREQUENT_ACCESS_CLASSES.includes(storageClass) && transition.days < INFREQUENT_ACCESS_MIN_DAYS) {
      problems.push(`${prop} moves log files to ${storageClass} after ${transition.days} days, but S3 requires at least ${INFREQUENT_ACCESS_MIN_DAYS}. Use Duration.days(${INFREQUENT_ACCESS_MIN_DAYS}) or later.`);
    }
    if (previous.storageClass !== 'STANDARD') {
      const before = `${previous.storageClass} after ${previous.days} days`;
      const fromIndex = STORAGE_CLASS_WATERFALL.indexOf(previous.storageClass);
      const toIndex = STORAGE_CLASS_WATERFALL.indexOf(storageClass);
      const unsupported = UNSUPPORTED_STORAGE_CLASS_MOVES.some(([from, to]) => from === previous.storageClass && to === storageClass);
      const gap = transition.days - previous.days;
      if (toIndex < fromIndex || unsupported) {
        problems.push(`${prop} moves log files from ${before} to ${here}, but S3 lifecycle rules cannot move objects from ${previous.storageClass} to ${storageClass} (classes only move one way: ${STORAGE_CLASS_WATERFALL.join(' > ')}, and ONEZONE_IA cannot go to GLACIER_IR). Reorder the ages or drop one of them.`);
      } else if (INFREQUENT_ACCESS_CLASSES.includes(previous.storageClass) && gap < INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS) {
        problems.push(`${prop} moves log files on from ${before} to ${here}, only ${gap} days later, but S3 requires them to stay at least ${INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS} days in ${previous.storageClass}. Move ${storageClass} to Duration.days(${previous.days + INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS}) or later.`);
      } else if (INFREQUENT_ACCESS_CLASSES.includes(storageClass) && gap < INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS) {
        problems.push(`${prop} moves log files from ${before} to ${here}, only ${gap} days later, but S3 requires them to stay at least ${INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS} days in their current class before a move to ${storageClass}. Move ${storageClass} to Duration.days(${previous.days + INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS}) or later.`);
      }
    }
    previous = { storageClass, days: transition.days };
  }
  throwIfProblems(construct, problems);
}

function validateAgainstObjectLock(prop: string, expirationDays: number | undefined, retention?: s3.ObjectLockRetention): void {
  if (!retention) {
    return;
  }
  const retentionDays = wholeDays('objectLockRetention', retention.duration, { minimum: 1 });
  if (retentionDays > OBJECT_LOCK_MAX_DAYS) {
    throw new Error(`'objectLockRetention' is ${retentionDays} days, but S3 allows at most ${OBJECT_LOCK_MAX_DAYS} (100 years). Shorten it.`);
  }
  if (expirationDays !== undefined && expirationDays < retentionDays) {
    throw new Error(`'${prop}.expiration' (${expirationDays} days) is shorter than 'objectLockRetention' (${retentionDays} days): S3 cannot expire locked log files, so the rule would never act. Set the expiration to at least ${retentionDays} days or shorten the retention.`);
  }
}
