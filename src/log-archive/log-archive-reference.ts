/**
 * Where the organization trail's KMS key lives when the archive is in a log-archive account.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export enum TrailKeyPlacement {
  /**
   * Beside the trail, in the management account (Control Tower's placement). The key is created by
   * `OrganizationTrail` in the same stack as the trail, so its ARN never has to cross accounts and
   * both stacks deploy in one pass; the key policy lets the log-archive account's principals
   * decrypt this archive's log files through their own IAM policies.
   */
  MANAGEMENT_ACCOUNT = 'MANAGEMENT_ACCOUNT',

  /**
   * Beside the bucket, in the log-archive account (Landing Zone Accelerator's placement): bucket and
   * key are both under that account's service control policies, and readers there need nothing from
   * the management account. The key ID is random, so the management account's stack needs the
   * key's ARN as a literal (`LogArchiveReference.keyArn`), known only after the log-archive stack's
   * first deploy (its `KeyArn` output).
   */
  LOG_ARCHIVE_ACCOUNT = 'LOG_ARCHIVE_ACCOUNT',
}

/**
 * The archive of an organization trail in a log-archive account, as literal names: what the
 * management account's `OrganizationTrail` needs to deliver there (CDK cannot reference resources
 * across accounts). `LogArchive.reference` derives it from the archive's own configuration, so
 * that both sides agree; when both constructs are in one app, synth fails if they do not.
 */
export interface LogArchiveReference {
  /** The archive bucket's name. */
  readonly bucketName: string;

  /** The log-archive account, owner of the bucket. */
  readonly logArchiveAccount: string;

  /** The Region of the bucket, which is the trail's home Region. */
  readonly region: string;

  /** The management account, owner of the trail. */
  readonly managementAccount: string;

  /** The organization whose trail writes to the archive. */
  readonly organizationId: string;

  /** The trail's name (the bucket policy's `aws:SourceArn` names it). */
  readonly trailName: string;

  /**
   * The object key prefix the trail writes under.
   *
   * @default - no prefix
   */
  readonly s3KeyPrefix?: string;

  /**
   * Where the trail's KMS key lives.
   *
   * @default TrailKeyPlacement.MANAGEMENT_ACCOUNT
   */
  readonly keyPlacement?: TrailKeyPlacement;

  /**
   * The full ARN of the trail's KMS key in the log-archive account (the `KeyArn` output of the
   * log-archive stack). Only with `TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT`, where the management
   * account's stack needs it as a literal.
   *
   * @default - none: the key is in the management account
   */
  readonly keyArn?: string;
}
