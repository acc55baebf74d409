import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LogArchive, LogArchiveProps, OrganizationTrail, TrailDeployment, TrailKeyPlacement } from '../../src';

const MGMT = '111111111111';
const LOG = '222222222222';
const REGION = 'eu-west-1';
const ORG_ID = 'o-a1b2c3d4e5';
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/org-trail`;
const LOG_KEY_ARN = `arn:aws:kms:${REGION}:${LOG}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;

interface Split {
  readonly app: App;
  readonly logStack: Stack;
  readonly mgmtStack: Stack;
  readonly archive: LogArchive;
}

/** The two stacks of the split, with a literal partition (aws) so ARNs read plainly. */
function stacks(app = new App()): { app: App; logStack: Stack; mgmtStack: Stack } {
  const logStack = new Stack(app, 'LogArchive', { env: { account: LOG, region: REGION } });
  const mgmtStack = new Stack(app, 'Management', { env: { account: MGMT, region: REGION } });
  return { app, logStack, mgmtStack };
}

/** The log-archive stack with its LogArchive; the management stack is added when a test asks for it (an empty stack fails template validation). */
function newArchive(props: Partial<LogArchiveProps> = {}): Split {
  const app = new App();
  const logStack = new Stack(app, 'LogArchive', { env: { account: LOG, region: REGION } });
  const archive = new LogArchive(logStack, 'LogArchive', { organizationId: ORG_ID, managementAccount: MGMT, trailName: 'org-trail', ...props });
  let mgmtStack: Stack | undefined;
  return {
    app,
    logStack,
    archive,
    get mgmtStack() {
      mgmtStack ??= new Stack(app, 'Management', { env: { account: MGMT, region: REGION } });
      return mgmtStack;
    },
  };
}

function bucketPolicy(stack: Stack): any[] {
  const template = Template.fromStack(stack);
  const archiveId = Object.entries(template.findResources('AWS::S3::Bucket'))
    .find(([, resource]) => resource.Properties?.BucketName !== undefined)![0];
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'))
    .filter((policy) => policy.Properties.Bucket.Ref === archiveId);
  return stack.resolve(policies[0].Properties.PolicyDocument.Statement);
}

function statement(statements: any[], sid: string): any {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) {
    throw new Error(`no statement ${sid} in ${statements.map((s) => s.Sid).join(', ')}`);
  }
  return found;
}

const partition = { Ref: 'AWS::Partition' };
function arn(...parts: unknown[]): object {
  return { 'Fn::Join': ['', parts] };
}

