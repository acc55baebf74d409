import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The policy statements of the archive's second copy (S3 replication), beside the other statements
 * of `policy-statements.ts` but in their own file: the replication role's permissions and trust, the
 * statement the trail key needs, and the destination bucket and key policies `ArchiveReplica` writes
 * in the other account or Region. The shapes follow the S3 replication guide; the `Sid`s are stable.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */

/** The service principal that assumes a replication role ("identify Amazon S3 as the service principal"). */
export const S3_SERVICE_PRINCIPAL = 's3.amazonaws.com';

/**
 * What the replication role reads on the source: the configuration and listing (the guide's minimum;
 * "the current permissions model requires the s3:ListBucket permission for accessing delete markers").
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 */
export const REPLICATION_SOURCE_BUCKET_ACTIONS: readonly string[] = ['s3:GetReplicationConfiguration', 's3:ListBucket'];

/**
 * What the replication role reads of each source object: the version (the action "provides Amazon S3
 * with only the minimum permissions necessary for replication", and unlike s3:GetObjectVersion it
 * covers SSE-KMS objects) and its ACL. Object tags are not read: CloudTrail does not tag log files.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
export const REPLICATION_SOURCE_OBJECT_ACTIONS: readonly string[] = ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'];

/**
 * Read on the source when it has Object Lock, so that each replica keeps its retention and legal hold
 * ("You must grant two new permissions ... s3:GetObjectRetention and s3:GetObjectLegalHold").
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
 */
export const REPLICATION_OBJECT_LOCK_ACTIONS: readonly string[] = ['s3:GetObjectRetention', 's3:GetObjectLegalHold'];

/**
 * Written on the destination. `s3:ReplicateObject` only: `s3:ReplicateDelete` is what replicates delete
 * markers ("replicate objects or delete markers"), and a second copy must not follow deletions; object
 * tags ride on ReplicateObject ("also allow replication of object tags").
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 */
export const REPLICATION_DESTINATION_ACTIONS: readonly string[] = ['s3:ReplicateObject'];

/**
 * The owner override, when the destination is in another account: the role needs it, and the
 * destination bucket policy must allow it.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html
 */
export const OWNER_OVERRIDE_ACTION = 's3:ObjectOwnerOverrideToBucketOwner';

/**
 * What S3 asks KMS for on the destination key when it writes a replica: `kms:Encrypt` (the guide's
 * permission "for the AWS KMS key used to encrypt the object replica"), `kms:Decrypt` (with an S3 Bucket
 * Key on the destination, "the AWS KMS key policy ... must include kms:Decrypt permissions for the
 * calling principal"), and `kms:GenerateDataKey`, which an S3 Bucket Key is made with. That last one is
 * UNVERIFIED for replication (the guide names only Encrypt and Decrypt); without it a replica written
 * with a Bucket Key would fail, so it is granted, on the destination bucket's encryption context only.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
export const REPLICA_KEY_ACTIONS: readonly string[] = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'];

/** The destination's key, as the source names it. */
export interface ReplicaKeyReference {
  /** The key ARN, or an alias ARN (then `alias` is set). */
  readonly arn: string;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  /** `alias/<name>` when the key is named by an alias ARN. */
  readonly alias?: string;
}

/** Everything the replication role's statements name. */
export interface ReplicationRoleTarget {
  readonly sourceBucketArn: string;
  readonly sourceKeyArn: string;
  readonly sourceRegion: string;
  /** The objects replicated, relative to the buckets, e.g. `AWSLogs/*`. */
  readonly objectsKeyPattern: string;
  readonly destinationBucketArn: string;
  readonly destinationKey: ReplicaKeyReference;
  /** Whether replicas change owner (destination in another account). */
  readonly ownerOverride: boolean;
  /** Whether the source has Object Lock, whose retention replicas keep. */
  readonly objectLock: boolean;
}

/** `kms:ViaService` for S3 in a Region: the request came through S3, not straight to KMS. */
function viaS3(region: string): { [key: string]: string } {
  return { 'kms:ViaService': `s3.${region}.amazonaws.com` };
}

/**
 * The encryption contexts S3 presents for a bucket's objects: the object ARN, or the bucket ARN when an
 * S3 Bucket Key is in use ("S3 Bucket Keys use the bucket ARN as encryption context").
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
function s3Contexts(bucketArn: string, objectsKeyPattern: string): string[] {
  return [bucketArn, `${bucketArn}/${objectsKeyPattern}`];
}

/**
 * The confused-deputy keys on the replication role's trust policy. The S3 guide's trust policy has no
 * condition, and no page says whether S3 sends `aws:SourceAccount` when it assumes a replication role
 * (UNVERIFIED); the IfExists form narrows the role to S3 acting for this account when the key is sent,
 * and keeps replication working when it is not. A role cannot be passed to another account's bucket
 * anyway (iam:PassRole is same-account).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 */
export function replicationRoleTrustConditions(sourceAccount: string): { [operator: string]: { [key: string]: string } } {
  return { StringEqualsIfExists: { 'aws:SourceAccount': sourceAccount } };
}

/**
 * The replication role's permissions: the guide's minimum on the source and destination, the owner
 * override when the destination is in another account, Object Lock reads when the source has it, and
 * the KMS statements of the SSE-KMS example (decrypt the source key and encrypt with the replica key,
 * each only through S3 in its Region and only for its bucket's objects). With an alias ARN for the
 * destination key, the key's ID is unknown here, so the statement names the destination account's keys
 * and requires the alias (`kms:ResourceAliases`, which KMS evaluates on the key whatever name the
 * request used).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-resource-aliases
 */
