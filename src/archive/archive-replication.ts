import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledge, REPLICATION_ROLE_WILDCARD_REASON, wildcardResourceAcknowledgements } from '../private/acknowledgements';
import { logsRootPath } from '../private/arns';
import { addStatementsOrWarn } from '../private/imported-policy';
import { ACCOUNT_ID, bucketNameProblems, REGION_CODE } from '../private/names';
import { defaultReplicationRoleName } from '../private/physical-names';
import {
  ReplicaKeyReference,
  replicationRoleStatements,
  replicationRoleTrustConditions,
  S3_SERVICE_PRINCIPAL,
  sourceKeyReplicationStatement,
} from '../private/replication-statements';

/**
 * A second copy of the archive: S3 replication of every new log and digest file into a bucket in
 * another Region and/or another account (deploy `ArchiveReplica` there). Deletions are not followed:
 * delete markers are not replicated, and S3 never replicates the deletion of an object version.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html
 */
export interface ArchiveReplicationOptions {
  /**
   * The destination bucket's ARN, a literal such as `arn:aws:s3:::cloudtrail-archive-replica-222222222222-eu-west-1`
   * (`ArchiveReplica.bucketArn`). It must be versioned, and must have Object Lock when the archive has
   * `objectLockRetention` (S3 fails replication with `DstBucketObjectLockConfigMissing` otherwise).
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html
   */
  readonly destinationBucketArn: string;

  /**
   * The KMS key that encrypts the replicas, in the destination bucket's Region: a key ARN, or an alias
   * ARN (`ArchiveReplica.keyAliasArn`, known before the key exists). The archive is SSE-KMS encrypted,
   * and S3 replicates SSE-KMS objects only with a replica key. Its Region and account are those of the
   * second copy.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
   */
  readonly destinationKeyArn: string;

  /**
   * The account that owns the destination bucket. When it is not the archive's account, replicas
   * become the destination account's (owner override, `AccessControlTranslation`).
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html
   * @default - the account of `destinationKeyArn`
   */
  readonly destinationAccount?: string;

  /**
   * The storage class of the replicas.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-replicationdestination.html
   * @default - the source object's storage class (S3 Standard)
   */
  readonly storageClass?: s3.StorageClass;

  /**
   * S3 Replication Time Control: replicas within 15 minutes (SLA-backed), with replication metrics and
   * `s3:Replication:OperationMissedThreshold` events. Charged per GB replicated.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html
   * @default false
   */
  readonly replicationTimeControl?: boolean;

  /**
   * The name of the replication role (`ArchiveReplica`'s `sourceReplicationRoleName` must match it).
   *
   * @default - `<trailName>-archive-replication`, cut and hashed to 64 characters
   */
  readonly replicationRoleName?: string;
}

/** The values a destination's replication config takes (`S3_STANDARD` is the source's default). */
const REPLICA_STORAGE_CLASSES = ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR'];

/** S3 Replication Time Control's one threshold, in minutes ("Valid value: 15"). */
const REPLICATION_TIME_MINUTES = 15;

const BUCKET_ARN = /^arn:(aws(?:-[a-z]+)*):s3:::([^/]+)$/;
const KEY_ARN = /^arn:(aws(?:-[a-z]+)*):kms:([a-z0-9-]+):(\d{12}):(key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]+)$/;
const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/;

/** What the archive knows when it sets up its second copy. */
export interface ArchiveReplicationContext {
  /** Names a prop as the user wrote it (e.g. `archiveReplication.destinationBucketArn`). */
  readonly name: (prop: string) => string;
  readonly trailArn: string;
  readonly s3KeyPrefix?: string;
  readonly objectLock: boolean;
}

/** The destination as parsed from the options. */
interface Destination {
  readonly bucketArn: string;
  readonly bucketName: string;
  readonly key: ReplicaKeyReference;
  readonly account: string;
}

