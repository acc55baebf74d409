import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrailArchive, TrailArchiveProps } from '../../src/archive/trail-archive';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`;
const ORG_ID = 'o-a1b2c3d4e5';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

function newArchive(props: Partial<TrailArchiveProps> = {}, stack: Stack = newStack()): { stack: Stack; archive: TrailArchive } {
  const archive = new TrailArchive(stack, 'Archive', {
    trailArn: TRAIL_ARN,
    organizationId: ORG_ID,
    encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN),
    ...props,
  });
  return { stack, archive };
}

function logicalId(stack: Stack, bucket: s3.IBucket): string {
  return stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
}

function getAtt(id: string): object {
  return { 'Fn::GetAtt': [id, 'Arn'] };
}

function join(...parts: unknown[]): object {
  return { 'Fn::Join': ['', parts] };
}

/** The TLS-only and minimum-TLS statements CDK adds for `enforceSSL` / `minimumTLSVersion`. */
function tlsStatements(id: string): object[] {
  const resources = [getAtt(id), join(getAtt(id), '/*')];
  return [
    {
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: resources,
    },
    {
      Action: 's3:*',
      Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: resources,
    },
  ];
}

/** The three CloudTrail statements, for a created bucket with the given logical ID. */
function cloudTrailStatements(id: string, root: string): object[] {
  const writeCondition = {
    StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN },
  };
  return [
    {
      Sid: 'AWSCloudTrailAclCheck',
      Action: 's3:GetBucketAcl',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Resource: getAtt(id),
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Action: 's3:PutObject',
      Condition: writeCondition,
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Resource: join(getAtt(id), `/${root}/${ACCOUNT}/*`),
    },
    {
      Sid: 'AWSCloudTrailOrganizationWrite',
      Action: 's3:PutObject',
      Condition: writeCondition,
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Resource: join(getAtt(id), `/${root}/${ORG_ID}/*`),
    },
  ];
}

function warningText(stack: Stack, id: string): string {
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: ${id}\\]`));
  expect(warnings).toHaveLength(1);
  return warnings[0].entry.data as string;
}

describe('TrailArchive defaults', () => {
  test('the archive bucket has exactly the hardened default shape', () => {
    const { stack, archive } = newArchive();
    const template = Template.fromStack(stack);
    const accessLogsId = logicalId(stack, archive.accessLogsBucket!);

    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectEquals({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { KMSMasterKeyID: KEY_ARN, SSEAlgorithm: 'aws:kms' },
          }],
        },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'ArchiveLogFiles',
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
            ],
            ExpirationInDays: 2557,
            NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }],
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: accessLogsId },
          LogFilePrefix: 'archive/',
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the access-log bucket has exactly the hardened default shape (SSE-S3, 365-day expiry)', () => {
    const { stack } = newArchive();
    Template.fromStack(stack).hasResource('AWS::S3::Bucket', {
      Properties: Match.objectEquals({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'ExpireAccessLogs',
            Status: 'Enabled',
            ExpirationInDays: 365,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('creates exactly two buckets and two bucket policies', () => {
    const { stack } = newArchive();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.resourceCountIs('AWS::S3::BucketPolicy', 2);
  });

  test('the archive bucket policy is TLS-only plus the three CloudTrail statements, nothing else', () => {
    const { stack, archive } = newArchive();
    const id = logicalId(stack, archive.bucket);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', Match.objectEquals({
      Bucket: { Ref: id },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [...tlsStatements(id), ...cloudTrailStatements(id, 'AWSLogs')],
      },
    }));
  });

  test('the access-log bucket policy is TLS-only plus logging.s3 delivery scoped by SourceArn and SourceAccount', () => {
    const { stack, archive } = newArchive();
    const archiveId = logicalId(stack, archive.bucket);
    const logsId = logicalId(stack, archive.accessLogsBucket!);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', Match.objectEquals({
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          ...tlsStatements(logsId),
          {
            Sid: 'S3ServerAccessLogsPolicy',
            Action: 's3:PutObject',
            Condition: {
              ArnLike: { 'aws:SourceArn': getAtt(archiveId) },
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
            },
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Resource: join(getAtt(logsId), '/archive/*'),
          },
        ],
      },
    }));
  });

  test('exposes the created buckets', () => {
    const { archive } = newArchive();
    expect(archive.bucket).toBeInstanceOf(s3.Bucket);
    expect(archive.accessLogsBucket).toBeInstanceOf(s3.Bucket);
    expect(archive.accessLogsBucket).not.toBe(archive.bucket);
  });

  test('the defaults raise no warning', () => {
    const { stack } = newArchive();
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoWarning('*', Match.stringLikeRegexp('cdk-org-trail:'));
    annotations.hasNoWarning('*', Match.stringLikeRegexp('ArchiveExpiresWithinAYear'));
  });
});

describe('TrailArchive bucket policy with an S3 key prefix', () => {
  test.each([
    ['cloudtrail', 'cloudtrail/AWSLogs'],
    ['logs/org', 'logs/org/AWSLogs'],
  ])('prefix %s puts the PutObject resources under %s/<account|org>/*', (prefix, root) => {
    const { stack, archive } = newArchive({ s3KeyPrefix: prefix });
    const id = logicalId(stack, archive.bucket);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', Match.objectEquals({
      Bucket: { Ref: id },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [...tlsStatements(id), ...cloudTrailStatements(id, root)],
      },
    }));
  });
});

describe('TrailArchive overrides', () => {
  test('removalPolicy DESTROY applies to both buckets', () => {
    const { stack } = newArchive({ removalPolicy: RemovalPolicy.DESTROY });
    const buckets = Template.fromStack(stack).findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.DeletionPolicy).toBe('Delete');
      expect(bucket.UpdateReplacePolicy).toBe('Delete');
    }
  });

  test('accessLogsExpiration sets the access-log expiry', () => {
    const { stack } = newArchive({ accessLogsExpiration: Duration.days(90) });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Id: 'ExpireAccessLogs', ExpirationInDays: 90 })],
      },
    });
  });

  test('eventBridgeNotifications: false turns S3 -> EventBridge off on both buckets', () => {
    const { stack } = newArchive({ eventBridgeNotifications: false });
    const buckets = Template.fromStack(stack).findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.NotificationConfiguration).toBeUndefined();
    }
  });

  test('EventBridge notifications need no notifications custom resource (no Lambda function)', () => {
    const { stack } = newArchive();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  test.each([
    [Duration.hours(36), '1 day 12 hours'],
    [Duration.days(0), '0 days'],
  ])('accessLogsExpiration %s is rejected', (expiration, shown) => {
    expect(() => newArchive({ accessLogsExpiration: expiration }))
      .toThrow(new RegExp(`'accessLogsExpiration' must be a whole number of days, at least 1, got ${shown}`));
  });

  test.each([
    ['governance', s3.ObjectLockRetention.governance(Duration.days(365)), 'GOVERNANCE', 365],
    ['compliance', s3.ObjectLockRetention.compliance(Duration.days(2557)), 'COMPLIANCE', 2557],
  ])('objectLockRetention %s enables Object Lock with a default retention', (_name, retention, mode, days) => {
    const { stack } = newArchive({ objectLockRetention: retention });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: Match.objectEquals({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: mode, Days: days } },
      }),
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  test('Object Lock is off by default on both buckets', () => {
    const { stack } = newArchive();
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: Match.anyValue() } })).toEqual({});
  });
});

describe('TrailArchive with an imported bucket', () => {
  function importedArchive(props: Partial<TrailArchiveProps> = {}): { stack: Stack; archive: TrailArchive } {
    const stack = newStack();
    return newArchive({ bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'my-trail-bucket'), ...props }, stack);
  }

  test('creates no bucket and no bucket policy, and exposes the imported bucket', () => {
    const { stack, archive } = importedArchive();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    expect(archive.bucket.bucketName).toBe('my-trail-bucket');
    expect(archive.accessLogsBucket).toBeUndefined();
  });

  test('warns with the three statements to add to the bucket policy', () => {
    const { stack } = importedArchive();
    Annotations.fromStack(stack).hasWarning('/Stack/Archive',
      Match.stringLikeRegexp('cdk-org-trail:BucketPolicyNeedsCloudTrail'));
    const text = warningText(stack, 'cdk-org-trail:BucketPolicyNeedsCloudTrail');
    expect(text).toContain('\'archiveBucket\'');
    expect(text).toContain('"Sid": "AWSCloudTrailAclCheck"');
    expect(text).toContain('"Sid": "AWSCloudTrailWrite"');
    expect(text).toContain('"Sid": "AWSCloudTrailOrganizationWrite"');
    expect(text).toContain(':s3:::my-trail-bucket"');
    expect(text).toContain(`:s3:::my-trail-bucket/AWSLogs/${ACCOUNT}/*"`);
    expect(text).toContain(`:s3:::my-trail-bucket/AWSLogs/${ORG_ID}/*"`);
    expect(text).toContain(`"aws:SourceArn": "${TRAIL_ARN}"`);
    expect(text).toContain('"s3:x-amz-acl": "bucket-owner-full-control"');
  });

  test('the warning carries the key prefix in the paths', () => {
    const { stack } = importedArchive({ s3KeyPrefix: 'cloudtrail' });
    const text = warningText(stack, 'cdk-org-trail:BucketPolicyNeedsCloudTrail');
    expect(text).toContain(`:s3:::my-trail-bucket/cloudtrail/AWSLogs/${ACCOUNT}/*"`);
    expect(text).toContain(`:s3:::my-trail-bucket/cloudtrail/AWSLogs/${ORG_ID}/*"`);
  });

  // BUG (src/private/policy-statements.ts, printableStatements): the warning prints CloudFormation
  // intrinsics ({"Fn::Join": [..., {"Ref": "AWS::Partition"}, ...]}) instead of ARNs a user can paste
  // into a bucket policy, although the stack's Region (and so its partition) is known.
  test('the warning prints paste-ready ARNs', () => {
    const { stack } = importedArchive();
    const text = warningText(stack, 'cdk-org-trail:BucketPolicyNeedsCloudTrail');
    expect(text).toContain(`"Resource": "arn:aws:s3:::my-trail-bucket/AWSLogs/${ORG_ID}/*"`);
    expect(text).not.toContain('Fn::Join');
  });

  test('a bucket that this stack owns gets the statements instead of a warning', () => {
    const stack = newStack();
    const own = new s3.Bucket(stack, 'Own');
    newArchive({ bucket: own }, stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('BucketPolicyNeedsCloudTrail'));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Sid: 'AWSCloudTrailOrganizationWrite' })]),
      },
    });
  });

  test.each<[string, Partial<TrailArchiveProps>, string]>([
    ['lifecycle', { lifecycle: { neverExpire: true } }, "'archiveLifecycle'"],
    ['objectLockRetention', { objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(1)) }, "'objectLockRetention'"],
    ['accessLogsExpiration', { accessLogsExpiration: Duration.days(30) }, "'accessLogsExpiration'"],
    ['eventBridgeNotifications', { eventBridgeNotifications: true }, "'archiveEventBridgeNotifications'"],
    ['lifecycle and accessLogsExpiration', { lifecycle: {}, accessLogsExpiration: Duration.days(30) }, "'archiveLifecycle', 'accessLogsExpiration'"],
  ])('rejects %s', (_name, props, named) => {
    expect(() => importedArchive(props)).toThrow(
      `${named} only apply to an archive bucket this component creates, but 'archiveBucket' was given.`);
  });

  test('rejects a bucket imported from another Region, naming the prop and both Regions', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Imported', { bucketName: 'eu-bucket', region: 'eu-west-1' });
    expect(() => newArchive({ bucket }, stack))
      .toThrow(/'archiveBucket' is in Region 'eu-west-1' but the trail's stack is in 'us-east-1'/);
  });

  test('accepts a bucket imported with the stack\'s own Region', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Imported', { bucketName: 'us-bucket', region: REGION });
    expect(() => newArchive({ bucket }, stack)).not.toThrow();
  });

  test('skips the Region check when the stack has no concrete Region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Imported', { bucketName: 'eu-bucket', region: 'eu-west-1' });
    expect(() => newArchive({ bucket }, stack)).not.toThrow();
  });
});
