import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { ArchiveLifecycle } from './archive-lifecycle';
import { archiveLifecycleRules } from './archive-lifecycle-rules';
import { acknowledge, ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS, REPLICA_BUCKET_ACKNOWLEDGEMENTS } from '../private/acknowledgements';
import { createAccessLogsBucket, deliverServerAccessLogs, HARDENED_BUCKET_BASE, sendEventsToEventBridge } from '../private/hardened-buckets';
import { ACCOUNT_ID, breakGlassPrincipalArnProblems, bucketNameProblems, trailNameProblems } from '../private/names';
import { defaultReplicationRoleName } from '../private/physical-names';
import { archiveGuardStatements, denyGrantsExceptForAwsServicesStatement } from '../private/policy-statements';
import { replicaBucketStatements, replicaKeyStatement } from '../private/replication-statements';
import { throwIfProblems, wholeDays } from '../private/validation';

/** Where the replica's server access logs land in its access-log bucket. */
const ACCESS_LOGS_PREFIX = 'replica/';

/** The alias ArchiveReplica gives its key by default (one replica per account and Region). */
const DEFAULT_KEY_ALIAS = 'alias/cloudtrail-archive-replica';

/** KMS alias names: `alias/` and letters, digits, `/_-`, at most 256 characters, not `alias/aws/`. */
const KEY_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;

const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/;

const CONSTRUCT = 'ArchiveReplica';

/**
 * Props for `ArchiveReplica`.
 */
export interface ArchiveReplicaProps {
  /**
   * The account of the archive that replicates into this bucket (the organization's management
   * account, where `OrganizationTrail` runs).
   */
  readonly sourceAccount: string;

  /**
   * The name of the source trail, from which the replication role's default name derives.
   *
   * @default 'organization-trail'
   */
  readonly sourceTrailName?: string;

  /**
   * The name of the source's replication role (`archiveReplication.replicationRoleName` there). Only
   * this role of `sourceAccount` may write replicas and use the key.
   *
   * @default - `<sourceTrailName>-archive-replication`, cut and hashed to 64 characters, as the source derives it
   */
  readonly sourceReplicationRoleName?: string;

  /**
   * The replica bucket's name, fixed so that the source can be given its ARN before it exists.
   *
   * @default - `cloudtrail-archive-replica-<account>-<region>`
   */
  readonly bucketName?: string;

  /**
   * The alias of the replica key, fixed so that the source can name the key (`keyAliasArn`) before
   * it exists.
   *
   * @default 'alias/cloudtrail-archive-replica'
   */
  readonly keyAlias?: string;

  /**
   * How long the replica keeps log files, independently of the archive.
   *
   * @default - as the archive: Infrequent Access after 90 days, Glacier Instant Retrieval after 365 days, expiry after 2557 days (7 years)
   */
  readonly archiveLifecycle?: ArchiveLifecycle;

  /**
   * Object Lock default retention of the replica. Required when the archive has Object Lock: S3
   * replicates each locked file's retention and fails replication into a bucket without Object
   * Lock. Without Object Lock on the archive, this default retention applies to every replica.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html
   * @default - Object Lock is not enabled
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;

  /**
   * How long the access-log bucket keeps the replica's S3 server access logs (whole days).
   *
   * @default Duration.days(365)
   */
  readonly accessLogsExpiration?: Duration;

  /**
   * Send the replica and access-log buckets' object events to the account's default EventBridge bus.
   *
   * @default true
   */
  readonly archiveEventBridgeNotifications?: boolean;

  /**
   * The IAM roles or users exempt from the replica's guard, which, as on the archive, denies everyone
   * else deleting files or versions, bypassing governance retention, removing legal holds and
   * weakening the lifecycle, versioning or Object Lock (see `TrailArchiveOptions`).
   *
   * @default - no exemption
   */
  readonly archiveBreakGlassPrincipalArns?: string[];

  /**
   * What happens to the bucket, key and access-log bucket when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The second copy of an organization trail's archive, deployed in another account and/or Region:
 * a versioned, KMS-encrypted (its own key), TLS-only bucket with its own lifecycle and optional
 * Object Lock, server access logs, the archive guard, and policies that let only the source's
 * replication role write replicas (never delete them) and use the key. Its names are fixed, so the
 * source stack takes `bucketArn` and `keyAliasArn` as literals.
 *
 * @example
 * const replica = new ArchiveReplica(this, 'Replica', {
 *   sourceAccount: '111111111111',
 * });
 */
export class ArchiveReplica extends Construct {
  /** The replica bucket. */
  public readonly bucket: s3.IBucket;

  /**
   * The replica bucket's name (a literal).
   * @attribute
   */
  public readonly bucketName: string;

  /**
   * The replica bucket's ARN (a literal), for `archiveReplication.destinationBucketArn`.
   * @attribute
   */
  public readonly bucketArn: string;

  /** The key that encrypts the replicas. */
  public readonly encryptionKey: kms.IKey;

  /**
   * The key's alias ARN (a literal), for `archiveReplication.destinationKeyArn`.
   * @attribute
   */
  public readonly keyAliasArn: string;

  /** The bucket that receives the replica's S3 server access logs. */
  public readonly accessLogsBucket: s3.IBucket;