describe('LogArchive (the log-archive account\'s side)', () => {
  test('creates the archive bucket under a literal default name, with its access-log bucket', () => {
    const { logStack, archive } = newArchive();
    const template = Template.fromStack(logStack);
    template.resourceCountIs('AWS::S3::Bucket', 3); // archive, access logs, Athena results (the query layer's own access logs are shared)
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: `org-trail-${LOG}-${REGION}`,
      VersioningConfiguration: { Status: 'Enabled' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'archive/' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(archive.reference).toEqual({
      bucketName: `org-trail-${LOG}-${REGION}`,
      logArchiveAccount: LOG,
      region: REGION,
      managementAccount: MGMT,
      organizationId: ORG_ID,
      trailName: 'org-trail',
      s3KeyPrefix: undefined,
      keyPlacement: TrailKeyPlacement.MANAGEMENT_ACCOUNT,
      keyArn: undefined,
    });
  });

  test('the default placement creates no key here; new objects default to SSE-KMS with aws/s3 (CloudTrail names its own key)', () => {
    const { logStack } = newArchive();
    const template = Template.fromStack(logStack);
    template.resourcePropertiesCountIs('AWS::KMS::Key', { Description: Match.stringLikeRegexp('organization trail') }, 0);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: `org-trail-${LOG}-${REGION}`,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
    });
  });

  test('the bucket policy lets only the management account\'s trail write, on both documented paths, conditioned on aws:SourceArn', () => {
    const { logStack } = newArchive({ s3KeyPrefix: 'cloudtrail' });
    const statements = bucketPolicy(logStack);
    const bucketArn = arn('arn:', partition, `:s3:::org-trail-${LOG}-${REGION}`);
    const sourceArn = arn('arn:', partition, `:cloudtrail:${REGION}:${MGMT}:trail/org-trail`);
    expect(statement(statements, 'AWSCloudTrailAclCheck')).toEqual({
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: expect.anything(),
      Condition: { StringEquals: { 'aws:SourceArn': sourceArn } },
    });
    const writeCondition = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn } };
    expect(statement(statements, 'AWSCloudTrailWrite')).toMatchObject({
      Action: 's3:PutObject', Condition: writeCondition, Resource: arn(expect.anything(), `/cloudtrail/AWSLogs/${MGMT}/*`),
    });
    expect(statement(statements, 'AWSCloudTrailOrganizationWrite')).toMatchObject({
      Action: 's3:PutObject', Condition: writeCondition, Resource: arn(expect.anything(), `/cloudtrail/AWSLogs/${ORG_ID}/*`),
    });
    expect(bucketArn).toBeDefined();
    // The log-archive account's own ID appears nowhere in the write paths.
    expect(JSON.stringify(statements.filter((s) => String(s.Sid).startsWith('AWSCloudTrail')))).not.toContain(LOG);
  });

  test('the archive guard and the lifecycle apply as in the single-account archive', () => {
    const { logStack } = newArchive({
      objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)),
      archiveBreakGlassPrincipalArns: [`arn:aws:iam::${LOG}:role/BreakGlass`],
    });
    const statements = bucketPolicy(logStack);
    expect(statement(statements, 'DenyArchiveShortening')).toMatchObject({
      Effect: 'Deny', Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${LOG}:role/BreakGlass`] } },
    });
    Template.fromStack(logStack).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: `org-trail-${LOG}-${REGION}`,
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
    });
  });

  test('the buckets are retained', () => {
    const { logStack } = newArchive();
    for (const bucket of Object.values(Template.fromStack(logStack).findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  test('the Athena layer reads the archive from here', () => {
    const { logStack, archive } = newArchive({ s3KeyPrefix: 'cloudtrail' });
    expect(archive.query).toBeDefined();
    const table = Object.values(Template.fromStack(logStack).findResources('AWS::Glue::Table'))[0];
    expect(JSON.stringify(logStack.resolve(table.Properties.TableInput.StorageDescriptor.Location)))
      .toContain('"},"/cloudtrail/AWSLogs/o-a1b2c3d4e5/"');
    const archiveId = logStack.getLogicalId(archive.bucket.node.defaultChild as s3.CfnBucket);
    expect(JSON.stringify(table.Properties.TableInput.StorageDescriptor.Location)).toContain(archiveId);
    const noQuery = newArchive({ archiveQuery: false });
    Template.fromStack(noQuery.logStack).resourceCountIs('AWS::Glue::Table', 0);
    expect(() => noQuery.archive.grantQuery(new iam.AccountRootPrincipal())).toThrow(/'archiveQuery' is false/);
  });

  test('grantRead names the management account\'s keys (key/*) with the reader conditions, or the one key when trailKeyArn is known', () => {
    const { logStack, archive } = newArchive();
    const reader = new iam.Role(logStack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    archive.grantRead(reader);
    Template.fromStack(logStack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Resource: arn('arn:', partition, `:kms:${REGION}:${MGMT}:key/*`),
          Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
        })]),
      },
    });

    const known = newArchive({ trailKeyArn: `arn:aws:kms:${REGION}:${MGMT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d` });
    known.archive.grantRead(new iam.Role(known.logStack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    Template.fromStack(known.logStack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt', Resource: `arn:aws:kms:${REGION}:${MGMT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
        })]),
      },
    });
  });

  test('with the key here (LOG_ARCHIVE_ACCOUNT): a rotated, retained key whose policy names the management account\'s trail, and a KeyArn output', () => {
    const { logStack, archive } = newArchive({ keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT });
    const template = Template.fromStack(logStack);
    const keys = template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('organization trail') } });
    expect(Object.keys(keys)).toHaveLength(1);
    const [keyId, key] = Object.entries(keys)[0];
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements = logStack.resolve(key.Properties.KeyPolicy.Statement);
    expect(statement(statements, 'AllowCloudTrailToEncryptLogs').Condition).toEqual({
      StringEquals: { 'aws:SourceArn': arn('arn:', partition, `:cloudtrail:${REGION}:${MGMT}:trail/org-trail`) },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': arn('arn:', partition, `:cloudtrail:*:${MGMT}:trail/*`) },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: `org-trail-${LOG}-${REGION}`,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } }] },
    });
    template.hasOutput('*', { Value: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(archive.reference.keyPlacement).toBe(TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT);
  });

  test('synth is silent', () => {
    const { logStack } = newArchive();
    Annotations.fromStack(logStack).hasNoWarning('*', Match.anyValue());
  });

  test.each([
    [{ managementAccount: '1111' }, /'managementAccount' must be a literal 12-digit account ID/],
    [{ organizationId: 'O-1' }, /'organizationId' must look like/],
    [{ trailName: 'bad trail' }, /'trailName' must/],
    [{ s3KeyPrefix: '/x' }, /'s3KeyPrefix' must/],
    [{ bucketName: 'Bad_Bucket' }, /'bucketName' must name an S3 bucket/],
    [{ trailName: 'a'.repeat(41) }, /The default bucket name .* must name an S3 bucket/],
    [{ keyRotationPeriod: Duration.days(90) }, /'keyRotationPeriod' only applies to a key created here/],
    [{ keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT, trailKeyArn: `arn:aws:kms:${REGION}:${MGMT}:key/abc` }, /'trailKeyArn' names the trail key beside the trail/],
    [{ trailKeyArn: `arn:aws:kms:${REGION}:${LOG}:key/abc` }, /'trailKeyArn' must be the full ARN of a key of the management account/],
    [{ archiveQuery: false, archiveQueryOptions: {} }, /'archiveQueryOptions' is set/],
  ])('rejects %j', (props, message) => {
    expect(() => newArchive(props as Partial<LogArchiveProps>)).toThrow(message);
  });

  test('rejects an environment-agnostic stack', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => new LogArchive(stack, 'LogArchive', { organizationId: ORG_ID, managementAccount: MGMT }))
      .toThrow(/LogArchive needs its stack's account and Region at synth/);
  });
});

describe('OrganizationTrail with logArchive (the management account\'s side)', () => {
  test('delivers to the log-archive bucket by name, keeps its key (Control Tower\'s placement) and lets the log-archive account decrypt this trail\'s files', () => {
    const { mgmtStack, archive } = newArchive({ s3KeyPrefix: 'cloudtrail' });
    const trail = new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: archive.reference });
    const template = Template.fromStack(mgmtStack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    template.resourceCountIs('AWS::Glue::Table', 0);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'org-trail',
      S3BucketName: `org-trail-${LOG}-${REGION}`,
      S3KeyPrefix: 'cloudtrail',
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailKey'), 'Arn'] },
      IsOrganizationTrail: true,
    });
    expect(trail.trailArn).toBeDefined();
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    const statements = mgmtStack.resolve(key.Properties.KeyPolicy.Statement);
    expect(statement(statements, 'AllowLogArchiveAccountToDecryptTrailLogs')).toEqual({
      Sid: 'AllowLogArchiveAccountToDecryptTrailLogs',
      Effect: 'Allow',
      Principal: { AWS: arn('arn:', partition, `:iam::${LOG}:root`) },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': arn('arn:', partition, `:cloudtrail:${REGION}:${MGMT}:trail/org-trail`) } },
    });
    const bucketKeyStatement = statement(statements, 'AllowLogArchiveAccountToDecryptArchiveBucketKey');
    expect(bucketKeyStatement.Condition).toEqual({
      StringEquals: {
        'kms:EncryptionContext:aws:s3:arn': arn('arn:', partition, `:s3:::org-trail-${LOG}-${REGION}`),
        'kms:ViaService': `s3.${REGION}.amazonaws.com`,
      },
    });
    expect(statement(statements, 'AllowCloudTrailToEncryptLogs')).toBeDefined();
    Annotations.fromStack(mgmtStack).hasNoWarning('*', Match.anyValue());
  });

  test('the management stack deploys after the log-archive stack', () => {
    const { app, mgmtStack, logStack, archive } = newArchive();
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: archive.reference });
    const assembly = app.synth();
    expect(assembly.getStackByName(mgmtStack.stackName).dependencies.map((dependency) => dependency.id)).toContain(logStack.artifactId);
    expect(assembly.getStackByName(logStack.stackName).dependencies.map((dependency) => dependency.id)).not.toContain(mgmtStack.artifactId);
  });

  test('the trail built before the archive is ordered too', () => {
    const { app, logStack, mgmtStack } = stacks();
    const reference = { bucketName: `org-trail-${LOG}-${REGION}`, logArchiveAccount: LOG, region: REGION, managementAccount: MGMT, organizationId: ORG_ID, trailName: 'org-trail' };
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: reference });
    new LogArchive(logStack, 'LogArchive', { organizationId: ORG_ID, managementAccount: MGMT, trailName: 'org-trail' });
    expect(app.synth().getStackByName(mgmtStack.stackName).dependencies.map((dependency) => dependency.id)).toContain(logStack.artifactId);
  });

  test('with the key in the log-archive account: the trail names it by ARN, and a key here only encrypts the log group', () => {
    const { mgmtStack, archive } = newArchive({ keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT });
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: { ...archive.reference, keyArn: LOG_KEY_ARN } });
    const template = Template.fromStack(mgmtStack);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: LOG_KEY_ARN });
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    expect(key.Properties.Description).toBe('Encrypts the CloudTrail organization trail\'s CloudWatch Logs group');
    const sids = mgmtStack.resolve(key.Properties.KeyPolicy.Statement).map((s: any) => s.Sid);
    expect(sids).toContain('AllowCloudWatchLogsForTrailLogGroup');
    expect(sids.filter((sid: string) => /CloudTrail|LogArchive/.test(sid))).toEqual([]);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
    Annotations.fromStack(mgmtStack).hasNoWarning('*', Match.anyValue());

    const noLogs = newArchive({ keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT });
    new OrganizationTrail(noLogs.mgmtStack, 'OrgTrail', {
      organizationId: ORG_ID, cloudWatchLogs: false, alerts: undefined, logArchive: { ...noLogs.archive.reference, keyArn: LOG_KEY_ARN },
    });
    Template.fromStack(noLogs.mgmtStack).resourceCountIs('AWS::KMS::Key', 0);
  });

  test('an imported key beside the trail draws a warning with the log-archive account\'s statements', () => {
    const { mgmtStack, archive } = newArchive();
    new OrganizationTrail(mgmtStack, 'OrgTrail', {
      organizationId: ORG_ID,
      logArchive: archive.reference,
      encryptionKey: kms.Key.fromKeyArn(mgmtStack, 'Key', `arn:aws:kms:${REGION}:${MGMT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`),
    });
    Annotations.fromStack(mgmtStack).hasWarning('/Management/OrgTrail/Key',
      Match.stringLikeRegexp('AllowLogArchiveAccountToDecryptTrailLogs[\\s\\S]*arn:aws:iam::222222222222:root'));
  });

  test('grantRead points to the log-archive account', () => {
    const { mgmtStack, archive } = newArchive();
    const trail = new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: archive.reference });
    expect(() => trail.grantRead(new iam.AccountRootPrincipal())).toThrow(/LogArchive.grantRead\(\)/);
  });

  test('alerts still watch the archive bucket and key by name (their CloudTrail events reach the management account)', () => {
    // In us-east-1, where the global-service alerts' events arrive.
    const app = new App();
    const logStack = new Stack(app, 'LogArchive', { env: { account: LOG, region: 'us-east-1' } });
    const mgmtStack = new Stack(app, 'Management', { env: { account: MGMT, region: 'us-east-1' } });
    const archive = new LogArchive(logStack, 'LogArchive', { organizationId: ORG_ID, managementAccount: MGMT });
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: archive.reference, alerts: {} });
    expect(JSON.stringify(Template.fromStack(mgmtStack).toJSON())).toContain(`organization-trail-${LOG}-us-east-1`);
  });

  const logKeyReference = () => ({ bucketName: `org-trail-${LOG}-${REGION}`, logArchiveAccount: LOG, region: REGION, managementAccount: MGMT, organizationId: ORG_ID, trailName: 'org-trail' });

  test.each([
    ['archive settings', { archiveLifecycle: { neverExpire: true }, archiveBreakGlassPrincipalArns: [] }, /'archiveLifecycle', 'archiveBreakGlassPrincipalArns' configure the archive/],
    ['the query layer', { archiveQuery: true }, /'archiveQuery' and 'archiveQueryOptions' create the Athena layer/],
    ['continuous validation', { integrityValidation: {} }, /'integrityValidation' watches the archive's object events/],
    ['another organization', { organizationId: 'o-zzzzzzzzzz' }, /'organizationId' is 'o-zzzzzzzzzz', but 'logArchive.organizationId' is 'o-a1b2c3d4e5'/],
    ['another trail name', { trailName: 'other' }, /'trailName' is 'other', but 'logArchive.trailName' is 'org-trail'/],
    ['another prefix', { s3KeyPrefix: 'x' }, /'s3KeyPrefix' is 'x', but 'logArchive.s3KeyPrefix' is unset/],
    ['a key ARN with the key beside the trail', { logArchive: { ...logKeyReference(), keyArn: LOG_KEY_ARN } }, /'logArchive.keyArn' is set, but 'logArchive.keyPlacement' is MANAGEMENT_ACCOUNT/],
    ['no key ARN with the key in the log-archive account', { logArchive: { ...logKeyReference(), keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT } }, /'logArchive.keyArn' must be the literal ARN of the trail key in the log-archive account .* got nothing/],
    ['a key of another account', { logArchive: { ...logKeyReference(), keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT, keyArn: LOG_KEY_ARN.replace(LOG, MGMT) } }, /'logArchive.keyArn' must be the literal ARN/],
    ['a bad bucket name', { logArchive: { ...logKeyReference(), bucketName: 'X' } }, /'logArchive.bucketName' must name an S3 bucket/],
    ['a bad log-archive account', { logArchive: { ...logKeyReference(), logArchiveAccount: 'x' } }, /'logArchive.logArchiveAccount' must be a literal 12-digit account ID/],
  ])('rejects %s', (_name, props, message) => {
    const { mgmtStack } = stacks();
    expect(() => new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: logKeyReference(), ...props } as any)).toThrow(message);
  });

  test('rejects the key token of the log-archive stack', () => {
    const { mgmtStack, archive } = newArchive({ keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT });
    expect(() => new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: archive.reference }))
      .toThrow(/got a token .* Deploy the log-archive stack first and pass its KeyArn output/);
  });

  test.each([
    ['account', { account: '333333333333', region: REGION }, /The trail's stack is in account '333333333333', but 'logArchive.managementAccount' is '111111111111'/],
    ['Region', { account: MGMT, region: 'us-east-1' }, /The trail's stack is in Region 'us-east-1', but 'logArchive.region' is 'eu-west-1'/],
  ])('rejects a trail stack in another %s', (_name, env, message) => {
    const stack = new Stack(new App(), 'Management', { env });
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, logArchive: logKeyReference() })).toThrow(message);
  });

  test('rejects an environment-agnostic trail stack', () => {
    const stack = new Stack(new App(), 'Management');
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, logArchive: logKeyReference() }))
      .toThrow(/'logArchive' needs the trail stack's account at synth/);
  });
});

describe('one app, two stacks: synth fails when the two sides disagree', () => {
  function synthWith(change: Record<string, unknown>): () => void {
    const { app, mgmtStack, archive } = newArchive({ s3KeyPrefix: 'cloudtrail' });
    // A hand-written reference that drifted from the LogArchive (the trail side's own checks pass).
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: (change.organizationId as string) ?? ORG_ID, logArchive: { ...archive.reference, ...change } });
    return () => app.synth();
  }

  test('the same configuration synthesizes', () => {
    expect(synthWith({})).not.toThrow();
  });

  test.each([
    [{ bucketName: 'other-bucket' }, /'logArchive.bucketName' is 'other-bucket', but the LogArchive constructs of this app create 'org-trail-222222222222-eu-west-1' \(LogArchive\/LogArchive\)/],
    [{ s3KeyPrefix: 'other' }, /'logArchive.s3KeyPrefix' is 'other', but the LogArchive at LogArchive\/LogArchive has 'cloudtrail'/],
    [{ organizationId: 'o-zzzzzzzzzz' }, /'logArchive.organizationId' is 'o-zzzzzzzzzz', but the LogArchive .* has 'o-a1b2c3d4e5'/],
    [{ trailName: 'other-trail' }, /'logArchive.trailName' is 'other-trail', but the LogArchive .* has 'org-trail'/],
    [{ logArchiveAccount: '333333333333' }, /'logArchive.logArchiveAccount' is '333333333333'/],
  ])('%j', (change, message) => {
    expect(synthWith(change)).toThrow(message);
  });

  test('a different management account or Region on the LogArchive', () => {
    const { app, logStack, mgmtStack } = stacks();
    const archive = new LogArchive(logStack, 'LogArchive', { organizationId: ORG_ID, managementAccount: '333333333333', trailName: 'org-trail' });
    const reference = { ...archive.reference, managementAccount: MGMT };
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: reference });
    expect(() => app.synth()).toThrow(/'logArchive.managementAccount' is '111111111111', but the LogArchive at LogArchive\/LogArchive has '333333333333'/);
  });

  test('a different Region on the LogArchive', () => {
    const app = new App();
    const logStack = new Stack(app, 'LogArchive', { env: { account: LOG, region: REGION } });
    const mgmtStack = new Stack(app, 'Management', { env: { account: MGMT, region: 'us-east-1' } });
    const archive = new LogArchive(logStack, 'LogArchive', { organizationId: ORG_ID, managementAccount: MGMT, trailName: 'org-trail', bucketName: 'shared-name-archive' });
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: { ...archive.reference, region: 'us-east-1' }, alerts: undefined });
    expect(() => app.synth()).toThrow(/'logArchive.region' is 'us-east-1', but the LogArchive at LogArchive\/LogArchive has 'eu-west-1'/);
  });

  test('an app that holds only the trail side is not checked (the archive is deployed from another app)', () => {
    const app = new App();
    const mgmtStack = new Stack(app, 'Management', { env: { account: MGMT, region: REGION } });
    new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: { bucketName: 'elsewhere-archive', logArchiveAccount: LOG, region: REGION, managementAccount: MGMT, organizationId: ORG_ID, trailName: 'org-trail' } });
    expect(() => app.synth()).not.toThrow();
  });
});

test('the trail ARN in the bucket policy is the one the trail gets', () => {
  const { app, mgmtStack, logStack, archive } = newArchive();
  const trail = new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: archive.reference });
  app.synth();
  expect(logStack.resolve(archive.trailArn)).toEqual(mgmtStack.resolve(trail.trailArn));
  expect(TRAIL_ARN).toContain(':trail/org-trail');
});

test('LogArchive\'s stateful resources have stable logical IDs (a new one would replace the archive or the key)', () => {
  const stateful = (stack: Stack) => Object.fromEntries(['AWS::S3::Bucket', 'AWS::KMS::Key'].flatMap((type) =>
    Object.keys(Template.fromStack(stack).findResources(type)).map((id) => [id, type])));
  expect(stateful(newArchive().logStack)).toEqual({
    LogArchiveBucket9D881C39: 'AWS::S3::Bucket',
    LogArchiveAccessLogsBucket488890F9: 'AWS::S3::Bucket',
    LogArchiveQueryResultsBucketB10E15C9: 'AWS::S3::Bucket',
    LogArchiveQueryResultsKey0DFFD5E0: 'AWS::KMS::Key',
  });
  expect(Object.keys(stateful(newArchive({ keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT }).logStack))).toContain('LogArchiveKey8A035694');
});

describe('three accounts: a CloudTrail delegated administrator deploys the trail, the archive is in the log-archive account', () => {
  const DELEGATED_ADMIN = '333333333333';
  const DELEGATED_KEY_ARN = `arn:aws:kms:${REGION}:${DELEGATED_ADMIN}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
  const delegated = () => TrailDeployment.delegatedAdministrator({ managementAccountId: MGMT });

  /** The log-archive stack's LogArchive (the trail deployed from the delegated administrator) and the delegated administrator's stack. */
  function threeAccounts(props: Partial<LogArchiveProps> = {}): Split & { readonly daStack: Stack } {
    const split = newArchive({ trailDeploymentAccount: DELEGATED_ADMIN, s3KeyPrefix: 'cloudtrail', ...props });
    const daStack = new Stack(split.app, 'DelegatedAdmin', { env: { account: DELEGATED_ADMIN, region: REGION } });
    return Object.assign(split, { daStack });
  }

  function delegatedTrail(stack: Stack, logArchive: LogArchive['reference'], deployedFrom = delegated()): OrganizationTrail {
    return new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, deployedFrom, logArchive });
  }

  test('LogArchive: the bucket (and a key here) still name the management account\'s trail; the reference carries the delegated administrator', () => {
    const { logStack, archive } = threeAccounts();
    const statements = bucketPolicy(logStack);
    const sourceArn = arn('arn:', partition, `:cloudtrail:${REGION}:${MGMT}:trail/org-trail`);
    expect(statement(statements, 'AWSCloudTrailAclCheck').Condition).toEqual({ StringEquals: { 'aws:SourceArn': sourceArn } });
    expect(statement(statements, 'AWSCloudTrailWrite')).toMatchObject({
      Condition: { StringEquals: { 'aws:SourceArn': sourceArn } }, Resource: arn(expect.anything(), `/cloudtrail/AWSLogs/${MGMT}/*`),
    });
    expect(statement(statements, 'AWSCloudTrailOrganizationWrite').Resource).toEqual(arn(expect.anything(), `/cloudtrail/AWSLogs/${ORG_ID}/*`));
    expect(JSON.stringify(statements)).not.toContain(DELEGATED_ADMIN);
    expect(logStack.resolve(archive.trailArn)).toEqual(sourceArn);
    expect(archive.reference).toMatchObject({
      managementAccount: MGMT, trailDeploymentAccount: DELEGATED_ADMIN, keyPlacement: TrailKeyPlacement.MANAGEMENT_ACCOUNT,
    });
  });

  test('LogArchive: readers, the query layer and grants name the keys of the delegated administrator\'s account (key/*), or the one key by trailKeyArn', () => {
    const { logStack, archive } = threeAccounts();
    archive.grantRead(new iam.Role(logStack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    archive.grantQuery(new iam.Role(logStack, 'QueryUser', { assumedBy: new iam.AccountRootPrincipal() }));
    const decryptResources = Object.values(Template.fromStack(logStack).findResources('AWS::IAM::Policy'))
      .flatMap((policy) => logStack.resolve(policy.Properties.PolicyDocument.Statement))
      .filter((s: any) => [s.Action].flat().includes('kms:Decrypt') && JSON.stringify(s.Resource).includes(':kms:'))
      .map((s: any) => s.Resource);
    expect(decryptResources.length).toBeGreaterThanOrEqual(4); // reader and query user, CloudTrail and Bucket Key contexts
    for (const resource of decryptResources) {
      expect(resource).toEqual(arn('arn:', partition, `:kms:${REGION}:${DELEGATED_ADMIN}:key/*`));
    }

    const known = threeAccounts({ trailKeyArn: DELEGATED_KEY_ARN });
    known.archive.grantRead(new iam.Role(known.logStack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    Template.fromStack(known.logStack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'kms:Decrypt', Resource: DELEGATED_KEY_ARN })]) },
    });
    Annotations.fromStack(known.logStack).hasNoWarning('*', Match.anyValue());
  });

  test('the delegated administrator\'s stack: the custom resource creates the management account\'s trail, delivering to the log-archive bucket with a key created beside it', () => {
    const { daStack, archive } = threeAccounts();
    const trail = delegatedTrail(daStack, archive.reference);
    const template = Template.fromStack(daStack);
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { BucketName: Match.anyValue() }, 0);
    expect(daStack.resolve(trail.trailArn)).toEqual(arn('arn:', partition, `:cloudtrail:${REGION}:${MGMT}:trail/org-trail`));
    expect(trail.managementAccountId).toBe(MGMT);

    // The SDK call as text: the partition read as 'aws', references as <logical ID.attribute>.
    const asText = (node: any): string => typeof node === 'string' ? node
      : node['Fn::Join'] ? node['Fn::Join'][1].map(asText).join(node['Fn::Join'][0])
        : node.Ref === 'AWS::Partition' ? 'aws' : `<${(node['Fn::GetAtt'] ?? [node.Ref]).join('.')}>`;
    const [createTrail] = Object.values(template.findResources('Custom::CloudTrailOrganizationTrail'));
    const create = JSON.parse(asText(createTrail.Properties.Create));
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('log files') } }));
    expect(keyId).toMatch(/^OrgTrailKey/);
    expect(create).toMatchObject({
      action: 'createTrail',
      parameters: { Name: 'org-trail', S3BucketName: `org-trail-${LOG}-${REGION}`, S3KeyPrefix: 'cloudtrail', KmsKeyId: `<${keyId}.Arn>`, IsOrganizationTrail: true },
      physicalResourceId: { id: `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/org-trail` },
    });

    const key = template.findResources('AWS::KMS::Key')[keyId];
    const statements = daStack.resolve(key.Properties.KeyPolicy.Statement);
    const managementTrail = arn('arn:', partition, `:cloudtrail:${REGION}:${MGMT}:trail/org-trail`);
    expect(statement(statements, 'AllowCloudTrailToEncryptLogs').Condition).toEqual({
      StringEquals: { 'aws:SourceArn': managementTrail },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': arn('arn:', partition, `:cloudtrail:*:${MGMT}:trail/*`) },
    });
    expect(statement(statements, 'AllowLogArchiveAccountToDecryptTrailLogs')).toMatchObject({
      Principal: { AWS: arn('arn:', partition, `:iam::${LOG}:root`) },
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': managementTrail } },
    });
    expect(statement(statements, 'AllowLogArchiveAccountToDecryptArchiveBucketKey').Condition.StringEquals['kms:EncryptionContext:aws:s3:arn'])
      .toEqual(arn('arn:', partition, `:s3:::org-trail-${LOG}-${REGION}`));
    Annotations.fromStack(daStack).hasNoWarning('*', Match.anyValue());
  });

  test('the delegated administrator\'s stack deploys after the log-archive stack, and the pair synthesizes', () => {
    const { app, daStack, logStack, archive } = threeAccounts();
    delegatedTrail(daStack, archive.reference);
    const assembly = app.synth();
    expect(assembly.getStackByName(daStack.stackName).dependencies.map((dependency) => dependency.id)).toContain(logStack.artifactId);
  });

  const daReference = () => ({ ...logKeyReferenceFor(), trailDeploymentAccount: DELEGATED_ADMIN });
  function logKeyReferenceFor() {
    return { bucketName: `org-trail-${LOG}-${REGION}`, logArchiveAccount: LOG, region: REGION, managementAccount: MGMT, organizationId: ORG_ID, trailName: 'org-trail' };
  }
  const daStackOf = () => new Stack(new App(), 'DelegatedAdmin', { env: { account: DELEGATED_ADMIN, region: REGION } });
  const mgmtStackOf = () => new Stack(new App(), 'Management', { env: { account: MGMT, region: REGION } });

  test.each([
    ['another management account in deployedFrom', () => delegatedTrail(daStackOf(), daReference(), TrailDeployment.delegatedAdministrator({ managementAccountId: '444444444444' })),
      /'deployedFrom.managementAccountId' is '444444444444', but 'logArchive.managementAccount' is '111111111111'.*Give TrailDeployment.delegatedAdministrator\(\) and the LogArchive the same management account/],
    ['a reference without the delegated administrator', () => delegatedTrail(daStackOf(), logKeyReferenceFor()),
      /The trail's stack is in account '333333333333', but 'logArchive.managementAccount' is '111111111111'.*set 'trailDeploymentAccount: '333333333333'' on the LogArchive/],
    ['a reference naming another delegated administrator', () => delegatedTrail(daStackOf(), { ...daReference(), trailDeploymentAccount: '555555555555' }),
      /The trail's stack is in account '333333333333', but 'logArchive.trailDeploymentAccount' is '555555555555'/],
    ['a delegated administrator\'s reference without deployedFrom, in its account', () => new OrganizationTrail(daStackOf(), 'OrgTrail', { organizationId: ORG_ID, logArchive: daReference() }),
      /'logArchive.trailDeploymentAccount' is '333333333333' \(a CloudTrail delegated administrator deploys the trail\), but 'deployedFrom' is the management account \(the default\)/],
    ['a delegated administrator\'s reference in the management account', () => new OrganizationTrail(mgmtStackOf(), 'OrgTrail', { organizationId: ORG_ID, logArchive: daReference() }),
      /'logArchive.trailDeploymentAccount' is '333333333333' .* but 'deployedFrom' is the management account/],
    ['a malformed trail-deployment account', () => delegatedTrail(daStackOf(), { ...daReference(), trailDeploymentAccount: '33' }),
      /'logArchive.trailDeploymentAccount' must be a literal 12-digit account ID, got '33'/],
    ['the key in the log-archive account', () => delegatedTrail(daStackOf(), { ...daReference(), keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT, keyArn: LOG_KEY_ARN }),
      /'deployedFrom' is a delegated administrator and 'logArchive.keyPlacement' is LOG_ARCHIVE_ACCOUNT: .* not documented, so this combination is not supported/],
  ])('OrganizationTrail rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test.each([
    [{ trailDeploymentAccount: '3333' }, /'trailDeploymentAccount' must be a literal 12-digit account ID .* got '3333'/],
    [{ trailDeploymentAccount: LOG }, /'trailDeploymentAccount' is '222222222222', the log-archive account itself/],
    [{ keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT }, /'trailDeploymentAccount' is '333333333333' \(a delegated administrator deploys the trail\) and 'keyPlacement' is LOG_ARCHIVE_ACCOUNT/],
    [{ trailKeyArn: `arn:aws:kms:${REGION}:${MGMT}:key/abc` }, /'trailKeyArn' must be the full ARN of a key of the trail stack's account, 'trailDeploymentAccount' \('333333333333'\)/],
  ])('LogArchive rejects %j', (props, message) => {
    expect(() => threeAccounts(props as Partial<LogArchiveProps>)).toThrow(message);
  });

  test('the trail-deployment account equal to the management account is the default', () => {
    const { mgmtStack, archive } = newArchive({ trailDeploymentAccount: MGMT });
    expect(() => new OrganizationTrail(mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: archive.reference })).not.toThrow();
  });

  test('one app: synth fails when the trail side and the LogArchive disagree on the trail-deployment account', () => {
    const daSide = newArchive();
    const daStack = new Stack(daSide.app, 'DelegatedAdmin', { env: { account: DELEGATED_ADMIN, region: REGION } });
    delegatedTrail(daStack, { ...daSide.archive.reference, trailDeploymentAccount: DELEGATED_ADMIN });
    expect(() => daSide.app.synth()).toThrow(/'logArchive.trailDeploymentAccount' is '333333333333', but the LogArchive at LogArchive\/LogArchive has '111111111111'/);

    const mgmtSide = newArchive({ trailDeploymentAccount: DELEGATED_ADMIN });
    new OrganizationTrail(mgmtSide.mgmtStack, 'OrgTrail', { organizationId: ORG_ID, logArchive: { ...mgmtSide.archive.reference, trailDeploymentAccount: undefined } });
    expect(() => mgmtSide.app.synth()).toThrow(/'logArchive.trailDeploymentAccount' is '111111111111', but the LogArchive at LogArchive\/LogArchive has '333333333333'/);
  });
});
