/**
 * Where the organization trail's KMS key lives when the archive is in a log-archive account.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export enum TrailKeyPlacement {
  /**
   * Beside the trail, in the account that deploys the trail's stack: the management account
   * (Control Tower's placement), or the CloudTrail delegated administrator that deploys it
   * (`trailDeploymentAccount`). The key is created by `OrganizationTrail` in the same stack as the
   * trail, so its ARN never has to cross accounts and both stacks deploy in one pass; the key policy
   * lets the log-archive account's principals decrypt this archive's log files through their own
   * IAM policies.
   */
  MANAGEMENT_ACCOUNT = 'MANAGEMENT_ACCOUNT',

  /**
   * Beside the bucket, in the log-archive account (Landing Zone Accelerator's placement): bucket and
   * key are both under that account's service control policies, and readers there need nothing from
   * the trail's account. The key ID is random, so the trail's stack needs the key's ARN as a literal
   * (`LogArchiveReference.keyArn`), known only after the log-archive stack's first deploy (its
   * `KeyArn` output). Not with a trail a CloudTrail delegated administrator deploys
   * (`trailDeploymentAccount`): whether CloudTrail accepts a third account's key when a delegated
   * administrator creates the trail is not documented, so synth refuses the combination.
   */
  LOG_ARCHIVE_ACCOUNT = 'LOG_ARCHIVE_ACCOUNT',
}

/**
 * The archive of an organization trail in a log-archive account, as literal names: what the
 * trail's `OrganizationTrail` (in the management account or a delegated administrator's) needs to
 * deliver there (CDK cannot reference resources across accounts). `LogArchive.reference` derives it
 * from the archive's own configuration, so that both sides agree; when both constructs are in one
 * app, synth fails if they do not.
 */
export interface LogArchiveReference {
  /** The archive bucket's name. */
  readonly bucketName: string;

  /** The log-archive account, owner of the bucket. */
  readonly logArchiveAccount: string;

  /** The Region of the bucket, which is the trail's home Region. */
  readonly region: string;

  /** The management account, owner of the trail (the policies' `aws:SourceArn` names its trail). */
  readonly managementAccount: string;

  /**
   * The account that deploys the trail's stack: a CloudTrail delegated administrator (the trail
   * stack's `deployedFrom` is `TrailDeployment.delegatedAdministrator()`), whose stack creates the
   * trail, and, with `TrailKeyPlacement.MANAGEMENT_ACCOUNT`, the trail key. The trail still belongs
   * to `managementAccount`.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
   * @default - the management account deploys the trail's stack
   */
  readonly trailDeploymentAccount?: string;

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
   * log-archive stack). Only with `TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT`, where the trail's
   * stack needs it as a literal.
   *
   * @default - none: the key is beside the trail, in the trail stack's account
   */
  readonly keyArn?: string;
}
