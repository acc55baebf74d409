import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { OrganizationTrail, OrganizationTrailProps } from '../src';

const ENV = { account: '111111111111', region: 'us-east-1' };
const ORG_ID = 'o-a1b2c3d4e5';

function newStack(): Stack {
  return new Stack(new App(), 'Audit', { env: ENV });
}

function synth(props: Partial<OrganizationTrailProps> = {}): { stack: Stack; trail: OrganizationTrail; template: Template } {
  const stack = newStack();
  const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, ...props });
  return { stack, trail, template: Template.fromStack(stack) };
}

function trailLogicalId(template: Template): string {
  return Object.keys(template.findResources('AWS::CloudTrail::Trail'))[0];
}

describe('the trail', () => {
  test('defaults: an all-Region organization trail with validation, KMS, CloudWatch Logs and management events', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.templateMatches({
      Resources: {
        [trailLogicalId(template)]: {
          Type: 'AWS::CloudTrail::Trail',
          Properties: Match.objectEquals({
            TrailName: 'organization-trail',
            IsLogging: true,
            IsOrganizationTrail: true,
            IsMultiRegionTrail: true,
            IncludeGlobalServiceEvents: true,
            EnableLogFileValidation: true,
            S3BucketName: { Ref: Match.stringLikeRegexp('^OrgTrailArchiveBucket') },
            KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailKey'), 'Arn'] },
            CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailCloudWatchDeliveryLogGroup'), 'Arn'] },
            CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailCloudWatchDeliveryRole'), 'Arn'] },
            AdvancedEventSelectors: [
              { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
            ],
          }),
        },
      },
    });
  });

  test('is created after the bucket policy and the delivery role policy that CloudTrail checks at create time', () => {
    const { template } = synth();
    const trail = template.findResources('AWS::CloudTrail::Trail')[trailLogicalId(template)];
    const bucketPolicy = Object.keys(template.findResources('AWS::S3::BucketPolicy'))
      .find((id) => id.startsWith('OrgTrailArchiveBucketPolicy'));
    const rolePolicy = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    expect(trail.DependsOn).toEqual(expect.arrayContaining([bucketPolicy, rolePolicy]));
  });

  test('exposes its name and ARN in the management (stack) account', () => {
    const { stack, trail } = synth({ trailName: 'audit' });
    expect(trail.trailName).toBe('audit');
    expect(stack.resolve(trail.trailArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:us-east-1:111111111111:trail/audit']],
    });
  });

  test('honours the key prefix in the trail and in every bucket policy path', () => {
    const { template } = synth({ s3KeyPrefix: 'org/cloudtrail' });
    template.hasResourceProperties('AWS::CloudTrail::Trail', { S3KeyPrefix: 'org/cloudtrail' });
    const policy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('/org/cloudtrail/AWSLogs/111111111111/*');
    expect(policy).toContain(`/org/cloudtrail/AWSLogs/${ORG_ID}/*`);
    expect(policy).not.toMatch(/"\/AWSLogs\//);
  });

  test.each([
    [cloudtrail.ReadWriteType.READ_ONLY, 'true'],
    [cloudtrail.ReadWriteType.WRITE_ONLY, 'false'],
  ])('managementEvents %s records only that half and warns about CIS 3.1', (readWriteType, readOnly) => {
    const { stack, template } = synth({ managementEvents: readWriteType });
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: [{
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: [readOnly] },
        ],
      }],
    });
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('CIS AWS Foundations 3.1'));
  });

  test('the defaults draw no warning', () => {
    const { stack } = synth();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('CloudWatch Logs delivery', () => {
  test('can be turned off, which warns about CloudTrail.5 and leaves no log group or role', () => {
    const { stack, template, trail } = synth({ cloudWatchLogs: false });
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      CloudWatchLogsLogGroupArn: Match.absent(),
      CloudWatchLogsRoleArn: Match.absent(),
    });
    expect(trail.logGroup).toBeUndefined();
    expect(trail.cloudWatchLogsRole).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('CloudTrail.5'));
  });

  test('delivers to an imported log group', () => {
    const stack = newStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Existing', 'existing-trail-logs');
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, logGroup });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      CloudWatchLogsLogGroupArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('log-group:existing-trail-logs:\\*')])] }),
    });
  });

  test.each([
    ['logGroup', (stack: Stack) => ({ logGroup: logs.LogGroup.fromLogGroupName(stack, 'Existing', 'x') })],
    ['logRetention', () => ({ logRetention: logs.RetentionDays.TWO_YEARS })],
  ])("'%s' with cloudWatchLogs false is an error naming both props", (prop, extra) => {
    const stack = newStack();
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, cloudWatchLogs: false, ...extra(stack) }))
      .toThrow(new RegExp(`'cloudWatchLogs' is false, but '${prop}'`));
  });
});

