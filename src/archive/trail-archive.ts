import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import { archiveBucketStatements } from '../private/policy-statements';

/** Where the archive's server access logs land in the access-log bucket. */
const ACCESS_LOGS_PREFIX = 'archive/';

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
}

/**
 * The S3 archive of an organization trail: a KMS-encrypted, versioned, TLS-only bucket whose
 * policy lets only this trail write, and a hardened bucket for its S3 server access logs.
 */
export class TrailArchive extends Construct {
  /** The bucket CloudTrail writes to, created or imported. */
  public readonly bucket: s3.IBucket;

  /** The bucket that receives the archive's S3 server access logs; undefined for an imported archive. */
  public readonly accessLogsBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: TrailArchiveProps) {
    super(scope, id);
    if (props.bucket) {
      this.rejectSettingsForImportedBucket(props);
      assertSameRegion(this, 'archiveBucket', props.bucket.env.region,
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
        lifecycleRules: archiveLifecycleRules(this, props.lifecycle, props.objectLockRetention),
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
    addStatementsOrWarn(this, 'BucketPolicyNeedsCloudTrail', 'The archive bucket (\'archiveBucket\')',
      archiveBucketStatements(stack, this.bucket.bucketArn, props),
      (statement) => this.bucket.addToResourcePolicy(statement));
  }

  private rejectSettingsForImportedBucket(props: TrailArchiveProps): void {
    const settings = [
      ['archiveLifecycle', props.lifecycle],
      ['objectLockRetention', props.objectLockRetention],
      ['accessLogsExpiration', props.accessLogsExpiration],
      ['archiveEventBridgeNotifications', props.eventBridgeNotifications],
    ].filter(([, value]) => value !== undefined).map(([name]) => `'${name}'`);
    if (settings.length > 0) {
      throw new Error(`${settings.join(', ')} only apply to an archive bucket this component creates, but 'archiveBucket' was given. Configure them on your bucket instead, or drop 'archiveBucket'.`);
    }
  }
}
