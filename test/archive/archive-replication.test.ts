import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ArchiveReplicationOptions, OrganizationTrail, OrganizationTrailProps } from '../../src';
import { TrailArchive } from '../../src/archive/trail-archive';
import { ARCHIVE_BUCKET_ACKNOWLEDGEMENTS } from '../../src/private/acknowledgements';
import { nagFindings } from '../util/compliance-checkers';

const SOURCE_ACCOUNT = '111111111111';
const REPLICA_ACCOUNT = '222222222222';
const HOME = 'us-east-1';
const REPLICA_REGION = 'eu-west-1';
const REPLICA_BUCKET = `cloudtrail-archive-replica-${REPLICA_ACCOUNT}-${REPLICA_REGION}`;
const REPLICA_BUCKET_ARN = `arn:aws:s3:::${REPLICA_BUCKET}`;
const REPLICA_KEY_ID = '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const REPLICA_KEY_ARN = `arn:aws:kms:${REPLICA_REGION}:${REPLICA_ACCOUNT}:key/${REPLICA_KEY_ID}`;
const REPLICA_ALIAS_ARN = `arn:aws:kms:${REPLICA_REGION}:${REPLICA_ACCOUNT}:alias/cloudtrail-archive-replica`;

const CROSS_ACCOUNT: ArchiveReplicationOptions = { destinationBucketArn: REPLICA_BUCKET_ARN, destinationKeyArn: REPLICA_KEY_ARN };

function trailStack(props: Partial<OrganizationTrailProps> = {}, env = { account: SOURCE_ACCOUNT, region: HOME }): Stack {
  const stack = new Stack(new App(), 'Audit', { env });
  new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', ...props });
  return stack;
}

function archiveOf(stack: Stack): { id: string; properties: any } {
  const buckets = Template.fromStack(stack).findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: Match.anyValue(), BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } } });
  const id = Object.keys(buckets).find((candidate) => candidate.startsWith('OrgTrailArchiveBucket'))!;
  return { id, properties: buckets[id].Properties };
}

function replicationPolicy(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^OrgTrailArchiveReplicationRole') }] } });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0].Properties.PolicyDocument.Statement;
}

/** The rule ids acknowledged on the archive bucket (nag ids are recorded as `Annotation::<id>`). */
function acknowledgedOnArchive(stack: Stack): string[] {
  const archive = stack.node.findAll().find((construct) => construct.node.path === 'Audit/OrgTrail/Archive/Bucket')!;
  return archive.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
    .flatMap((entry) => Object.keys(entry.data as object))
    .map((id) => id.replace(/^Annotation::/, ''));
}

function statement(statements: any[], sid: string): any {
  const found = statements.find((candidate) => candidate.Sid === sid);
  expect(found).toBeDefined();
  return found;
}

describe('without archiveReplication (the default)', () => {
  test('no replication configuration, role or policy, and the replication findings stay acknowledged on the archive', () => {
    const stack = trailStack();
    expect(archiveOf(stack).properties.ReplicationConfiguration).toBeUndefined();
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 's3.amazonaws.com' } }] } } }))).toEqual([]);
    expect(acknowledgedOnArchive(stack)).toEqual(expect.arrayContaining(ARCHIVE_BUCKET_ACKNOWLEDGEMENTS.map((ack) => ack.id)));
  });
});

