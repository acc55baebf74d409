import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DeployedSystem, referencedId, Role } from './deployed-system';
import { DOCS } from './docs';
import { testFlowCases } from './flow-cases';
import { ADMINISTRATOR_POLICY, READ_ONLY_POLICY, ContextKey, FlowKind, FlowRequest, MANAGEMENT_ACCOUNT, MEMBER_ACCOUNT, MEMBER_REGION, OUTSIDE_ACCOUNT } from './service-flows';
import { DeploymentEnv, ResolvedTemplate } from './template-resolver';
import { ArchiveReplica, OrganizationTrail } from '../../src';

/**
 * The second copy's flows, proven with the IAM simulator against both synthesized stacks: S3
 * replication, through the archive's replication role, reads and decrypts the archive's log files in
 * the management account and writes and encrypts replicas in the replica's account and Region;
 * nobody else may write replicas or use the replica key, and the role can delete nothing there.
 * (Kept beside service-flows.ts, whose table covers the single-stack system.)
 */

/** The pages that say which principal and which context keys S3 replication sends. */
const REPLICATION_DOCS = {
  /** S3 assumes the role named in the replication configuration (trust policy: s3.amazonaws.com). */
  replicationRole: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html',
  /** kms:Decrypt of the source key and kms:Encrypt of the replica key, through S3 (kms:ViaService), with the object's ARN as context. */
  replicationKms: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html',
  /** kms:ResourceAliases: the aliases of the key a request uses, whatever name the request gave. */
  resourceAliases: 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-resource-aliases',
  /** Replicas keep each object's retention and legal hold. */
  objectLock: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html',
};

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const HOME: DeploymentEnv = { account: MANAGEMENT_ACCOUNT, region: 'us-east-1', partition: 'aws' };
const REPLICA_ACCOUNT = '333333333333';
const ROLE_NAME = 'organization-trail-archive-replication';

interface Replica {
  readonly bucketArn: string;
  readonly bucketPolicy: { [key: string]: any };
  readonly keyArn: string;
  readonly keyPolicy: { [key: string]: any };
  readonly aliases: string[];
  readonly env: DeploymentEnv;
}

interface Topology {
  readonly source: DeployedSystem;
  readonly role: Role;
  readonly replica: Replica;
  readonly objectLock: boolean;
}

/** The replica stack as deployed: the bucket the replication rule names, its policy, and its key with aliases. */
function replicaOf(template: any, env: DeploymentEnv, bucketName: string): Replica {
  const resolved = new ResolvedTemplate(template, env);
  const bucketId = resolved.logicalIdsOfType('AWS::S3::Bucket').find((id) => resolved.physicalName(id) === bucketName)!;
  const policyId = resolved.logicalIdsOfType('AWS::S3::BucketPolicy').find((id) => referencedId(resolved.resource(id).Properties?.Bucket) === bucketId)!;
  const encryption = resolved.resource(bucketId).Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0];
  const keyId = referencedId(encryption.ServerSideEncryptionByDefault.KMSMasterKeyID)!;
  const aliases = resolved.logicalIdsOfType('AWS::KMS::Alias')
    .filter((id) => referencedId(resolved.resource(id).Properties?.TargetKeyId) === keyId)
    .map((id) => resolved.properties(id).AliasName);
  return {
    bucketArn: resolved.arnOf(bucketId),
    bucketPolicy: resolved.properties(policyId).PolicyDocument,
    keyArn: resolved.arnOf(keyId),
    keyPolicy: resolved.properties(keyId).KeyPolicy,
    aliases,
    env,
  };
}