/** The problems of the options (none when they are fine); the destination when they are. */
export function archiveReplicationProblems(
  stack: Stack, options: ArchiveReplicationOptions, context: ArchiveReplicationContext,
): { problems: string[]; destination?: Destination } {
  const name = (prop: string) => context.name(`archiveReplication.${prop}`);
  const problems: string[] = [];
  const literal = (prop: string, value: string | undefined): value is string => {
    if (value !== undefined && Token.isUnresolved(value)) {
      problems.push(`'${name(prop)}' must be a literal string: the second copy lives in another account or Region, which CloudFormation cannot reference across. Pass the ARN as text (ArchiveReplica derives its names, so they are known before it is deployed).`);
      return false;
    }
    return value !== undefined;
  };

  // Required in the type; checked for JavaScript callers, whom the compiler does not stop.
  if (options.destinationBucketArn === undefined) {
    problems.push(`'${name('destinationBucketArn')}' is required: the ARN of the bucket that holds the second copy (ArchiveReplica's bucketArn).`);
  }
  if (options.destinationKeyArn === undefined) {
    problems.push(`'${name('destinationKeyArn')}' is required: the archive is SSE-KMS encrypted, and S3 replicates SSE-KMS objects only with a replica key (EncryptionConfiguration.ReplicaKmsKeyID). Pass the replica key's ARN or alias ARN (ArchiveReplica's keyAliasArn).`);
  }

  let bucketName: string | undefined;
  let bucketPartition: string | undefined;
  if (literal('destinationBucketArn', options.destinationBucketArn)) {
    const match = BUCKET_ARN.exec(options.destinationBucketArn);
    if (!match) {
      problems.push(`'${name('destinationBucketArn')}' must be an S3 bucket ARN such as 'arn:aws:s3:::cloudtrail-archive-replica-222222222222-eu-west-1' (no object path), got '${options.destinationBucketArn}'.`);
    } else {
      [, bucketPartition, bucketName] = match;
      problems.push(...bucketNameProblems(`'${name('destinationBucketArn')}'`, bucketName));
    }
  }

  let key: ReplicaKeyReference | undefined;
  if (literal('destinationKeyArn', options.destinationKeyArn)) {
    const match = KEY_ARN.exec(options.destinationKeyArn);
    if (!match) {
      problems.push(`'${name('destinationKeyArn')}' must be a KMS key ARN ('arn:aws:kms:eu-west-1:222222222222:key/<key id>') or alias ARN ('arn:aws:kms:eu-west-1:222222222222:alias/<name>'), got '${options.destinationKeyArn}'. A key ID or alias name alone would be looked up in the wrong account.`);
    } else {
      const [, partition, region, account, resource] = match;
      const alias = resource.startsWith('alias/') ? resource : undefined;
      if (!REGION_CODE.test(region)) {
        problems.push(`'${name('destinationKeyArn')}' names the Region '${region}', which is not a Region code such as 'eu-west-1'.`);
      }
      if (alias?.startsWith('alias/aws/')) {
        problems.push(`'${name('destinationKeyArn')}' names the AWS managed key '${alias}', whose policy cannot admit the replication role. Use a customer managed key (ArchiveReplica creates one).`);
      }
      if (bucketPartition !== undefined && partition !== bucketPartition) {
        problems.push(`'${name('destinationKeyArn')}' is in partition '${partition}' but '${name('destinationBucketArn')}' in '${bucketPartition}'; replication stays within one partition.`);
      }
      key = { arn: options.destinationKeyArn, partition, region, account, alias };
    }
  }

  const destinationAccount = options.destinationAccount ?? key?.account;
  if (options.destinationAccount !== undefined && literal('destinationAccount', options.destinationAccount) && !ACCOUNT_ID.test(options.destinationAccount)) {
    problems.push(`'${name('destinationAccount')}' must be a 12-digit AWS account ID, got '${options.destinationAccount}'.`);
  }

  const stackPartition = Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).partition;
  if (bucketPartition !== undefined && stackPartition !== undefined && bucketPartition !== stackPartition) {
    problems.push(`'${name('destinationBucketArn')}' is in partition '${bucketPartition}' but the archive in '${stackPartition}' (Region ${stack.region}); S3 replicates only within a partition.`);
  }

  if (key && destinationAccount && !Token.isUnresolved(stack.region) && !Token.isUnresolved(stack.account)
    && key.region === stack.region && destinationAccount === stack.account) {
    problems.push(`'${name('destinationKeyArn')}' puts the second copy in the archive's own account (${stack.account}) and Region (${stack.region}). That is not a separate copy: the same administrators and the same Regional outage reach both (NIST 800-53 AU-9(2), PCI DSS 10.5.3). Deploy ArchiveReplica in another Region or another account and pass its ARNs.`);
  }

  const storageClass = options.storageClass?.value;
  if (storageClass !== undefined && !Token.isUnresolved(storageClass) && !REPLICA_STORAGE_CLASSES.includes(storageClass)) {
    problems.push(`'${name('storageClass')}' must be a storage class S3 replicates into (${REPLICA_STORAGE_CLASSES.join(', ')}), got '${storageClass}'.`);
  }

  if (options.replicationRoleName !== undefined && literal('replicationRoleName', options.replicationRoleName) && !ROLE_NAME.test(options.replicationRoleName)) {
    problems.push(`'${name('replicationRoleName')}' must be an IAM role name (1-64 letters, digits and +=,.@_-), got '${options.replicationRoleName}'.`);
  }

  if (problems.length > 0 || !key || bucketName === undefined || destinationAccount === undefined) {
    return { problems };
  }
  return { problems, destination: { bucketArn: options.destinationBucketArn, bucketName, key, account: destinationAccount } };
}