describe('grantRead', () => {
  test('grants list and get on the log path and decrypt only of CloudTrail data keys', () => {
    const stack = newStack();
    const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, s3KeyPrefix: 'ct' });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    trail.grantRead(reader);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailArchiveBucket'), 'Arn'] }, '/ct/AWSLogs/*']] },
          }),
          Match.objectLike({ Action: ['s3:ListBucket', 's3:GetBucketLocation'] }),
          Match.objectLike({
            Action: 'kms:Decrypt',
            Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailKey'), 'Arn'] },
          }),
        ]),
      },
    });
  });
});

describe('validation', () => {
  test.each([
    ['organizationId', { organizationId: 'O-123' }, /'organizationId' must look like 'o-'.*got 'O-123'/],
    ['trailName', { trailName: 'my--trail' }, /'trailName' must not have two periods.*got 'my--trail'/],
    ['s3KeyPrefix', { s3KeyPrefix: 'logs/' }, /'s3KeyPrefix' must not start or end with '\/'.*got 'logs\/'/],
    ['managementEvents', { managementEvents: cloudtrail.ReadWriteType.NONE }, /'managementEvents' is ReadWriteType.NONE/],
  ])('bad %s fails at synth with the prop, the value and the fix', (_prop, props, message) => {
    expect(() => synth(props as Partial<OrganizationTrailProps>)).toThrow(message);
  });

  test('several problems are reported together', () => {
    expect(() => synth({ organizationId: 'bad', trailName: 'x' })).toThrow(/Invalid OrganizationTrail configuration:\n- 'organizationId'.*\n- 'trailName'/);
  });

  test('an imported bucket in another Region is an error naming archiveBucket', () => {
    const stack = newStack();
    const archiveBucket = s3.Bucket.fromBucketAttributes(stack, 'Archive', { bucketName: 'central-trail', region: 'eu-west-1' });
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, archiveBucket }))
      .toThrow(/'archiveBucket' is in Region 'eu-west-1'/);
  });
});

describe('the archive guard', () => {
  const ACCOUNT = ENV.account;
  const CFN_EXEC = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${ENV.region}`;
  const SHORTENING_ACTIONS = [
    's3:DeleteObject',
    's3:DeleteObjectVersion',
    's3:BypassGovernanceRetention',
    's3:PutLifecycleConfiguration',
    's3:PutBucketVersioning',
    's3:PutBucketObjectLockConfiguration',
    's3:DeleteBucket',
  ];

  function archiveGuard(template: Template): any[] {
    const policies = template.findResources('AWS::S3::BucketPolicy', {
      Properties: { Bucket: { Ref: Match.stringLikeRegexp('^OrgTrailArchiveBucket') } },
    });
    expect(Object.keys(policies)).toHaveLength(1);
    return (Object.values(policies)[0].Properties.PolicyDocument.Statement as any[])
      .filter((statement) => statement.Sid?.startsWith('DenyArchive'));
  }

  test('is on by default, with no exemption, on the archive bucket only', () => {
    const { template } = synth();
    const bucket = { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailArchiveBucket'), 'Arn'] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^OrgTrailArchiveBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectEquals({
            Sid: 'DenyArchiveShortening',
            Action: SHORTENING_ACTIONS,
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: [bucket, { 'Fn::Join': ['', [bucket, '/*']] }],
          }),
          Match.objectEquals({
            Sid: 'DenyArchiveLegalHoldRemoval',
            Action: 's3:PutObjectLegalHold',
            Condition: { StringNotEquals: { 's3:object-lock-legal-hold': 'ON' } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: { 'Fn::Join': ['', [bucket, '/*']] },
          }),
        ]),
      },
    });
    const others = JSON.stringify(Object.entries(template.findResources('AWS::S3::BucketPolicy'))
      .filter(([, policy]) => !JSON.stringify(policy.Properties.Bucket).includes('OrgTrailArchiveBucket')));
    expect(others).not.toContain('DenyArchive');
  });

  test('archiveBreakGlassPrincipalArns reaches both statements', () => {
    const { template } = synth({ archiveBreakGlassPrincipalArns: [CFN_EXEC] });
    const guard = archiveGuard(template);
    expect(guard.map((statement) => statement.Sid)).toEqual(['DenyArchiveShortening', 'DenyArchiveLegalHoldRemoval']);
    for (const statement of guard) {
      expect(statement.Condition.ArnNotLike).toEqual({ 'aws:PrincipalArn': [CFN_EXEC] });
    }
  });

  test.each([
    ['a role session', `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`, /'archiveBreakGlassPrincipalArns' must name IAM roles, not role sessions/],
    ['not an ARN', 'Admin', /'archiveBreakGlassPrincipalArns' must hold IAM role or user ARNs .*got 'Admin'/],
  ])('a bad break-glass entry (%s) fails at synth naming the prop', (_name, arn, message) => {
    expect(() => synth({ archiveBreakGlassPrincipalArns: [arn] })).toThrow(message);
  });

  test('an imported archive bucket prints the guard with the exemption in its warning', () => {
    const stack = newStack();
    const archiveBucket = s3.Bucket.fromBucketName(stack, 'Archive', 'central-trail');
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, archiveBucket, archiveBreakGlassPrincipalArns: [CFN_EXEC] });
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail/Archive', Match.stringLikeRegexp(
      `"Sid": "DenyArchiveShortening"[\\s\\S]*"aws:PrincipalArn": \\[\\s*"${CFN_EXEC}"`));
  });

  test('the defaults with the guard still draw no warning', () => {
    const { stack } = synth();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('stateful resources', () => {
  test('the key, both buckets and the log group are retained by default', () => {
    const { template } = synth();
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup']) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    }
  });

  test('removalPolicy DESTROY applies to all of them and warns', () => {
    const { stack, template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource).toMatchObject({ DeletionPolicy: 'Delete' });
      }
    }
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('audit evidence'));
  });

  test('the props reach the parts: rotation period, log retention, access-log expiry', () => {
    const { template } = synth({
      keyRotationPeriod: Duration.days(180),
      logRetention: logs.RetentionDays.TWO_YEARS,
      accessLogsExpiration: Duration.days(400),
    });
    template.hasResourceProperties('AWS::KMS::Key', { RotationPeriodInDays: 180 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireAccessLogs', ExpirationInDays: 400 })] },
    });
  });
});

describe('the Athena query layer', () => {
  test('is on by default and grantQuery delegates to it', () => {
    const stack = newStack();
    const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID });
    expect(trail.query).toBeDefined();
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    trail.grantQuery(analyst);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.resourceCountIs('AWS::Glue::Table', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Analyst') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['athena:StartQueryExecution']) })]) },
    });
  });

  test('can be turned off; grantQuery then fails naming archiveQuery', () => {
    const stack = newStack();
    const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, archiveQuery: false });
    expect(trail.query).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Athena::WorkGroup', 0);
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => trail.grantQuery(analyst)).toThrow(/'archiveQuery' is false/);
  });

  test('options without the layer are an error naming both props', () => {
    expect(() => synth({ archiveQuery: false, archiveQueryOptions: { databaseName: 'audit' } }))
      .toThrow(/'archiveQuery' is false, but 'archiveQueryOptions' is set/);
  });
});

describe('more bad input', () => {
  test.each<[string, Partial<OrganizationTrailProps>, RegExp]>([
    ['archiveLifecycle (TrailArchive says lifecycle)', {
      archiveLifecycle: {
        transitions: [
          { storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) },
          { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(365) },
        ],
      },
    }, /^'archiveLifecycle\.transitions' moves log files from GLACIER after 90 days to STANDARD_IA after 365 days/],
    ['keyRotationPeriod (TrailKey says rotationPeriod)', { keyRotationPeriod: Duration.days(89) }, /^'keyRotationPeriod' must be a whole number of days from 90 to 2560/],
    ['logRetention (CloudWatchDelivery says retention)', { logRetention: 2 as logs.RetentionDays }, /^'logRetention' must be one of the values CloudWatch Logs accepts/],
  ])('messages from the parts name the facade prop: %s', (_name, props, message) => {
    expect(() => new OrganizationTrail(newStack(), 'OrgTrail', { organizationId: ORG_ID, ...props })).toThrow(message);
  });

  test.each<[string, (stack: Stack) => kms.IKey, RegExp]>([
    ['an HMAC key of the app', (stack) => new kms.Key(stack, 'Hmac', { keySpec: kms.KeySpec.HMAC_512, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC }),
      /'encryptionKey' has keySpec 'HMAC_512', but CloudTrail needs a symmetric encryption key/],
    ['the AWS managed CloudTrail key alias', (stack) => kms.Alias.fromAliasName(stack, 'Aws', 'alias/aws/cloudtrail'),
      /'encryptionKey' is the AWS managed key 'alias\/aws\/cloudtrail'.*leave 'encryptionKey' unset/],
  ])('encryptionKey: %s is refused, naming the prop', (_name, makeKey, message) => {
    const stack = newStack();
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, encryptionKey: makeKey(stack) })).toThrow(message);
  });

  test('excluded management event sources with managementEvents NONE are an error naming both props', () => {
    expect(() => synth({
      managementEvents: cloudtrail.ReadWriteType.NONE,
      excludeManagementEventSources: [cloudtrail.ManagementEventSources.KMS],
    })).toThrow(/'excludeManagementEventSources' needs management events, but 'managementEvents' is ReadWriteType.NONE/);
  });
});