/** Synthesizes a replica stack and a trail that replicates into it, and reads both as AWS would. */
function synthesizeTopology(replicaEnv: DeploymentEnv, objectLock: boolean): Topology {
  const app = new App();
  const replicaStack = new Stack(app, 'Replica', { env: { account: replicaEnv.account, region: replicaEnv.region } });
  const replicaConstruct = new ArchiveReplica(replicaStack, 'Replica', {
    sourceAccount: MANAGEMENT_ACCOUNT,
    objectLockRetention: objectLock ? s3.ObjectLockRetention.governance(Duration.days(365)) : undefined,
  });
  const sourceStack = new Stack(app, 'Audit', { env: { account: HOME.account, region: HOME.region } });
  new OrganizationTrail(sourceStack, 'OrgTrail', {
    organizationId: ORGANIZATION_ID,
    objectLockRetention: objectLock ? s3.ObjectLockRetention.governance(Duration.days(365)) : undefined,
    archiveReplication: { destinationBucketArn: replicaConstruct.bucketArn, destinationKeyArn: replicaConstruct.keyAliasArn },
  });
  const assembly = app.synth();
  const source = new DeployedSystem(assembly.getStackByName('Audit').template, HOME, { organizationId: ORGANIZATION_ID });
  const role = source.roleNamed(ROLE_NAME)!;
  expect(role).toBeDefined();
  return { source, role, replica: replicaOf(assembly.getStackByName('Replica').template, replicaEnv, replicaConstruct.bucketName), objectLock };
}

// ---- request contexts, each key with its page ----

function tls(): ContextKey[] {
  return [
    { key: 'aws:SecureTransport', value: 'true', source: DOCS.globalKeys },
    { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion },
  ];
}

/** The replication role's session as a principal of the management account. */
function roleSession(role: Role): ContextKey[] {
  return [
    ...tls(),
    { key: 'aws:PrincipalIsAWSService', value: 'false', source: DOCS.globalKeys },
    { key: 'aws:PrincipalArn', value: role.arn, source: DOCS.globalKeys },
    { key: 'aws:PrincipalAccount', value: MANAGEMENT_ACCOUNT, source: DOCS.globalKeys },
    { key: 'aws:PrincipalOrgID', value: ORGANIZATION_ID, source: DOCS.globalKeys },
  ];
}

/** What S3 sends to KMS for a replicated object: through S3 in the bucket's Region, the object (or, with a Bucket Key, the bucket) as context. */
function throughS3(role: Role, region: string, contextArn: string, aliases: string[] = []): ContextKey[] {
  return [
    ...roleSession(role),
    { key: 'kms:ViaService', value: `s3.${region}.amazonaws.com`, source: DOCS.kmsViaService },
    { key: 'kms:CallerAccount', value: MANAGEMENT_ACCOUNT, source: DOCS.kmsViaService },
    { key: 'kms:EncryptionContext:aws:s3:arn', value: contextArn, source: REPLICATION_DOCS.replicationKms },
    ...(aliases.length > 0 ? [{ key: 'kms:ResourceAliases', value: aliases, source: REPLICATION_DOCS.resourceAliases }] : []),
  ];
}

/** A member account's log file, relative to a bucket. */
const LOG_FILE = `AWSLogs/${ORGANIZATION_ID}/${MEMBER_ACCOUNT}/CloudTrail/${MEMBER_REGION}/2026/11/30/${MEMBER_ACCOUNT}_CloudTrail_${MEMBER_REGION}_20261130T1205Z_h8g7f6e5d4c3b2a1.json.gz`;

interface Flow {
  readonly id: string;
  readonly kind: FlowKind;
  readonly requests: (topology: Topology) => FlowRequest[];
}

function asRole(
  topology: Topology, action: string, resource: string, resourceAccount: string, resourcePolicy: object | undefined, context?: ContextKey[],
): FlowRequest {
  return {
    label: `${action} ${resource.split(':').pop()}`,
    principal: topology.role.arn,
    action,
    resource,
    resourceAccount,
    context: context ?? roleSession(topology.role),
    identityPolicies: topology.role.policies,
    resourcePolicy,
  };
}