/** The trail's name, read from its ARN (undefined when the ARN is a token). */
function trailNameOf(trailArn: string): string | undefined {
  const marker = ':trail/';
  const at = trailArn.lastIndexOf(marker);
  const name = at < 0 ? undefined : trailArn.slice(at + marker.length);
  return name === undefined || name.length === 0 || Token.isUnresolved(name) ? undefined : name;
}

/**
 * Sets up the archive's second copy on a created archive bucket: the replication role (a managed
 * policy, as the packs require) with the trail key's statement, and the bucket's replication rule.
 * Returns the role and its policy.
 */
export function replicateArchive(
  scope: Construct, bucket: s3.Bucket, key: kms.IKey, options: ArchiveReplicationOptions,
  destination: Destination, context: ArchiveReplicationContext,
): { role: iam.Role; policy: iam.ManagedPolicy } {
  const stack = Stack.of(scope);
  const trailName = trailNameOf(context.trailArn);
  const roleName = options.replicationRoleName ?? (trailName ? defaultReplicationRoleName(trailName) : undefined);
  if (roleName === undefined) {
    throw new Error(`'${context.name('archiveReplication.replicationRoleName')}' is needed when the trail's name cannot be read from 'trailArn' (${context.trailArn}): ArchiveReplica must name the role before it exists. Set it, e.g. 'organization-trail-archive-replication'.`);
  }
  const logsRoot = logsRootPath(context.s3KeyPrefix);
  const objectsKeyPattern = `${logsRoot}/*`;
  // Owner override only when the accounts are known to differ; a destination with ACLs disabled (bucket
  // owner enforced, as ArchiveReplica's) owns its replicas without it.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html
  const crossAccount = !Token.isUnresolved(stack.account) && destination.account !== stack.account;

  const role = new iam.Role(scope, 'ReplicationRole', {
    roleName,
    assumedBy: new iam.ServicePrincipal(S3_SERVICE_PRINCIPAL, { conditions: replicationRoleTrustConditions(stack.account) }),
    description: `Lets S3 replicate the CloudTrail archive's log files into its second copy ${destination.bucketName}`,
  });
  const statements = replicationRoleStatements({
    sourceBucketArn: bucket.bucketArn,
    sourceKeyArn: key.keyArn,
    sourceRegion: stack.region,
    objectsKeyPattern,
    destinationBucketArn: destination.bucketArn,
    destinationKey: destination.key,
    ownerOverride: crossAccount,
    objectLock: context.objectLock,
  });
  // A managed policy rather than an inline one: NIST 800-53, HIPAA and PCI DSS packs reject inline policies.
  const policy = new iam.ManagedPolicy(scope, 'ReplicationPolicy', {
    description: `S3 replication of the CloudTrail archive into ${destination.bucketName}: read and decrypt the log files, write and encrypt replicas, never delete`,
    roles: [role],
    statements,
  });
  acknowledge(policy, wildcardResourceAcknowledgements(stack,
    statements.flatMap((statement) => statement.resources), REPLICATION_ROLE_WILDCARD_REASON));

  // A key this component (or the app) creates delegates to IAM (its default policy), and the role's
  // policy above carries the grant; an imported key gets the statement printed, naming the role by its
  // fixed ARN.
  if (!CfnResource.isCfnResource(key.node.defaultChild)) {
    const roleArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: roleName });
    addStatementsOrWarn(scope, 'KeyPolicyNeedsArchiveReplication', 'The trail\'s KMS key (\'encryptionKey\')',
      [sourceKeyReplicationStatement(roleArn, bucket.bucketArn, objectsKeyPattern, stack.region)],
      (statement) => key.addToResourcePolicy(statement, true),
      `or S3 cannot decrypt the log files it replicates into ${destination.bucketName} (unless the key policy lets IAM policies grant access)`);
  }

  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  const timeControl = options.replicationTimeControl === true;
  cfnBucket.replicationConfiguration = {
    role: role.roleArn,
    rules: [{
      id: 'SecondCopy',
      status: 'Enabled',
      priority: 0,
      // A Filter makes this a V2 rule, which needs DeleteMarkerReplication and Priority; delete markers
      // stay behind, and V2 never replicates the deletion of a version ("This protects data from
      // malicious deletions").
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html
      filter: { prefix: `${logsRoot}/` },
      deleteMarkerReplication: { status: 'Disabled' },
      sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
      destination: {
        bucket: destination.bucketArn,
        encryptionConfiguration: { replicaKmsKeyId: destination.key.arn },
        storageClass: options.storageClass?.value,
        ...(crossAccount ? { account: destination.account, accessControlTranslation: { owner: 'Destination' } } : {}),
        ...(timeControl ? {
          replicationTime: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
          metrics: { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
        } : {}),
      },
    }],
  };
  return { role, policy };
}