describe('with archiveReplication to another account and Region', () => {
  const stack = trailStack({ archiveReplication: CROSS_ACCOUNT });
  const template = Template.fromStack(stack);
  const archive = archiveOf(stack);
  const role = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'organization-trail-archive-replication' } }))[0];

  test('the archive gets one V2 rule: AWSLogs/ only, delete markers not replicated, SSE-KMS objects into the replica key, owner override', () => {
    expect(archive.properties.ReplicationConfiguration).toEqual({
      Role: { 'Fn::GetAtt': [role, 'Arn'] },
      Rules: [{
        Id: 'SecondCopy',
        Status: 'Enabled',
        Priority: 0,
        Filter: { Prefix: 'AWSLogs/' },
        DeleteMarkerReplication: { Status: 'Disabled' },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        Destination: {
          Bucket: REPLICA_BUCKET_ARN,
          Account: REPLICA_ACCOUNT,
          AccessControlTranslation: { Owner: 'Destination' },
          EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY_ARN },
        },
      }],
    });
  });

  test('the role has a fixed name and trusts S3 acting for this account only (when S3 says so)', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'organization-trail-archive-replication',
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Condition: { StringEqualsIfExists: { 'aws:SourceAccount': SOURCE_ACCOUNT } },
        }],
      },
    });
  });

  test('the role reads the configuration and the log files, writes replicas, and nothing else', () => {
    const statements = replicationPolicy(stack);
    expect(statements.map((entry) => entry.Sid)).toEqual(['ReadReplicationConfiguration', 'ReadSourceLogFiles', 'WriteReplicas', 'DecryptSourceThroughS3', 'EncryptReplicasThroughS3']);
    expect(statement(statements, 'ReadReplicationConfiguration')).toEqual({
      Sid: 'ReadReplicationConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: { 'Fn::GetAtt': [archive.id, 'Arn'] },
    });
    expect(statement(statements, 'ReadSourceLogFiles').Action).toEqual(['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl']);
    expect(statement(statements, 'WriteReplicas')).toEqual({
      Sid: 'WriteReplicas', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner'], Resource: `${REPLICA_BUCKET_ARN}/AWSLogs/*`,
    });
    const actions = statements.flatMap((entry) => [entry.Action].flat());
    expect(actions).not.toEqual(expect.arrayContaining(['s3:ReplicateDelete']));
    expect(actions.filter((action: string) => action.includes('Delete'))).toEqual([]);
  });

  test('decrypts the trail key only through S3 in the home Region, for the archive\'s objects or its Bucket Key', () => {
    expect(statement(replicationPolicy(stack), 'DecryptSourceThroughS3')).toEqual({
      Sid: 'DecryptSourceThroughS3',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': ['OrgTrailKey6F63AC7B', 'Arn'] },
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [{ 'Fn::GetAtt': [archive.id, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [archive.id, 'Arn'] }, '/AWSLogs/*']] }] },
      },
    });
  });

  test('encrypts with the replica key only through S3 in its Region, for the replica bucket', () => {
    expect(statement(replicationPolicy(stack), 'EncryptReplicasThroughS3')).toEqual({
      Sid: 'EncryptReplicasThroughS3',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: REPLICA_KEY_ARN,
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [REPLICA_BUCKET_ARN, `${REPLICA_BUCKET_ARN}/AWSLogs/*`] },
      },
    });
  });

  test('the trail key policy is unchanged: it delegates to IAM, and the role\'s policy carries the narrowed grant', () => {
    const keys = template.findResources('AWS::KMS::Key');
    const statements = Object.values(keys)[0].Properties.KeyPolicy.Statement;
    expect(statements.map((entry: any) => entry.Sid)).not.toContain('AllowArchiveReplicationToDecrypt');
    expect(JSON.stringify(statements)).not.toContain('ReplicationRole');
    expect(statements[0]).toEqual({ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${SOURCE_ACCOUNT}:root`]] } }, Resource: '*' });
  });

  test('the archive bucket policy (which the trail waits for) waits for the role\'s policy, so no log file lands before S3 may replicate it', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: archive.id } } });
    const [policy] = Object.values(policies);
    expect(policy.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^OrgTrailArchiveReplicationPolicy/)]));
  });

  test('the three replication findings are no longer acknowledged on the archive, and the packs pass', () => {
    const acknowledged = acknowledgedOnArchive(stack);
    expect(acknowledged).toContain('cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check');
    for (const ack of ARCHIVE_BUCKET_ACKNOWLEDGEMENTS) {
      expect(acknowledged).not.toContain(ack.id);
    }
    expect(nagFindings(stack).map((finding) => `${finding.ruleId} ${finding.resource}`)).toEqual([]);
  });

  test('synth is silent', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('variants', () => {
  test('in the same account, another Region: no owner override', () => {
    const stack = trailStack({
      archiveReplication: {
        destinationBucketArn: 'arn:aws:s3:::audit-copy-eu',
        destinationKeyArn: `arn:aws:kms:${REPLICA_REGION}:${SOURCE_ACCOUNT}:key/${REPLICA_KEY_ID}`,
      },
    });
    const destination = archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Destination;
    expect(destination).toEqual({ Bucket: 'arn:aws:s3:::audit-copy-eu', EncryptionConfiguration: { ReplicaKmsKeyID: `arn:aws:kms:${REPLICA_REGION}:${SOURCE_ACCOUNT}:key/${REPLICA_KEY_ID}` } });
    expect(statement(replicationPolicy(stack), 'WriteReplicas').Action).toEqual('s3:ReplicateObject');
  });

  test('in another account, the same Region: allowed (a copy outside the archive\'s administrators)', () => {
    const stack = trailStack({
      archiveReplication: { destinationBucketArn: REPLICA_BUCKET_ARN, destinationKeyArn: `arn:aws:kms:${HOME}:${REPLICA_ACCOUNT}:key/${REPLICA_KEY_ID}` },
    });
    expect(archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Destination.Account).toEqual(REPLICA_ACCOUNT);
  });

  test('destinationAccount overrides the key\'s account', () => {
    const stack = trailStack({ archiveReplication: { ...CROSS_ACCOUNT, destinationAccount: '333333333333' } });
    expect(archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Destination.Account).toEqual('333333333333');
  });

  test('an alias ARN: the replica key is found by its alias among the destination account\'s keys', () => {
    const stack = trailStack({ archiveReplication: { ...CROSS_ACCOUNT, destinationKeyArn: REPLICA_ALIAS_ARN } });
    const destination = archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Destination;
    expect(destination.EncryptionConfiguration).toEqual({ ReplicaKmsKeyID: REPLICA_ALIAS_ARN });
    const encrypt = statement(replicationPolicy(stack), 'EncryptReplicasThroughS3');
    expect(encrypt.Resource).toEqual(`arn:aws:kms:${REPLICA_REGION}:${REPLICA_ACCOUNT}:key/*`);
    expect(encrypt.Condition['ForAnyValue:StringEquals']).toEqual({ 'kms:ResourceAliases': 'alias/cloudtrail-archive-replica' });
  });

  test('replication time control adds the 15-minute threshold and its metrics', () => {
    const stack = trailStack({ archiveReplication: { ...CROSS_ACCOUNT, replicationTimeControl: true } });
    expect(archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Destination).toEqual(expect.objectContaining({
      ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
      Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    }));
  });

  test('a storage class for the replicas', () => {
    const stack = trailStack({ archiveReplication: { ...CROSS_ACCOUNT, storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL } });
    expect(archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Destination.StorageClass).toEqual('GLACIER_IR');
  });

  test('with Object Lock on the archive, the role reads each file\'s retention and legal hold', () => {
    const stack = trailStack({ archiveReplication: CROSS_ACCOUNT, objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)) });
    expect(statement(replicationPolicy(stack), 'ReadSourceLogFiles').Action)
      .toEqual(['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectRetention', 's3:GetObjectLegalHold']);
  });

  test('a key prefix narrows the rule and the role to <prefix>/AWSLogs/', () => {
    const stack = trailStack({ archiveReplication: CROSS_ACCOUNT, s3KeyPrefix: 'audit' });
    expect(archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Filter).toEqual({ Prefix: 'audit/AWSLogs/' });
    expect(statement(replicationPolicy(stack), 'WriteReplicas').Resource).toEqual(`${REPLICA_BUCKET_ARN}/audit/AWSLogs/*`);
  });

  test('the role name follows the trail name, cut to 64 characters, or replicationRoleName', () => {
    const long = trailStack({ archiveReplication: CROSS_ACCOUNT, trailName: 'a'.repeat(100) });
    const name = Object.values(Template.fromStack(long).findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('archive-replication$') } }))[0].Properties.RoleName;
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^a+-[0-9a-f]{8}-archive-replication$/);
    const named = trailStack({ archiveReplication: { ...CROSS_ACCOUNT, replicationRoleName: 'audit-replication' } });
    Template.fromStack(named).hasResourceProperties('AWS::IAM::Role', { RoleName: 'audit-replication' });
  });

  test('an env-agnostic stack: no owner override (the account is unknown), the rest unchanged', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', archiveReplication: CROSS_ACCOUNT });
    const destination = archiveOf(stack).properties.ReplicationConfiguration.Rules[0].Destination;
    expect(destination.AccessControlTranslation).toBeUndefined();
    expect(destination.Bucket).toEqual(REPLICA_BUCKET_ARN);
  });

  test('an imported trail key: a warning prints the key policy statement for the role', () => {
    const stack = new Stack(new App(), 'Audit', { env: { account: SOURCE_ACCOUNT, region: HOME } });
    new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${HOME}:${SOURCE_ACCOUNT}:key/${REPLICA_KEY_ID}`),
      archiveReplication: CROSS_ACCOUNT,
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('S3 cannot decrypt the log files[\\s\\S]*"AWS": "arn:aws:iam::111111111111:role/organization-trail-archive-replication"[\\s\\S]*AllowArchiveReplicationToDecrypt[\\s\\S]*cdk-org-trail:KeyPolicyNeedsArchiveReplication'));
  });

  test('TrailArchive alone names the props without a prefix', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: SOURCE_ACCOUNT, region: HOME } });
    expect(() => new TrailArchive(stack, 'Archive', {
      trailArn: `arn:aws:cloudtrail:${HOME}:${SOURCE_ACCOUNT}:trail/org-trail`,
      organizationId: 'o-a1b2c3d4e5',
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${HOME}:${SOURCE_ACCOUNT}:key/${REPLICA_KEY_ID}`),
      archiveReplication: { ...CROSS_ACCOUNT, destinationBucketArn: 'nope' },
    })).toThrow(/^'archiveReplication.destinationBucketArn' must be an S3 bucket ARN/);
  });
});

describe('bad input fails at synth, naming the prop', () => {
  test.each<[string, ArchiveReplicationOptions, RegExp]>([
    ['a bucket name instead of an ARN', { ...CROSS_ACCOUNT, destinationBucketArn: REPLICA_BUCKET }, /'archiveReplication.destinationBucketArn' must be an S3 bucket ARN .* got 'cloudtrail-archive-replica/],
    ['an object ARN', { ...CROSS_ACCOUNT, destinationBucketArn: `${REPLICA_BUCKET_ARN}/AWSLogs` }, /'archiveReplication.destinationBucketArn' must be an S3 bucket ARN/],
    ['a bucket name S3 refuses', { ...CROSS_ACCOUNT, destinationBucketArn: 'arn:aws:s3:::Audit_Copy' }, /'archiveReplication.destinationBucketArn' must name an S3 bucket, whose name must use only lowercase/],
    ['a key ID', { ...CROSS_ACCOUNT, destinationKeyArn: REPLICA_KEY_ID }, /'archiveReplication.destinationKeyArn' must be a KMS key ARN .* or alias ARN .* got '0a1b2c3d/],
    ['an alias name', { ...CROSS_ACCOUNT, destinationKeyArn: 'alias/cloudtrail-archive-replica' }, /'archiveReplication.destinationKeyArn' must be a KMS key ARN/],
    ['an AWS managed key', { ...CROSS_ACCOUNT, destinationKeyArn: `arn:aws:kms:${REPLICA_REGION}:${REPLICA_ACCOUNT}:alias/aws/s3` }, /'archiveReplication.destinationKeyArn' names the AWS managed key 'alias\/aws\/s3'/],
    ['a key in another partition than the bucket', { ...CROSS_ACCOUNT, destinationKeyArn: `arn:aws-cn:kms:cn-north-1:${REPLICA_ACCOUNT}:key/${REPLICA_KEY_ID}` }, /'archiveReplication.destinationKeyArn' is in partition 'aws-cn' but 'archiveReplication.destinationBucketArn' in 'aws'/],
    ['a bucket in another partition than the archive', { destinationBucketArn: 'arn:aws-us-gov:s3:::copy', destinationKeyArn: `arn:aws-us-gov:kms:us-gov-west-1:${REPLICA_ACCOUNT}:key/${REPLICA_KEY_ID}` }, /'archiveReplication.destinationBucketArn' is in partition 'aws-us-gov' but the archive in 'aws'/],
    ['the archive\'s own account and Region', { ...CROSS_ACCOUNT, destinationKeyArn: `arn:aws:kms:${HOME}:${SOURCE_ACCOUNT}:key/${REPLICA_KEY_ID}` }, /'archiveReplication.destinationKeyArn' puts the second copy in the archive's own account \(111111111111\) and Region \(us-east-1\)\. That is not a separate copy/],
    ['the own account and Region through destinationAccount', { ...CROSS_ACCOUNT, destinationKeyArn: `arn:aws:kms:${HOME}:${REPLICA_ACCOUNT}:key/${REPLICA_KEY_ID}`, destinationAccount: SOURCE_ACCOUNT }, /not a separate copy/],
    ['a malformed destinationAccount', { ...CROSS_ACCOUNT, destinationAccount: '2222' }, /'archiveReplication.destinationAccount' must be a 12-digit AWS account ID, got '2222'/],
    ['a storage class S3 does not replicate into', { ...CROSS_ACCOUNT, storageClass: new s3.StorageClass('EXPRESS_ONEZONE') }, /'archiveReplication.storageClass' must be a storage class S3 replicates into .* got 'EXPRESS_ONEZONE'/],
    ['a role name IAM refuses', { ...CROSS_ACCOUNT, replicationRoleName: 'a'.repeat(65) }, /'archiveReplication.replicationRoleName' must be an IAM role name/],
  ])('%s', (_name, archiveReplication, message) => {
    expect(() => trailStack({ archiveReplication })).toThrow(message);
  });

  test('tokens are refused: the copy is in another account or Region', () => {
    const stack = new Stack(new App(), 'Audit', { env: { account: SOURCE_ACCOUNT, region: HOME } });
    const bucket = new s3.Bucket(stack, 'SameStack');
    expect(() => new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      archiveReplication: { ...CROSS_ACCOUNT, destinationBucketArn: bucket.bucketArn },
    })).toThrow(/'archiveReplication.destinationBucketArn' must be a literal string/);
  });

  test('missing ARNs (JavaScript callers): the key is required because the archive is SSE-KMS encrypted', () => {
    expect(() => trailStack({ archiveReplication: { destinationBucketArn: REPLICA_BUCKET_ARN } as ArchiveReplicationOptions }))
      .toThrow(/^'archiveReplication.destinationKeyArn' is required: the archive is SSE-KMS encrypted/);
    expect(() => trailStack({ archiveReplication: { destinationKeyArn: REPLICA_KEY_ARN } as ArchiveReplicationOptions }))
      .toThrow(/^'archiveReplication.destinationBucketArn' is required/);
  });

  test('several problems are reported together', () => {
    expect(() => trailStack({ archiveReplication: { destinationBucketArn: 'x', destinationKeyArn: 'y' } }))
      .toThrow(/^Invalid OrganizationTrail configuration:\n- 'archiveReplication.destinationBucketArn'[\s\S]*\n- 'archiveReplication.destinationKeyArn'/);
  });

  test('with an imported archiveBucket', () => {
    const stack = new Stack(new App(), 'Audit', { env: { account: SOURCE_ACCOUNT, region: HOME } });
    expect(() => new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Existing', 'existing-archive'),
      archiveReplication: CROSS_ACCOUNT,
    })).toThrow(/'archiveReplication' only apply to an archive bucket this component creates, but 'archiveBucket' was given/);
  });
});