export function replicationRoleStatements(target: ReplicationRoleTarget): iam.PolicyStatement[] {
  const { destinationKey: key } = target;
  const replicaKeyResource = key.alias ? `arn:${key.partition}:kms:${key.region}:${key.account}:key/*` : key.arn;
  return [
    new iam.PolicyStatement({
      sid: 'ReadReplicationConfiguration',
      actions: [...REPLICATION_SOURCE_BUCKET_ACTIONS],
      resources: [target.sourceBucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'ReadSourceLogFiles',
      actions: [...REPLICATION_SOURCE_OBJECT_ACTIONS, ...(target.objectLock ? REPLICATION_OBJECT_LOCK_ACTIONS : [])],
      resources: [`${target.sourceBucketArn}/${target.objectsKeyPattern}`],
    }),
    new iam.PolicyStatement({
      sid: 'WriteReplicas',
      actions: [...REPLICATION_DESTINATION_ACTIONS, ...(target.ownerOverride ? [OWNER_OVERRIDE_ACTION] : [])],
      resources: [`${target.destinationBucketArn}/${target.objectsKeyPattern}`],
    }),
    new iam.PolicyStatement({
      sid: 'DecryptSourceThroughS3',
      actions: ['kms:Decrypt'],
      resources: [target.sourceKeyArn],
      conditions: {
        StringEquals: viaS3(target.sourceRegion),
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': s3Contexts(target.sourceBucketArn, target.objectsKeyPattern) },
      },
    }),
    new iam.PolicyStatement({
      sid: 'EncryptReplicasThroughS3',
      actions: [...REPLICA_KEY_ACTIONS],
      resources: [replicaKeyResource],
      conditions: {
        StringEquals: viaS3(key.region),
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': s3Contexts(target.destinationBucketArn, target.objectsKeyPattern) },
        ...(key.alias ? { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': key.alias } } : {}),
      },
    }),
  ];
}

/**
 * The key policy statement an imported trail key needs when its policy does not let IAM policies of
 * the account grant access: the replication role may decrypt only through S3 in the archive's Region
 * and only the archive's objects (or its S3 Bucket Key). A key this component creates needs none: its
 * default policy delegates to IAM, and the role's own policy carries exactly this grant. (The created
 * key's policy could not name the archive anyway: the bucket names the key, so the key naming the
 * bucket would be a CloudFormation cycle, and a statement without the encryption context would grant
 * more than the role's policy does.)
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function sourceKeyReplicationStatement(
  roleArn: string, sourceBucketArn: string, objectsKeyPattern: string, region: string,
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowArchiveReplicationToDecrypt',
    principals: [new iam.ArnPrincipal(roleArn)],
    actions: ['kms:Decrypt'],
    resources: ['*'],
    conditions: {
      StringEquals: viaS3(region),
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': s3Contexts(sourceBucketArn, objectsKeyPattern) },
    },
  });
}

/** Whom the replica's policies admit: the source account, narrowed to its replication role. */
export interface ReplicationSource {
  readonly account: string;
  readonly roleArn: string;
}

/**
 * The principal of the replica's statements: the source account's root, as in the guide's
 * cross-account bucket policy, narrowed to the replication role by `aws:PrincipalArn`. Naming the role
 * itself as principal would make S3 and KMS reject the policy until the role exists ("invalid
 * principal"), and the replica is deployed before the source that replicates into it.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html#setting-repl-config-crossacct
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
function sourceRole(source: ReplicationSource): { principals: iam.IPrincipal[]; conditions: { [operator: string]: { [key: string]: string } } } {
  return {
    principals: [new iam.AccountPrincipal(source.account)],
    conditions: { ArnEquals: { 'aws:PrincipalArn': source.roleArn } },
  };
}

/**
 * The replica bucket's statements for the source: write replicas and accept their ownership (the
 * guide's "Permissions on objects", with the owner override; no `s3:ReplicateDelete`), list the bucket
 * (the role only), and read its versioning status. The guide grants its "Permissions on bucket" to the
 * whole source account, which suggests the source's PutBucketReplication checks the destination's
 * versioning as the caller (UNVERIFIED): `s3:GetBucketVersioning` stays open to the source account,
 * and `s3:PutBucketVersioning` is left out (replication never changes the destination's versioning,
 * and the archive guard denies it). Last, a deny of `s3:ReplicateDelete` to everyone, so that no
 * replication configuration can carry deletions over.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html#setting-repl-config-crossacct
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html
 */
export function replicaBucketStatements(bucketArn: string, source: ReplicationSource): iam.PolicyStatement[] {
  const role = sourceRole(source);
  return [
    new iam.PolicyStatement({
      sid: 'AllowArchiveReplication',
      ...role,
      actions: [...REPLICATION_DESTINATION_ACTIONS, OWNER_OVERRIDE_ACTION],
      resources: [`${bucketArn}/*`],
    }),
    new iam.PolicyStatement({
      sid: 'AllowArchiveReplicationListing',
      ...role,
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'AllowSourceVersioningCheck',
      principals: role.principals,
      actions: ['s3:GetBucketVersioning'],
      resources: [bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'DenyReplicatedDeletes',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:ReplicateDelete'],
      resources: [`${bucketArn}/*`],
    }),
  ];
}

/**
 * The replica key's statement for the source's replication role: encrypt replicas (and the Bucket Key
 * operations), only through S3 in the replica's Region and only for the replica bucket.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
export function replicaKeyStatement(bucketArn: string, region: string, source: ReplicationSource): iam.PolicyStatement {
  const role = sourceRole(source);
  return new iam.PolicyStatement({
    sid: 'AllowArchiveReplicationToEncrypt',
    principals: role.principals,
    actions: [...REPLICA_KEY_ACTIONS],
    resources: ['*'],
    conditions: {
      ...role.conditions,
      StringEquals: viaS3(region),
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': s3Contexts(bucketArn, '*') },
    },
  });
}