  /**
   * The ARN of the source's replication role, the only principal admitted to write replicas.
   * @attribute
   */
  public readonly sourceReplicationRoleArn: string;

  constructor(scope: Construct, id: string, props: ArchiveReplicaProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.validateProps(stack, props);
    const partition = RegionInfo.get(stack.region).partition ?? 'aws';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const keyAlias = props.keyAlias ?? DEFAULT_KEY_ALIAS;
    this.bucketName = props.bucketName ?? `cloudtrail-archive-replica-${stack.account}-${stack.region}`;
    this.bucketArn = `arn:${partition}:s3:::${this.bucketName}`;
    this.keyAliasArn = `arn:${partition}:kms:${stack.region}:${stack.account}:${keyAlias}`;
    const roleName = props.sourceReplicationRoleName ?? defaultReplicationRoleName(props.sourceTrailName ?? 'organization-trail');
    this.sourceReplicationRoleArn = `arn:${partition}:iam::${props.sourceAccount}:role/${roleName}`;
    const source = { account: props.sourceAccount, roleArn: this.sourceReplicationRoleArn };

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the second copy of the CloudTrail archive of account ${props.sourceAccount}`,
      alias: keyAlias,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy,
    });
    key.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
    key.addToResourcePolicy(replicaKeyStatement(this.bucketArn, stack.region, source));
    this.encryptionKey = key;

    const accessLogsBucket = createAccessLogsBucket(this,
      wholeDays('accessLogsExpiration', props.accessLogsExpiration ?? Duration.days(365), { minimum: 1 }), removalPolicy);
    const bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: this.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      ...HARDENED_BUCKET_BASE,
      lifecycleRules: archiveLifecycleRules(this, props.archiveLifecycle, props.objectLockRetention, CONSTRUCT),
      objectLockEnabled: props.objectLockRetention ? true : undefined,
      objectLockDefaultRetention: props.objectLockRetention,
      removalPolicy,
    });
    deliverServerAccessLogs(this, bucket, accessLogsBucket, ACCESS_LOGS_PREFIX, 'S3ServerAccessLogsPolicy');
    if (props.archiveEventBridgeNotifications ?? true) {
      sendEventsToEventBridge(bucket);
      sendEventsToEventBridge(accessLogsBucket);
    }
    for (const statement of [...replicaBucketStatements(bucket.bucketArn, source),
      ...archiveGuardStatements(bucket.bucketArn, props.archiveBreakGlassPrincipalArns ?? [])]) {
      bucket.addToResourcePolicy(statement);
    }
    // The policy carries the guard, so it stays with the bucket (as the archive's does).
    bucket.policy?.applyRemovalPolicy(removalPolicy);
    acknowledge(bucket, REPLICA_BUCKET_ACKNOWLEDGEMENTS);
    if (!props.objectLockRetention) {
      acknowledge(bucket, ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS);
    }
    this.bucket = bucket;
    this.accessLogsBucket = accessLogsBucket;
  }

  private validateProps(stack: Stack, props: ArchiveReplicaProps): void {
    const problems: string[] = [];
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      problems.push(`ArchiveReplica derives literal names from its stack's account and Region (the source stack names them across accounts), but the stack '${stack.stackName}' has no explicit env. Give it one: new Stack(app, 'Replica', { env: { account: '222222222222', region: 'eu-west-1' } }).`);
    }
    if (Token.isUnresolved(props.sourceAccount) || !ACCOUNT_ID.test(props.sourceAccount)) {
      problems.push(`'sourceAccount' must be a literal 12-digit AWS account ID (the trail's management account), got '${props.sourceAccount}'.`);
    }
    if (props.sourceTrailName !== undefined) {
      problems.push(...trailNameProblems(props.sourceTrailName).map((problem) => problem.replace('\'trailName\'', '\'sourceTrailName\'')));
    }
    const roleName = props.sourceReplicationRoleName;
    if (roleName !== undefined && (Token.isUnresolved(roleName) || !ROLE_NAME.test(roleName))) {
      problems.push(`'sourceReplicationRoleName' must be a literal IAM role name (1-64 letters, digits and +=,.@_-), got '${props.sourceReplicationRoleName}'.`);
    }
    if (props.bucketName !== undefined) {
      problems.push(...(Token.isUnresolved(props.bucketName)
        ? ['\'bucketName\' must be a literal: the source stack names the bucket in its replication rule.']
        : bucketNameProblems('\'bucketName\'', props.bucketName)));
    }
    if (props.keyAlias !== undefined && (Token.isUnresolved(props.keyAlias) || !KEY_ALIAS.test(props.keyAlias) || props.keyAlias.startsWith('alias/aws/'))) {
      problems.push(`'keyAlias' must be a literal KMS alias: 'alias/' followed by letters, digits, '/', '_' or '-' (not 'alias/aws/', which AWS reserves), got '${props.keyAlias}'.`);
    }
    problems.push(...breakGlassPrincipalArnProblems('archiveBreakGlassPrincipalArns', props.archiveBreakGlassPrincipalArns ?? []));
    throwIfProblems(CONSTRUCT, problems);
  }
}
