import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ArchiveLifecycle } from './archive-lifecycle';
import { archiveLifecycleRules } from './archive-lifecycle-rules';
import {
  acknowledge,
  ARCHIVE_BUCKET_ACKNOWLEDGEMENTS,
  ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS,
} from '../private/acknowledgements';
import { createAccessLogsBucket, deliverServerAccessLogs, HARDENED_BUCKET_BASE, sendEventsToEventBridge } from '../private/hardened-buckets';
import { addStatementsOrWarn, assertSameRegion } from '../private/imported-policy';
import { kmsKeyProblems } from '../private/key-checks';
import { breakGlassPrincipalArnProblems } from '../private/names';
import { archiveBucketStatements, archiveGuardStatements } from '../private/policy-statements';
import { calledConstruct, throwIfProblems, wholeDays } from '../private/validation';

/** Where the archive's server access logs land in the access-log bucket. */
const ACCESS_LOGS_PREFIX = 'archive/';

/** The custom resource aws-cdk-lib adds to a bucket with `autoDeleteObjects`. */
const AUTO_DELETE_OBJECTS_TYPE = 'Custom::S3AutoDeleteObjects';

/**
 * The archive's settings, shared by `TrailArchive` and `OrganizationTrail`.
 */
export interface TrailArchiveOptions {
  /**
   * The bucket that archives the log files. If it was imported, a warning lists the bucket policy
   * statements to add, and the lifecycle, Object Lock, access-log and EventBridge settings do not
   * apply.
   *
   * @default - a new hardened, KMS-encrypted bucket with an access-log bucket beside it
   */
  readonly archiveBucket?: s3.IBucket;

  /**
   * Lifecycle of the log files in the created archive bucket.
   *
   * @default - Infrequent Access after 90 days, Glacier Instant Retrieval after 365 days, expiry after 2557 days (7 years)
   */
  readonly archiveLifecycle?: ArchiveLifecycle;

  /**
   * Object Lock default retention for the created archive bucket (governance or compliance mode).
   * Compliance mode cannot be shortened or removed by anyone, including the root user.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
   * @default - Object Lock is not enabled
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;

  /**
   * How long the access-log bucket keeps the archive's S3 server access logs (whole days).
   *
   * @default Duration.days(365)
   */
  readonly accessLogsExpiration?: Duration;

  /**
   * Send the created archive and access-log buckets' object events (created, deleted,
   * restored...) to the account's default EventBridge bus, so deleted or overwritten log files can
   * be alerted on (Control Tower CT.S3.PR.4). AWS service events on the default bus are free.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
   * @default true
   */
  readonly archiveEventBridgeNotifications?: boolean;

  /**
   * The IAM roles or users exempt from the archive guard. The archive bucket's policy denies
   * everyone else (`Principal: *`, statements `DenyArchiveShortening` and
   * `DenyArchiveLegalHoldRemoval`) deleting log files or their versions, bypassing governance
   * retention, removing legal holds, changing the lifecycle, versioning or Object Lock
   * configuration, and deleting the bucket. That includes the role CloudFormation deploys with:
   * to change `archiveLifecycle` or `objectLockRetention` later, first deploy with the deploy role
   * listed here (e.g. the CDK bootstrap's
   * `arn:aws:iam::<account>:role/cdk-hnb659fds-cfn-exec-role-<account>-<region>`), then make the
   * change. ARNs must be role or user ARNs with a literal partition and account; the name may
   * use `*` or `?`. With an imported `archiveBucket` the statements are printed instead.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
   * @default - no exemption: nobody can shorten the archive without first changing its bucket policy
   */
  readonly archiveBreakGlassPrincipalArns?: string[];
}

/**
 * Props for `TrailArchive`.
 */
export interface TrailArchiveProps extends TrailArchiveOptions {
  /** The ARN of the trail that writes to the archive (the bucket policy's `aws:SourceArn`). */
  readonly trailArn: string;

  /** The organization whose accounts' log files the trail writes. */
  readonly organizationId: string;

  /**
   * The object key prefix the trail writes under.
   *
   * @default - no prefix
   */
  readonly s3KeyPrefix?: string;

  /**
   * The management account, owner of the trail (the bucket policy's `AWSLogs/<account>/` path).
   *
   * @default - the stack's account
   */
  readonly managementAccount?: string;

  /**
   * The key that encrypts a created archive bucket (SSE-KMS with an S3 Bucket Key).
   */
  readonly encryptionKey: kms.IKey;

  /**
   * What happens to created buckets when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The S3 archive of an organization trail: a KMS-encrypted, versioned, TLS-only bucket whose
 * policy lets only this trail write and denies everyone but the break-glass principals the
 * means to shorten it, and a hardened bucket for its S3 server access logs.
 */
export class TrailArchive extends Construct {
  /** The bucket CloudTrail writes to, created or imported. */
  public readonly bucket: s3.IBucket;

