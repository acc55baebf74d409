import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ArchiveReplica, ArchiveReplicaProps } from '../../src';
import { cfnValidateFindings, cfnValidateRaw, controlTowerFindings, nagFindings } from '../util/compliance-checkers';

const SOURCE_ACCOUNT = '111111111111';
const ACCOUNT = '222222222222';
const REGION = 'eu-west-1';
const BUCKET = `cloudtrail-archive-replica-${ACCOUNT}-${REGION}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/organization-trail-archive-replication`;

function newReplica(props: Partial<ArchiveReplicaProps> = {}, env: { account?: string; region?: string } = { account: ACCOUNT, region: REGION }) {
  const app = new App();
  const stack = new Stack(app, 'Replica', { env });
  const replica = new ArchiveReplica(stack, 'Replica', { sourceAccount: SOURCE_ACCOUNT, ...props });
  return { app, stack, replica, template: Template.fromStack(stack) };
}

/** `arn:<partition>:iam::<account>:root` as CDK renders an account principal. */
function root(account: string): object {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] };
}

function bucketPolicyStatements(template: Template): any[] {
  const policies = template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: Match.stringLikeRegexp('^ReplicaBucket') } } });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0].Properties.PolicyDocument.Statement;
}

function keyPolicyStatements(template: Template): any[] {
  const keys = template.findResources('AWS::KMS::Key');
  expect(Object.keys(keys)).toHaveLength(1);
  return Object.values(keys)[0].Properties.KeyPolicy.Statement;
}

