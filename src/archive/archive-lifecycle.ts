import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * One move of log files to a colder storage class.
 */
export interface ArchiveTransition {
  /**
   * The storage class the log files move to.
   */
  readonly storageClass: s3.StorageClass;

  /**
   * How long after delivery the move happens (whole days). S3 refuses moves to
   * `INFREQUENT_ACCESS` or `ONE_ZONE_INFREQUENT_ACCESS` earlier than 30 days.
   */
  readonly transitionAfter: Duration;
}

/**
 * How long the archive keeps log files and where it keeps them over time.
 */
export interface ArchiveLifecycle {
  /**
   * Moves to colder storage classes, in any order (they are sorted by age). Sorted, they must
   * follow S3's one-way order (STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER,
   * DEEP_ARCHIVE; ONEZONE_IA cannot go to GLACIER_IR), name each class once, and keep log files
   * at least 30 days in STANDARD_IA or ONEZONE_IA before the next move and at least 30 days in
   * their current class before a move to either of them.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
   * @default - Infrequent Access after 90 days, Glacier Instant Retrieval after 365 days
   *   (both still readable by Athena and the CLI without a restore)
   */
  readonly transitions?: ArchiveTransition[];

  /**
   * How long after delivery log files expire. Must be later than every transition and, with
   * Object Lock, no shorter than the default retention.
   *
   * @default Duration.days(2557) - seven years
   */
  readonly expiration?: Duration;

  /**
   * Keep log files forever: no expiration rule at all. Cannot be combined with `expiration`.
   *
   * @default false
   */
  readonly neverExpire?: boolean;

  /**
   * How long replaced or deleted object versions are kept before S3 removes them.
   *
   * @default Duration.days(90)
   */
  readonly noncurrentVersionExpiration?: Duration;
}
