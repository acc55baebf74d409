import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
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

/** The S3 actions the archive guard denies, in the order the statement lists them. */
const SHORTENING_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:DeleteBucket',
];

/** The two archive guard statements, exempting the given principals (none by default). */
function guardStatements(id: string, breakGlass: string[] = []): object[] {
  const exempt = breakGlass.length === 0 ? {} : { ArnNotLike: { 'aws:PrincipalArn': breakGlass } };
  return [
    {
      Sid: 'DenyArchiveShortening',
      Action: SHORTENING_ACTIONS,
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: [getAtt(id), join(getAtt(id), '/*')],
      ...(breakGlass.length === 0 ? {} : { Condition: exempt }),
    },
    {
      Sid: 'DenyArchiveLegalHoldRemoval',
      Action: 's3:PutObjectLegalHold',
      Condition: { StringNotEquals: { 's3:object-lock-legal-hold': 'ON' }, ...exempt },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: join(getAtt(id), '/*'),
    },
  ];
}

function archivePolicy(stack: Stack, archive: TrailArchive): { id: string; statements: any[] } {
  const id = logicalId(stack, archive.bucket);
  const policies = Template.fromStack(stack).findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: id } } });
  const [policy] = Object.values(policies);
  return { id, statements: policy.Properties.PolicyDocument.Statement };
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

  test('the archive bucket policy is TLS-only, the three CloudTrail statements and the archive guard, nothing else', () => {
    const { stack, archive } = newArchive();
    const id = logicalId(stack, archive.bucket);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', Match.objectEquals({
      Bucket: { Ref: id },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [...tlsStatements(id), ...cloudTrailStatements(id, 'AWSLogs'), ...guardStatements(id)],
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
        Statement: [...tlsStatements(id), ...cloudTrailStatements(id, root), ...guardStatements(id)],
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

  test('archiveEventBridgeNotifications: false turns S3 -> EventBridge off on both buckets', () => {
    const { stack } = newArchive({ archiveEventBridgeNotifications: false });
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
    return newArchive({ archiveBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'my-trail-bucket'), ...props }, stack);
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
    newArchive({ archiveBucket: own }, stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('BucketPolicyNeedsCloudTrail'));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Sid: 'AWSCloudTrailOrganizationWrite' })]),
      },
    });
  });

  test.each<[string, Partial<TrailArchiveProps>, string]>([
    ['archiveLifecycle', { archiveLifecycle: { neverExpire: true } }, "'archiveLifecycle'"],
    ['objectLockRetention', { objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(1)) }, "'objectLockRetention'"],
    ['accessLogsExpiration', { accessLogsExpiration: Duration.days(30) }, "'accessLogsExpiration'"],
    ['archiveEventBridgeNotifications', { archiveEventBridgeNotifications: true }, "'archiveEventBridgeNotifications'"],
    ['archiveLifecycle and accessLogsExpiration', { archiveLifecycle: {}, accessLogsExpiration: Duration.days(30) }, "'archiveLifecycle', 'accessLogsExpiration'"],
  ])('rejects %s', (_name, props, named) => {
    expect(() => importedArchive(props)).toThrow(
      `${named} only apply to an archive bucket this component creates, but 'archiveBucket' was given.`);
  });

  test('rejects a bucket imported from another Region, naming the prop and both Regions', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Imported', { bucketName: 'eu-bucket', region: 'eu-west-1' });
    expect(() => newArchive({ archiveBucket: bucket }, stack))
      .toThrow(/'archiveBucket' is in Region 'eu-west-1' but the trail's stack is in 'us-east-1'/);
  });

  test('accepts a bucket imported with the stack\'s own Region', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Imported', { bucketName: 'us-bucket', region: REGION });
    expect(() => newArchive({ archiveBucket: bucket }, stack)).not.toThrow();
  });

  test('skips the Region check when the stack has no concrete Region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Imported', { bucketName: 'eu-bucket', region: 'eu-west-1' });
    expect(() => newArchive({ archiveBucket: bucket }, stack)).not.toThrow();
  });
});

