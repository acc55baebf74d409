import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ArchiveLifecycle } from './archive-lifecycle';
import { archiveLifecycleRules, wholeDays } from './archive-lifecycle-rules';
import {
  acknowledge,
  ARCHIVE_BUCKET_ACKNOWLEDGEMENTS,
  ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS,
} from '../private/acknowledgements';
import { createAccessLogsBucket, deliverServerAccessLogs, HARDENED_BUCKET_BASE, sendEventsToEventBridge } from '../private/hardened-buckets';
import { addStatementsOrWarn, assertSameRegion } from '../private/imported-policy';
import { kmsKeyProblems } from '../private/key-checks';
import { breakGlassPrincipalArnProblems, throwIfProblems } from '../private/names';
import { archiveBucketStatements, archiveGuardStatements } from '../private/policy-statements';
import { propName } from '../private/prop-names';

/** Where the archive's server access logs land in the access-log bucket. */
const ACCESS_LOGS_PREFIX = 'archive/';

/** The custom resource aws-cdk-lib adds to a bucket with `autoDeleteObjects`. */
const AUTO_DELETE_OBJECTS_TYPE = 'Custom::S3AutoDeleteObjects';

/**
 * Props for `TrailArchive`.
 */
export interface TrailArchiveProps {
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
   * The key that encrypts a created archive bucket (SSE-KMS with an S3 Bucket Key).
   */
  readonly encryptionKey: kms.IKey;

  /**
   * Use this bucket instead of creating one. If it was imported, a warning lists the bucket
   * policy statements to add; lifecycle and Object Lock settings cannot be applied to it.
   *
   * @default - a new hardened bucket is created, with an access-log bucket beside it
   */
  readonly bucket?: s3.IBucket;

  /**
   * Lifecycle of the log files in a created bucket.
   *
   * @default - see `ArchiveLifecycle`
   */
  readonly lifecycle?: ArchiveLifecycle;

  /**
   * Object Lock default retention for a created bucket.
   *
   * @default - Object Lock is not enabled
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;

  /**
   * How long the access-log bucket keeps S3 server access logs.
   *
   * @default Duration.days(365)
   */
  readonly accessLogsExpiration?: Duration;

  /**
   * Send the created buckets' object events (created, deleted, restored...) to the account's
   * default EventBridge bus, so deletions of log files can be alerted on (Control Tower
   * CT.S3.PR.4). AWS service events on the default bus are free.
   *
   * @default true
   */
  readonly eventBridgeNotifications?: boolean;

  /**
   * What happens to created buckets when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The IAM roles or users (ARNs, `*` and `?` allowed in the name) exempt from the archive
   * guard: the bucket policy statements `DenyArchiveShortening` and
   * `DenyArchiveLegalHoldRemoval` deny every other principal deleting objects or versions,
   * bypassing governance retention, removing legal holds and changing the lifecycle, versioning
   * or Object Lock configuration. The facade calls it `archiveBreakGlassPrincipalArns`.
   *
   * @default - no exemption: not even the deploy role can change lifecycle, versioning or Object Lock
   */
  readonly breakGlassPrincipalArns?: string[];
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

  /** How the construct the user called spells the props that messages name. */
  private readonly names: { bucket: string; lifecycle: string; eventBridgeNotifications: string; breakGlassPrincipalArns: string };

  constructor(scope: Construct, id: string, props: TrailArchiveProps) {
    super(scope, id);
    this.names = {
      bucket: propName(scope, 'bucket'),
      lifecycle: propName(scope, 'lifecycle'),
      eventBridgeNotifications: propName(scope, 'eventBridgeNotifications'),
      breakGlassPrincipalArns: propName(scope, 'breakGlassPrincipalArns'),
    };
    const breakGlassPrincipalArns = props.breakGlassPrincipalArns ?? [];
    throwIfProblems([
      ...breakGlassPrincipalArnProblems(this.names.breakGlassPrincipalArns, breakGlassPrincipalArns),
      ...kmsKeyProblems('encryptionKey', props.encryptionKey, 'CloudTrail (SSE-KMS on the archive)'),
    ]);
    if (props.bucket) {
      this.rejectSettingsForImportedBucket(props);
      assertSameRegion(this, this.names.bucket, props.bucket.env.region,
        'An organization trail delivers only to a bucket in its home Region here; deploy the stack in the bucket\'s Region or pass a bucket of the trail\'s Region.');
      this.bucket = props.bucket;
    } else {
      const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
      const accessLogsBucket = createAccessLogsBucket(this,
        wholeDays('accessLogsExpiration', props.accessLogsExpiration ?? Duration.days(365), 1), removalPolicy);
      const bucket = new s3.Bucket(this, 'Bucket', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.encryptionKey,
        bucketKeyEnabled: true,
        ...HARDENED_BUCKET_BASE,
        lifecycleRules: archiveLifecycleRules(this, props.lifecycle, props.objectLockRetention, this.names.lifecycle),
        objectLockEnabled: props.objectLockRetention ? true : undefined,
        objectLockDefaultRetention: props.objectLockRetention,
        removalPolicy,
      });
      deliverServerAccessLogs(this, bucket, accessLogsBucket, ACCESS_LOGS_PREFIX, 'S3ServerAccessLogsPolicy');
      if (props.eventBridgeNotifications ?? true) {
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
    addStatementsOrWarn(this, 'BucketPolicyNeedsCloudTrail', `The archive bucket ('${this.names.bucket}')`,
      [...archiveBucketStatements(stack, this.bucket.bucketArn, props), ...archiveGuardStatements(this.bucket.bucketArn, breakGlassPrincipalArns)],
      (statement) => this.bucket.addToResourcePolicy(statement),
      'or CloudTrail delivery fails (the AWSCloudTrail statements) and anyone with S3 permissions can delete log files or weaken the lifecycle, versioning and Object Lock (the DenyArchive statements)');
    if (!props.bucket) {
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
      ? [`'${this.names.bucket}' has autoDeleteObjects, but the archive guard (DenyArchiveShortening) denies deleting object versions to everyone outside '${this.names.breakGlassPrincipalArns}', so emptying the bucket on stack deletion would fail. Drop autoDeleteObjects: an audit archive should outlive its stack.`]
      : [];
  }

  private rejectSettingsForImportedBucket(props: TrailArchiveProps): void {
    const settings = [
      [this.names.lifecycle, props.lifecycle],
      ['objectLockRetention', props.objectLockRetention],
      ['accessLogsExpiration', props.accessLogsExpiration],
      [this.names.eventBridgeNotifications, props.eventBridgeNotifications],
    ].filter(([, value]) => value !== undefined).map(([name]) => `'${name}'`);
    if (settings.length > 0) {
      throw new Error(`${settings.join(', ')} only apply to an archive bucket this component creates, but '${this.names.bucket}' was given. Configure them on your bucket instead, or drop '${this.names.bucket}'.`);
    }
  }
}
