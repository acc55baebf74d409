/**
 * Service limits and fixed values the component checks at synth time.
 * Each one names the AWS page it comes from.
 */

/** @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html */
export const TRAIL_NAME_MIN_LENGTH = 3;
/** @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html */
export const TRAIL_NAME_MAX_LENGTH = 128;

/** @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html */
export const S3_KEY_PREFIX_MAX_LENGTH = 200;

/**
 * The values `AWS::Logs::LogGroup.RetentionInDays` accepts.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS_ACCEPTED: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** A year of days: the least retention CIS-minded auditors expect for audit logs. */
export const ONE_YEAR_IN_DAYS = 365;

/**
 * S3 refuses a transition to STANDARD_IA or ONEZONE_IA earlier than 30 days after creation.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html
 */
export const INFREQUENT_ACCESS_MIN_DAYS = 30;

/**
 * The longest Object Lock default retention S3 accepts (100 years).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
export const OBJECT_LOCK_MAX_DAYS = 36_500;

/**
 * Log files must stay at least 30 days in S3 Standard-IA or S3 One Zone-IA before a lifecycle
 * rule moves them on (S3 rejects a later transition closer than that), and at least 30 days in
 * their current class before a transition to Standard-IA or One Zone-IA.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 * @see https://repost.aws/knowledge-center/s3-lifecycle-rule-glacier-storage
 */
export const INFREQUENT_ACCESS_MIN_DAYS_IN_CLASS = 30;

/**
 * The one-way ("waterfall") order in which S3 lifecycle rules may move objects between storage
 * classes: a transition may only go to a class later in this list. S3 Standard (where log files
 * start) comes first and is not a transition target.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export const STORAGE_CLASS_WATERFALL: readonly string[] = [
  'STANDARD_IA', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE',
];

/**
 * Moves the waterfall order would allow but S3 does not support: S3 One Zone-IA to S3 Glacier
 * Instant Retrieval.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export const UNSUPPORTED_STORAGE_CLASS_MOVES: ReadonlyArray<readonly [string, string]> = [
  ['ONEZONE_IA', 'GLACIER_IR'],
];

/** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export const BUCKET_NAME_MIN_LENGTH = 3;
/** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export const BUCKET_NAME_MAX_LENGTH = 63;
/**
 * Prefixes a general purpose bucket name must not start with.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export const BUCKET_NAME_RESERVED_PREFIXES: readonly string[] = ['xn--', 'sthree-', 'amzn-s3-demo-'];
/**
 * Suffixes a general purpose bucket name must not end with (access point, Object Lambda and
 * Multi-Region Access Point aliases, directory buckets).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export const BUCKET_NAME_RESERVED_SUFFIXES: readonly string[] = ['-s3alias', '--ol-s3', '.mrap', '--x-s3'];

/**
 * The most trails CloudTrail allows in one Region of one account (not adjustable).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
 */
export const TRAILS_PER_REGION_MAX = 5;

/**
 * The rotation periods KMS accepts for automatic key rotation, in days.
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
 */
export const KEY_ROTATION_MIN_DAYS = 90;
export const KEY_ROTATION_MAX_DAYS = 2560;

/**
 * The largest service control policy and resource control policy document Organizations accepts,
 * in characters, every character counted (white space and line breaks too).
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 * @see https://repost.aws/knowledge-center/organization-scp-size
 */
export const CONTROL_POLICY_MAX_CHARACTERS = 5_120;

/**
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-policy.html
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
 */
export const ORGANIZATIONS_POLICY_NAME_MAX_LENGTH = 128;