describe('TrailArchive guard: the archive cannot be quietly shortened', () => {
  const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
  const CFN_EXEC = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`;

  test('by default denies the shortening actions to every principal, with no exemption', () => {
    const { stack, archive } = newArchive();
    const { id, statements } = archivePolicy(stack, archive);
    const guard = statements.filter((statement) => statement.Sid?.startsWith('DenyArchive'));
    expect(guard).toEqual(guardStatements(id));
  });

  test('break-glass principals are exempt from both statements through ArnNotLike on aws:PrincipalArn', () => {
    const { stack, archive } = newArchive({ archiveBreakGlassPrincipalArns: [BREAK_GLASS, CFN_EXEC] });
    const id = logicalId(stack, archive.bucket);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', Match.objectEquals({
      Bucket: { Ref: id },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [...tlsStatements(id), ...cloudTrailStatements(id, 'AWSLogs'), ...guardStatements(id, [BREAK_GLASS, CFN_EXEC])],
      },
    }));
  });

  test('an empty break-glass list is the default: no condition at all', () => {
    const { stack, archive } = newArchive({ archiveBreakGlassPrincipalArns: [] });
    const { id, statements } = archivePolicy(stack, archive);
    expect(statements.filter((statement) => statement.Sid?.startsWith('DenyArchive'))).toEqual(guardStatements(id));
  });

  test('denies nothing the running system needs: CloudTrail delivery, readers, queries', () => {
    const { stack, archive } = newArchive({ archiveBreakGlassPrincipalArns: [BREAK_GLASS] });
    const { statements } = archivePolicy(stack, archive);
    const denied = new Set(statements
      .filter((statement) => statement.Effect === 'Deny' && statement.Sid?.startsWith('DenyArchive'))
      .flatMap((statement) => [statement.Action].flat()));
    const allowedInPolicy = statements.filter((statement) => statement.Effect === 'Allow').flatMap((statement) => [statement.Action].flat());
    // CloudTrail's own calls, grantRead, grantQuery and S3 server access logging (the other bucket).
    const needed = [...allowedInPolicy, 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:GetBucketLocation', 's3:PutObject'];
    expect(needed.filter((action) => denied.has(action))).toEqual([]);
  });

  test('bucket policy changes stay possible (so CloudFormation can update the policy, and the root user keeps its recovery path)', () => {
    const { stack, archive } = newArchive();
    const { statements } = archivePolicy(stack, archive);
    const denied = statements.filter((statement) => statement.Effect === 'Deny').flatMap((statement) => [statement.Action].flat());
    expect(denied).not.toContain('s3:PutBucketPolicy');
    expect(denied).not.toContain('s3:DeleteBucketPolicy');
  });

  test.each([
    ['an IAM role', BREAK_GLASS],
    ['an IAM user', `arn:aws:iam::${ACCOUNT}:user/break-glass`],
    ['a role with a path', `arn:aws:iam::${ACCOUNT}:role/security/BreakGlass`],
    ['an IAM Identity Center role with a wildcard suffix', `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_BreakGlass_*`],
    ['a role of another account', 'arn:aws:iam::222222222222:role/BreakGlass'],
    ['a role in aws-cn', `arn:aws-cn:iam::${ACCOUNT}:role/BreakGlass`],
    ['a role in aws-us-gov', `arn:aws-us-gov:iam::${ACCOUNT}:role/BreakGlass`],
    ['a single-character name with ?', `arn:aws:iam::${ACCOUNT}:role/BreakGlass?`],
    ['names with every IAM name character', `arn:aws:iam::${ACCOUNT}:role/a+b=c,d.e@f_g-h`],
  ])('accepts %s', (_name, arn) => {
    const { stack, archive } = newArchive({ archiveBreakGlassPrincipalArns: [arn] });
    const { statements } = archivePolicy(stack, archive);
    expect(statements.find((statement) => statement.Sid === 'DenyArchiveShortening').Condition)
      .toEqual({ ArnNotLike: { 'aws:PrincipalArn': [arn] } });
  });

  test('accepts a token (the ARN of a role this stack creates) without checking it', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'BreakGlassRole', { assumedBy: new iam.AccountRootPrincipal() });
    const { archive } = newArchive({ archiveBreakGlassPrincipalArns: [role.roleArn] }, stack);
    const { statements } = archivePolicy(stack, archive);
    expect(statements.find((statement) => statement.Sid === 'DenyArchiveShortening').Condition)
      .toEqual({ ArnNotLike: { 'aws:PrincipalArn': [getAtt(stack.getLogicalId(role.node.defaultChild as iam.CfnRole))] } });
  });

  test.each<[string, string, RegExp]>([
    ['a role session', `arn:aws:sts::${ACCOUNT}:assumed-role/BreakGlass/alice`,
      new RegExp(`'archiveBreakGlassPrincipalArns' must name IAM roles, not role sessions: .*'arn:aws:sts::${ACCOUNT}:assumed-role/BreakGlass/alice'.* Use 'arn:aws:iam::${ACCOUNT}:role/BreakGlass'`)],
    ['the root user', `arn:aws:iam::${ACCOUNT}:root`,
      new RegExp(`'archiveBreakGlassPrincipalArns' must name IAM roles or users, got the root user 'arn:aws:iam::${ACCOUNT}:root'.* Name a break-glass role or user instead`)],
    ['every role of the account', `arn:aws:iam::${ACCOUNT}:role/*`,
      new RegExp(`'archiveBreakGlassPrincipalArns' entry 'arn:aws:iam::${ACCOUNT}:role/\\*' does not name a role: it would exempt every role of account ${ACCOUNT} and void the guard`)],
    ['every user of the account', `arn:aws:iam::${ACCOUNT}:user/*/*`, /does not name a user: it would exempt every user/],
    ['a path without a name', `arn:aws:iam::${ACCOUNT}:role/security/`, /ends in '\/', a path without a role name, so it would match no principal/],
    ['a wildcard account', 'arn:aws:iam::*:role/BreakGlass', /'archiveBreakGlassPrincipalArns' must hold IAM role or user ARNs such as 'arn:aws:iam::111111111111:role\/BreakGlass' .*got 'arn:aws:iam::\*:role\/BreakGlass'/],
    ['an 11-digit account', 'arn:aws:iam::11111111111:role/BreakGlass', /got 'arn:aws:iam::11111111111:role\/BreakGlass'/],
    ['a wildcard partition', `arn:*:iam::${ACCOUNT}:role/BreakGlass`, /partition and 12-digit account must be literal/],
    ['a role name, not an ARN', 'BreakGlass', /must hold IAM role or user ARNs .*got 'BreakGlass'/],
    ['a group', `arn:aws:iam::${ACCOUNT}:group/Admins`, /got 'arn:aws:iam::111111111111:group\/Admins'/],
    ['an instance profile', `arn:aws:iam::${ACCOUNT}:instance-profile/BreakGlass`, /got 'arn:aws:iam::111111111111:instance-profile\/BreakGlass'/],
    ['an empty string', '', /got ''/],
    ['a trailing space', `${BREAK_GLASS} `, /got 'arn:aws:iam::111111111111:role\/BreakGlass '/],
  ])('rejects %s, naming the prop, the value and the fix', (_name, arn, message) => {
    expect(() => newArchive({ archiveBreakGlassPrincipalArns: [arn] })).toThrow(message);
  });

  test('rejects a duplicate', () => {
    expect(() => newArchive({ archiveBreakGlassPrincipalArns: [BREAK_GLASS, BREAK_GLASS] }))
      .toThrow(`'archiveBreakGlassPrincipalArns' lists '${BREAK_GLASS}' twice. Remove the duplicate.`);
  });

  test('lists every bad entry in one message', () => {
    expect(() => newArchive({ archiveBreakGlassPrincipalArns: ['BreakGlass', `arn:aws:iam::${ACCOUNT}:root`] }))
      .toThrow(/- 'archiveBreakGlassPrincipalArns' must hold IAM role or user ARNs[^\n]*\n- 'archiveBreakGlassPrincipalArns' must name IAM roles or users, got the root user/);
  });

  test('the archive bucket policy is retained with the bucket, so deleting the stack does not drop the guard', () => {
    const { stack, archive } = newArchive();
    const id = logicalId(stack, archive.bucket);
    Template.fromStack(stack).hasResource('AWS::S3::BucketPolicy', {
      Properties: Match.objectLike({ Bucket: { Ref: id } }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('removalPolicy DESTROY applies to the archive bucket policy too', () => {
    const { stack, archive } = newArchive({ removalPolicy: RemovalPolicy.DESTROY });
    const id = logicalId(stack, archive.bucket);
    Template.fromStack(stack).hasResource('AWS::S3::BucketPolicy', {
      Properties: Match.objectLike({ Bucket: { Ref: id } }),
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('the policy of a bucket passed in keeps the removal policy its owner chose', () => {
    const stack = newStack();
    const own = new s3.Bucket(stack, 'Own', { versioned: true });
    newArchive({ archiveBucket: own }, stack);
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'));
    expect(policy.DeletionPolicy).toBeUndefined();
  });

  test('a bucket of this stack passed in gets the guard too', () => {
    const stack = newStack();
    const own = new s3.Bucket(stack, 'Own', { versioned: true });
    newArchive({ archiveBucket: own, archiveBreakGlassPrincipalArns: [BREAK_GLASS] }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'DenyArchiveShortening',
          Effect: 'Deny',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } },
        })]),
      },
    });
  });

  test('a bucket of this stack with autoDeleteObjects fails at synth: the guard would stop it being emptied', () => {
    const stack = newStack();
    const own = new s3.Bucket(stack, 'Own', { versioned: true, autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    newArchive({ archiveBucket: own }, stack);
    expect(() => Template.fromStack(stack)).toThrow(
      /'archiveBucket' has autoDeleteObjects, but the archive guard \(DenyArchiveShortening\) denies deleting object versions to everyone outside 'archiveBreakGlassPrincipalArns'.*Drop autoDeleteObjects/);
  });

  test('removalPolicy DESTROY alone is allowed (the created bucket has no autoDeleteObjects)', () => {
    const { stack } = newArchive({ removalPolicy: RemovalPolicy.DESTROY });
    expect(() => Template.fromStack(stack)).not.toThrow();
    Template.fromStack(stack).resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  describe('with an imported bucket', () => {
    function importedArchive(props: Partial<TrailArchiveProps> = {}): Stack {
      const stack = newStack();
      newArchive({ archiveBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'my-trail-bucket'), ...props }, stack);
      return stack;
    }

    test('the warning prints both guard statements, paste-ready, and says what happens without them', () => {
      const text = warningText(importedArchive(), 'cdk-org-trail:BucketPolicyNeedsCloudTrail');
      expect(text).toContain('"Sid": "DenyArchiveShortening"');
      expect(text).toContain('"Sid": "DenyArchiveLegalHoldRemoval"');
      expect(text).toContain('"arn:aws:s3:::my-trail-bucket"');
      expect(text).toContain('"arn:aws:s3:::my-trail-bucket/*"');
      expect(text).toContain('"s3:object-lock-legal-hold": "ON"');
      expect(text).toContain('CloudTrail delivery fails (the AWSCloudTrail statements) and anyone with S3 permissions can delete log files');
      expect(text).not.toContain('aws:PrincipalArn');
    });

    test('the printed statements carry the break-glass exemption', () => {
      const text = warningText(importedArchive({ archiveBreakGlassPrincipalArns: [BREAK_GLASS] }), 'cdk-org-trail:BucketPolicyNeedsCloudTrail');
      const document = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
      const guard = document.Statement.filter((statement: any) => statement.Sid.startsWith('DenyArchive'));
      expect(guard).toHaveLength(2);
      for (const statement of guard) {
        expect(statement.Condition.ArnNotLike).toEqual({ 'aws:PrincipalArn': [BREAK_GLASS] });
      }
    });

    test('invalid break-glass ARNs fail for an imported bucket too', () => {
      expect(() => importedArchive({ archiveBreakGlassPrincipalArns: ['BreakGlass'] })).toThrow(/'archiveBreakGlassPrincipalArns'/);
    });
  });
});