describe('ArchiveReplica with defaults', () => {
  const { stack, replica, template } = newReplica();

  test('literal names the source stack can take: bucket, alias and the role it admits', () => {
    expect(replica.bucketName).toEqual(BUCKET);
    expect(replica.bucketArn).toEqual(BUCKET_ARN);
    expect(replica.keyAliasArn).toEqual(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/cloudtrail-archive-replica`);
    expect(replica.sourceReplicationRoleArn).toEqual(ROLE_ARN);
  });

  test('the bucket: named, SSE-KMS with its own key and a Bucket Key, versioned, private, TLS only, logged, lifecycle, events, retained', () => {
    const buckets = template.findResources('AWS::S3::Bucket', { Properties: { BucketName: BUCKET } });
    expect(Object.values(buckets)).toHaveLength(1);
    const [[bucketId, bucket]] = Object.entries(buckets);
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    const logsId = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id !== bucketId)!;
    expect(bucket).toEqual({
      Type: 'AWS::S3::Bucket',
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
      Properties: {
        BucketName: BUCKET,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] }, SSEAlgorithm: 'aws:kms' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'replica/' },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'ArchiveLogFiles',
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            ExpirationInDays: 2557,
            NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }, { StorageClass: 'GLACIER_IR', TransitionInDays: 365 }],
          }],
        },
      },
    });
  });

  test('the key: rotated yearly, aliased, retained, grants only for AWS services', () => {
    template.hasResource('AWS::KMS::Key', {
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true, RotationPeriodInDays: 365 },
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/cloudtrail-archive-replica' });
    expect(keyPolicyStatements(template).map((entry) => entry.Sid)).toEqual([undefined, 'DenyGrantsExceptForAwsServices', 'AllowArchiveReplicationToEncrypt']);
  });

  test('the key lets only the source\'s replication role encrypt, through S3 in this Region, for this bucket', () => {
    expect(keyPolicyStatements(template)[2]).toEqual({
      Sid: 'AllowArchiveReplicationToEncrypt',
      Effect: 'Allow',
      Principal: { AWS: root(SOURCE_ACCOUNT) },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': ROLE_ARN },
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [BUCKET_ARN, `${BUCKET_ARN}/*`] },
      },
    });
  });

  test('the bucket policy admits the replication role to write replicas, never to replicate deletes, and carries the archive guard', () => {
    const statements = bucketPolicyStatements(template);
    const bucketArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicaBucket'), 'Arn'] };
    expect(statements.map((entry) => entry.Sid)).toEqual([
      undefined, undefined, 'S3ServerAccessLogsPolicy', 'AllowArchiveReplication', 'AllowArchiveReplicationListing', 'AllowSourceVersioningCheck',
      'DenyReplicatedDeletes', 'DenyArchiveShortening', 'DenyArchiveLegalHoldRemoval',
    ].filter((sid) => sid !== 'S3ServerAccessLogsPolicy'));
    const byId = Object.fromEntries(statements.filter((entry) => entry.Sid).map((entry) => [entry.Sid, entry]));
    expect(byId.AllowArchiveReplication).toEqual({
      Sid: 'AllowArchiveReplication',
      Effect: 'Allow',
      Principal: { AWS: root(SOURCE_ACCOUNT) },
      Action: ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner'],
      Resource: { 'Fn::Join': ['', [expect.anything(), '/*']] },
      Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } },
    });
    expect(byId.AllowArchiveReplicationListing).toEqual(expect.objectContaining({ Action: 's3:ListBucket', Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } } }));
    expect(byId.AllowSourceVersioningCheck).toEqual(expect.objectContaining({ Action: 's3:GetBucketVersioning', Principal: { AWS: root(SOURCE_ACCOUNT) } }));
    expect(byId.AllowSourceVersioningCheck.Condition).toBeUndefined();
    expect(byId.DenyReplicatedDeletes).toEqual(expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:ReplicateDelete' }));
    expect(byId.DenyArchiveShortening.Action).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutBucketVersioning']));
    expect(byId.DenyArchiveShortening.Condition).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: [bucketArn, Match.anyValue()], Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  test('the bucket policy stays with the bucket', () => {
    template.hasResource('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: Match.stringLikeRegexp('^ReplicaBucket') } }, DeletionPolicy: 'Retain' });
  });

  test('zero unacknowledged findings from cdk-nag, Control Tower and CloudFormation Validate, and no warning', () => {
    expect([...nagFindings(stack), ...controlTowerFindings(stack), ...cfnValidateFindings(stack)].map((finding) => `${finding.ruleId} ${finding.resource}`)).toEqual([]);
    expect(cfnValidateRaw(stack, 'WARN')).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('ArchiveReplica options', () => {
  test('sourceTrailName and sourceReplicationRoleName name the admitted role', () => {
    expect(newReplica({ sourceTrailName: 'audit-trail' }).replica.sourceReplicationRoleArn).toEqual(`arn:aws:iam::${SOURCE_ACCOUNT}:role/audit-trail-archive-replication`);
    const { replica, template } = newReplica({ sourceTrailName: 'audit-trail', sourceReplicationRoleName: 'copy-role' });
    expect(replica.sourceReplicationRoleArn).toEqual(`arn:aws:iam::${SOURCE_ACCOUNT}:role/copy-role`);
    expect(keyPolicyStatements(template)[2].Condition.ArnEquals).toEqual({ 'aws:PrincipalArn': `arn:aws:iam::${SOURCE_ACCOUNT}:role/copy-role` });
  });

  test('bucketName and keyAlias', () => {
    const { replica, template } = newReplica({ bucketName: 'my-audit-copy', keyAlias: 'alias/audit/copy' });
    expect(replica.bucketArn).toEqual('arn:aws:s3:::my-audit-copy');
    expect(replica.keyAliasArn).toEqual(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/audit/copy`);
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'my-audit-copy' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/audit/copy' });
  });

  test('another partition: literal ARNs in it', () => {
    const { replica } = newReplica({}, { account: ACCOUNT, region: 'us-gov-west-1' });
    expect(replica.bucketArn).toEqual(`arn:aws-us-gov:s3:::cloudtrail-archive-replica-${ACCOUNT}-us-gov-west-1`);
    expect(replica.sourceReplicationRoleArn).toEqual(`arn:aws-us-gov:iam::${SOURCE_ACCOUNT}:role/organization-trail-archive-replication`);
  });

  test('Object Lock: enabled with its default retention, and Control Tower\'s Object Lock control passes without an acknowledgement', () => {
    const { stack, template } = newReplica({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(365)) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: BUCKET,
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
    });
    expect([...controlTowerFindings(stack)].map((finding) => finding.ruleId)).toEqual([]);
    const bucket = stack.node.findChild('Replica').node.findChild('Bucket');
    const acknowledged = bucket.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules').flatMap((entry) => Object.keys(entry.data as object));
    expect(acknowledged).not.toContain('cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check');
  });

  test('without Object Lock, Control Tower\'s Object Lock control is acknowledged (the check is live)', () => {
    const { stack } = newReplica();
    const bucket = stack.node.findChild('Replica').node.findChild('Bucket');
    const acknowledged = bucket.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules').flatMap((entry) => Object.keys(entry.data as object));
    expect(acknowledged).toContain('cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check');
  });

  test('its own lifecycle, validated with the archive\'s rules', () => {
    const { template } = newReplica({ archiveLifecycle: { expiration: Duration.days(3653), transitions: [] } });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: BUCKET, LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 3653 })] } });
    expect(() => newReplica({ archiveLifecycle: { neverExpire: true, expiration: Duration.days(10) } })).toThrow(/'archiveLifecycle.neverExpire' and 'archiveLifecycle.expiration'/);
  });

  test('break-glass principals are exempt from the guard', () => {
    const { template } = newReplica({ archiveBreakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/BreakGlass`] });
    const guard = bucketPolicyStatements(template).find((entry) => entry.Sid === 'DenyArchiveShortening');
    expect(guard.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/BreakGlass`] } });
  });

  test('no EventBridge notifications when turned off', () => {
    const { template } = newReplica({ archiveEventBridgeNotifications: false });
    const bucket = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: BUCKET } }))[0];
    expect(bucket.Properties.NotificationConfiguration).toBeUndefined();
  });

  test('removalPolicy applies to the bucket, its policy, the key and the access-log bucket', () => {
    const { template } = newReplica({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::S3::BucketPolicy']) {
      for (const resource of Object.values(template.findResources(type))) {
        // CloudFormation's default DeletionPolicy is Delete.
        expect({ type, policy: resource.DeletionPolicy ?? 'Delete' }).toEqual({ type, policy: 'Delete' });
      }
    }
  });
});

describe('ArchiveReplica bad input fails at synth, naming the prop', () => {
  test('a stack without an explicit env', () => {
    expect(() => newReplica({}, {})).toThrow(/ArchiveReplica derives literal names from its stack's account and Region .* has no explicit env/);
  });

  test.each<[string, Partial<ArchiveReplicaProps>, RegExp]>([
    ['a malformed sourceAccount', { sourceAccount: '1111' }, /'sourceAccount' must be a literal 12-digit AWS account ID .* got '1111'/],
    ['a sourceTrailName CloudTrail refuses', { sourceTrailName: 'my--trail' }, /'sourceTrailName' must not have two periods/],
    ['a sourceReplicationRoleName IAM refuses', { sourceReplicationRoleName: 'role name' }, /'sourceReplicationRoleName' must be a literal IAM role name .* got 'role name'/],
    ['a bucketName S3 refuses', { bucketName: 'Audit_Copy' }, /'bucketName' must name an S3 bucket, whose name must use only lowercase/],
    ['a keyAlias without alias/', { keyAlias: 'audit-copy' }, /'keyAlias' must be a literal KMS alias: 'alias\/' followed by .* got 'audit-copy'/],
    ['a reserved keyAlias', { keyAlias: 'alias/aws/s3' }, /'keyAlias' must be a literal KMS alias.*not 'alias\/aws\/'/],
    ['a break-glass role session', { archiveBreakGlassPrincipalArns: [`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/me`] }, /'archiveBreakGlassPrincipalArns' must name IAM roles, not role sessions/],
    ['accessLogsExpiration in hours', { accessLogsExpiration: Duration.hours(36) }, /'accessLogsExpiration' must be a whole number of days/],
  ])('%s', (_name, props, message) => {
    expect(() => newReplica(props)).toThrow(message);
  });

  test('several problems are reported together', () => {
    expect(() => newReplica({ sourceAccount: 'x', bucketName: 'Y' })).toThrow(/^Invalid ArchiveReplica configuration:\n- 'sourceAccount'[\s\S]*\n- 'bucketName'/);
  });
});