const FLOWS: Flow[] = [
  {
    id: 's3-assumes-replication-role',
    kind: 'required',
    requests: ({ role }) => [true, false].map((withAccount) => ({
      label: withAccount ? 'with aws:SourceAccount' : 'without aws:SourceAccount',
      principal: 's3.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: role.arn,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [
        { key: 'aws:SecureTransport', value: 'true', source: DOCS.globalKeys },
        { key: 'aws:PrincipalIsAWSService', value: 'true', source: DOCS.globalKeys },
        { key: 'aws:PrincipalServiceName', value: 's3.amazonaws.com', source: REPLICATION_DOCS.replicationRole },
        ...(withAccount ? [{ key: 'aws:SourceAccount', value: MANAGEMENT_ACCOUNT, source: DOCS.globalKeys }] : []),
      ],
      resourcePolicy: role.trustPolicy,
    })),
  },
  {
    id: 'other-principals-assume-replication-role',
    kind: 'attack',
    requests: ({ role }) => [
      { service: 'lambda.amazonaws.com', account: MANAGEMENT_ACCOUNT },
      { service: 's3.amazonaws.com', account: OUTSIDE_ACCOUNT },
    ].map(({ service, account }) => ({
      label: `${service} for ${account}`,
      principal: service,
      action: 'sts:AssumeRole',
      resource: role.arn,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [
        { key: 'aws:SecureTransport', value: 'true', source: DOCS.globalKeys },
        { key: 'aws:PrincipalIsAWSService', value: 'true', source: DOCS.globalKeys },
        { key: 'aws:PrincipalServiceName', value: service, source: DOCS.globalKeys },
        { key: 'aws:SourceAccount', value: account, source: DOCS.globalKeys },
      ],
      resourcePolicy: role.trustPolicy,
    })),
  },
  {
    id: 'replication-reads-the-archive',
    kind: 'required',
    requests: (topology) => {
      const { source } = topology;
      const object = `${source.archive.arn}/${LOG_FILE}`;
      return [
        asRole(topology, 's3:GetReplicationConfiguration', source.archive.arn, MANAGEMENT_ACCOUNT, source.archive.policy),
        asRole(topology, 's3:ListBucket', source.archive.arn, MANAGEMENT_ACCOUNT, source.archive.policy),
        asRole(topology, 's3:GetObjectVersionForReplication', object, MANAGEMENT_ACCOUNT, source.archive.policy),
        asRole(topology, 's3:GetObjectVersionAcl', object, MANAGEMENT_ACCOUNT, source.archive.policy),
        ...(topology.objectLock ? ['s3:GetObjectRetention', 's3:GetObjectLegalHold'].map((action) => asRole(topology, action, object, MANAGEMENT_ACCOUNT, source.archive.policy)) : []),
      ];
    },
  },
  {
    id: 'replication-decrypts-with-the-trail-key-through-s3',
    kind: 'required',
    requests: (topology) => {
      const { source, role } = topology;
      return [`${source.archive.arn}/${LOG_FILE}`, source.archive.arn].map((contextArn) =>
        asRole(topology, 'kms:Decrypt', source.trailKey.arn, MANAGEMENT_ACCOUNT, source.trailKey.policy, throughS3(role, HOME.region, contextArn)));
    },
  },
  {
    id: 'replication-role-decrypts-outside-s3-or-the-archive',
    kind: 'attack',
    requests: (topology) => {
      const { source, role } = topology;
      return [
        { ...asRole(topology, 'kms:Decrypt', source.trailKey.arn, MANAGEMENT_ACCOUNT, source.trailKey.policy), label: 'straight to KMS' },
        { ...asRole(topology, 'kms:Decrypt', source.trailKey.arn, MANAGEMENT_ACCOUNT, source.trailKey.policy, throughS3(role, HOME.region, 'arn:aws:s3:::another-bucket/secret')), label: 'another bucket' },
      ];
    },
  },
  {
    id: 'replication-writes-replicas',
    kind: 'required',
    requests: (topology) => {
      const { replica } = topology;
      const crossAccount = replica.env.account !== MANAGEMENT_ACCOUNT;
      const object = `${replica.bucketArn}/${LOG_FILE}`;
      return ['s3:ReplicateObject', ...(crossAccount ? ['s3:ObjectOwnerOverrideToBucketOwner'] : [])]
        .map((action) => asRole(topology, action, object, replica.env.account, replica.bucketPolicy));
    },
  },
  {
    id: 'replication-encrypts-with-the-replica-key-through-s3',
    kind: 'required',
    requests: (topology) => {
      const { replica, role } = topology;
      const contexts = [`${replica.bucketArn}/${LOG_FILE}`, replica.bucketArn];
      return ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) => contexts.map((contextArn) =>
        asRole(topology, action, replica.keyArn, replica.env.account, replica.keyPolicy,
          throughS3(role, replica.env.region, contextArn, replica.aliases))));
    },
  },
  {
    id: 'replication-role-deletes-or-weakens-the-replica',
    kind: 'attack',
    requests: (topology) => {
      const { replica } = topology;
      const object = `${replica.bucketArn}/${LOG_FILE}`;
      return [
        ...['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:ReplicateDelete', 's3:PutObject', 's3:BypassGovernanceRetention']
          .map((action) => asRole(topology, action, object, replica.env.account, replica.bucketPolicy)),
        ...['s3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucket'].map((action) => asRole(topology, action, replica.bucketArn, replica.env.account, replica.bucketPolicy)),
      ];
    },
  },
  {
    id: 'replication-role-writes-outside-the-trail-path-or-encrypts-other-buckets',
    kind: 'attack',
    requests: (topology) => {
      const { replica, role } = topology;
      return [
        asRole(topology, 's3:ReplicateObject', `${replica.bucketArn}/other/planted.json.gz`, replica.env.account, replica.bucketPolicy),
        { ...asRole(topology, 'kms:Encrypt', replica.keyArn, replica.env.account, replica.keyPolicy, throughS3(role, replica.env.region, 'arn:aws:s3:::another-bucket/x', replica.aliases)), label: 'replica key for another bucket' },
        { ...asRole(topology, 'kms:Encrypt', replica.keyArn, replica.env.account, replica.keyPolicy, roleSession(role)), label: 'replica key straight to KMS' },
      ];
    },
  },
  {
    id: 'unrelated-principals-write-replicas-or-use-the-replica-key',
    kind: 'attack',
    requests: ({ replica }) => {
      const object = `${replica.bucketArn}/${LOG_FILE}`;
      // An administrator of the replica's own account is its owner, not unrelated: when the copy is in
      // the management account, only a principal without a grant of its own stands for the source side.
      const impostors: Role[] = [
        { arn: `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/Administrator`, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] },
        { arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/ReadOnlyAuditor`, trustPolicy: {}, policies: [READ_ONLY_POLICY] },
        ...(replica.env.account === MANAGEMENT_ACCOUNT ? [] : [{ arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/Administrator`, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] }]),
      ];
      return impostors.flatMap((impostor) => {
        const principal = impostor.arn;
        const session = roleSession(impostor).map((entry) => entry.key === 'aws:PrincipalAccount' ? { ...entry, value: principal.split(':')[4] } : entry);
        const viaS3 = throughS3(impostor, replica.env.region, object, replica.aliases)
          .map((entry) => entry.key === 'aws:PrincipalAccount' || entry.key === 'kms:CallerAccount' ? { ...entry, value: principal.split(':')[4] } : entry);
        const request = (action: string, resource: string, policy: object, context: ContextKey[]): FlowRequest => ({
          label: `${principal.split(':').slice(4).join(':')} ${action}`,
          principal,
          action,
          resource,
          resourceAccount: replica.env.account,
          context,
          identityPolicies: impostor.policies,
          resourcePolicy: policy,
        });
        return [
          request('s3:ReplicateObject', object, replica.bucketPolicy, session),
          request('s3:PutObject', object, replica.bucketPolicy, session),
          request('kms:Encrypt', replica.keyArn, replica.keyPolicy, viaS3),
          request('kms:Decrypt', replica.keyArn, replica.keyPolicy, viaS3),
        ];
      });
    },
  },
];

const TOPOLOGIES: Array<[string, () => Topology]> = [
  ['another account and Region', () => synthesizeTopology({ account: REPLICA_ACCOUNT, region: MEMBER_REGION, partition: 'aws' }, false)],
  ['another account and Region, with Object Lock on both', () => synthesizeTopology({ account: REPLICA_ACCOUNT, region: MEMBER_REGION, partition: 'aws' }, true)],
  ['the same account, another Region', () => synthesizeTopology({ account: MANAGEMENT_ACCOUNT, region: MEMBER_REGION, partition: 'aws' }, false)],
];

describe.each(TOPOLOGIES)('second copy in %s', (_name, build) => {
  const system = build();
  const cases = FLOWS.flatMap((flow) => flow.requests(system).map((request) => ({ flow, request })));

  test('has flows to run', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  testFlowCases(cases);
});