  /** The bucket that receives the archive's S3 server access logs; undefined for an imported archive. */
  public readonly accessLogsBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: TrailArchiveProps) {
    super(scope, id);
    const construct = calledConstruct(props, 'TrailArchive');
    const breakGlassPrincipalArns = props.archiveBreakGlassPrincipalArns ?? [];
    throwIfProblems(construct, [
      ...breakGlassPrincipalArnProblems('archiveBreakGlassPrincipalArns', breakGlassPrincipalArns),
      ...kmsKeyProblems('encryptionKey', props.encryptionKey, 'CloudTrail (SSE-KMS on the archive)'),
    ]);
    if (props.archiveBucket) {
      this.rejectSettingsForImportedBucket(props);
      assertSameRegion(this, 'archiveBucket', props.archiveBucket.env.region,
        'An organization trail delivers only to a bucket in its home Region here; deploy the stack in the bucket\'s Region or pass a bucket of the trail\'s Region.');
      this.bucket = props.archiveBucket;
    } else {
      const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
      const accessLogsBucket = createAccessLogsBucket(this,
        wholeDays('accessLogsExpiration', props.accessLogsExpiration ?? Duration.days(365), { minimum: 1 }), removalPolicy);
      const bucket = new s3.Bucket(this, 'Bucket', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.encryptionKey,
        bucketKeyEnabled: true,
        ...HARDENED_BUCKET_BASE,
        lifecycleRules: archiveLifecycleRules(this, props.archiveLifecycle, props.objectLockRetention, construct),
        objectLockEnabled: props.objectLockRetention ? true : undefined,
        objectLockDefaultRetention: props.objectLockRetention,
        removalPolicy,
      });
      deliverServerAccessLogs(this, bucket, accessLogsBucket, ACCESS_LOGS_PREFIX, 'S3ServerAccessLogsPolicy');
      if (props.archiveEventBridgeNotifications ?? true) {
        sendEventsToEventBridge(bucket);
        sendEventsToEventBridge(accessLogsBucket);
      }
      acknowledge(bucket, ARCHIVE_BUCKET_ACKNOWLEDGEMENTS);
      if (!props.objectLockRetention) {
        acknowledge(bucket, ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS);
      }
      this.bucket = bucket;
      this.accessLogsBucket = accessLogsBucket;
    }
    const stack = Stack.of(this);
    addStatementsOrWarn(this, 'BucketPolicyNeedsCloudTrail', 'The archive bucket (\'archiveBucket\')',
      [...archiveBucketStatements(stack, this.bucket.bucketArn, props), ...archiveGuardStatements(this.bucket.bucketArn, breakGlassPrincipalArns)],
      (statement) => this.bucket.addToResourcePolicy(statement),
      'or CloudTrail delivery fails (the AWSCloudTrail statements) and anyone with S3 permissions can delete log files or weaken the lifecycle, versioning and Object Lock (the DenyArchive statements)');
    if (!props.archiveBucket) {
      // The policy carries the guard, so it stays with the bucket: a retained archive whose policy
      // CloudFormation deleted on stack deletion (or on a policy replacement) would be unguarded.
      this.bucket.policy?.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    }
    this.node.addValidation({ validate: () => this.autoDeleteProblems() });
  }

  /**
   * A bucket of this stack passed as `archiveBucket` with `autoDeleteObjects` could never be
   * emptied: its custom resource deletes object versions, which the guard denies.
   */
  private autoDeleteProblems(): string[] {
    const autoDelete = this.bucket.node.findAll()
      .some((child) => CfnResource.isCfnResource(child) && child.cfnResourceType === AUTO_DELETE_OBJECTS_TYPE);
    return autoDelete
      ? ['\'archiveBucket\' has autoDeleteObjects, but the archive guard (DenyArchiveShortening) denies deleting object versions to everyone outside \'archiveBreakGlassPrincipalArns\', so emptying the bucket on stack deletion would fail. Drop autoDeleteObjects: an audit archive should outlive its stack.']
      : [];
  }

  private rejectSettingsForImportedBucket(props: TrailArchiveProps): void {
    const settings = [
      ['archiveLifecycle', props.archiveLifecycle],
      ['objectLockRetention', props.objectLockRetention],
      ['accessLogsExpiration', props.accessLogsExpiration],
      ['archiveEventBridgeNotifications', props.archiveEventBridgeNotifications],
    ].filter(([, value]) => value !== undefined).map(([name]) => `'${name}'`);
    if (settings.length > 0) {
      throw new Error(`${settings.join(', ')} only apply to an archive bucket this component creates, but 'archiveBucket' was given. Configure them on your bucket instead, or drop 'archiveBucket'.`);
    }
  }
}
