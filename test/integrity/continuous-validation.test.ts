import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ContinuousValidation, ContinuousValidationProps, OrganizationTrail } from '../../src';
import { matchesEventPattern } from '../util/event-pattern-evaluator';

const ENV = { account: '111111111111', region: 'us-east-1' };
const ORG = 'o-a1b2c3d4e5';
const DIGEST_KEY = `cloudtrail/AWSLogs/${ORG}/222222222222/CloudTrail-Digest/eu-west-1/2026/11/24/222222222222_CloudTrail-Digest_eu-west-1_org-trail_us-east-1_20261124T100131Z.json.gz`;
const LOG_KEY = `cloudtrail/AWSLogs/${ORG}/222222222222/CloudTrail/eu-west-1/2026/11/24/222222222222_CloudTrail_eu-west-1_20261124T1005Z_abcdefgh12345678.json.gz`;

/** The S3 `Object Created` event as the S3 user guide shows it, for one key of our archive. */
function objectCreated(bucket: string, key: string): Record<string, unknown> {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html (Object created example)
  return {
    'version': '0',
    'id': '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    'source': 'aws.s3',
    'account': '111111111111',
    'time': '2026-11-24T10:06:00Z',
    'region': 'us-east-1',
    'resources': [`arn:aws:s3:::${bucket}`],
    'detail': {
      'version': '0',
      'bucket': { name: bucket },
      'object': { 'key': key, 'size': 5, 'etag': 'b1946ac92492d2347c6235b4d2611184', 'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', 'sequencer': '617f08299329d189' },
      'request-id': 'N4N7GDK58NMKJ12R',
      'requester': 'cloudtrail.amazonaws.com',
      'source-ip-address': 'cloudtrail.amazonaws.com',
      'reason': 'PutObject',
    },
  };
}

function standalone(overrides: Partial<ContinuousValidationProps> = {}): { stack: Stack; template: Template; validation: ContinuousValidation } {
  const stack = new Stack(new App(), 'Audit', { env: ENV });
  const validation = new ContinuousValidation(stack, 'Validation', {
    archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'org-archive'),
    encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    organizationId: ORG,
    s3KeyPrefix: 'cloudtrail',
    ...overrides,
  });
  return { stack, template: Template.fromStack(stack), validation };
}

function policyStatements(template: Template): any[] {
  const policies = template.findResources('AWS::IAM::ManagedPolicy');
  return Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

describe('ContinuousValidation, standalone beside an existing archive', () => {
  test('the digest rule matches a real S3 Object Created event for a digest key and not for a log file', () => {
    const { template } = standalone();
    const rules = template.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.anyValue() } });
    const [pattern] = Object.values(rules).map((rule: any) => rule.Properties.EventPattern);
    expect(matchesEventPattern(pattern, objectCreated('org-archive', DIGEST_KEY))).toBe(true);
    expect(matchesEventPattern(pattern, objectCreated('org-archive', LOG_KEY))).toBe(false);
    expect(matchesEventPattern(pattern, objectCreated('other-bucket', DIGEST_KEY))).toBe(false);
    expect(matchesEventPattern(pattern, objectCreated('org-archive', DIGEST_KEY.replace(ORG, 'o-zzzzzzzzzz')))).toBe(false);
    expect(matchesEventPattern(pattern, { ...objectCreated('org-archive', DIGEST_KEY), 'detail-type': 'Object Deleted' })).toBe(false);
  });

  test('both rules (digest arrivals, hourly sweep) send to the queue, which only they may send to', () => {
    const { template } = standalone();
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)', Targets: [{ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationQueue'), 'Arn'] } }] });
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Sid: 'AllowValidationRulesToSend', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } } }),
        ]),
      },
    });
  });

  test('queue and dead-letter queue: encrypted, TLS only, redrive after five receives, visibility six times the timeout', () => {
    const { template } = standalone();
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 1800,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600, RedriveAllowPolicy: { redrivePermission: 'allowAll' } });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
  });

  test('the function: bundled asset, Node.js 24, partial batch failures, environment for the handler', () => {
    const { template } = standalone({ sourceRegions: ['us-east-1', 'eu-west-1'], trailName: 'org-trail', lookback: Duration.days(2) });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 300,
      ReservedConcurrentExecutions: 2,
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      Environment: {
        Variables: {
          ARCHIVE_BUCKET: 'org-archive',
          ACCOUNTS_ROOT: `cloudtrail/AWSLogs/${ORG}/`,
          SOURCE_REGIONS: 'us-east-1,eu-west-1',
          TRAIL_NAME: 'org-trail',
          HOME_REGION: 'us-east-1',
          LOOKBACK_HOURS: '48',
          STATE_BUCKET: { Ref: Match.stringLikeRegexp('StateBucket') },
        },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 } });
  });

  test('least privilege: read only under the organization\'s AWSLogs path, no write, public keys, the trail\'s logging events, own state', () => {
    const { template } = standalone();
    const statements = policyStatements(template);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.sort()).toEqual([
      'cloudtrail:ListPublicKeys', 'cloudtrail:LookupEvents', 'kms:Decrypt', 'kms:Decrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents',
      's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:ListBucket', 's3:PutObject',
      'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:SendMessage',
    ].sort());
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'ListTrailLogPath', Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': [`cloudtrail/AWSLogs/${ORG}/*`] } } }),
      expect.objectContaining({ Sid: 'ReadTrailLogAndDigestFiles', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::org-archive/cloudtrail/AWSLogs/${ORG}/*`]] } }),
      expect.objectContaining({ Sid: 'ListCloudTrailPublicKeys', Action: 'cloudtrail:ListPublicKeys', Resource: '*' }),
      expect.objectContaining({ Sid: 'LookupTrailLoggingEvents', Action: 'cloudtrail:LookupEvents', Resource: '*' }),
      expect.objectContaining({ Action: 'kms:Decrypt', Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } } }),
    ]));
    // Nothing that writes to, deletes from or reconfigures the archive.
    expect(actions.filter((action) => /^s3:(Delete|PutBucket|PutLifecycle|PutObjectRetention|PutObjectLegalHold)/.test(action))).toEqual([]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('metrics and alarms: EMF metric IntegrityFindings, alarm and dead-letter alarm on the given topic', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    const topic = new sns.Topic(stack, 'Alarms');
    new ContinuousValidation(stack, 'Validation', {
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'org-archive'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      organizationId: ORG,
      alarmTopic: topic,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkOrgTrail/Integrity',
      MetricName: 'IntegrityFindings',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Alarms') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', AlarmActions: [{ Ref: Match.stringLikeRegexp('Alarms') }] });
    // Metrics come from the log (Embedded Metric Format): no cloudwatch:PutMetricData.
    expect(policyStatements(template).flatMap((s) => [s.Action].flat())).not.toContain('cloudwatch:PutMetricData');
  });

  test('without a topic there is no alarm (an alarm without action fails the packs); the metric is exposed', () => {
    const { template, validation } = standalone();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(validation.integrityAlarm).toBeUndefined();
    expect(validation.integrityFindingsMetric).toBeDefined();
  });

  test('retained state: a versioned, KMS-encrypted, access-logged bucket, its key and the log group are kept', () => {
    const { template } = standalone();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: Match.stringLikeRegexp('^validator-state/') }),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ RetentionInDays: 365, KmsKeyId: Match.anyValue() }) });
  });

  test('removalPolicy applies to the state', () => {
    const { template } = standalone({ removalPolicy: RemovalPolicy.DESTROY });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }) });
  });

  test('an access-log bucket can be shared', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    const accessLogsBucket = new s3.Bucket(stack, 'Logs');
    new ContinuousValidation(stack, 'Validation', {
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'org-archive'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      organizationId: ORG,
      accessLogsBucket,
    });
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 2);
  });

  test.each([
    [{ organizationId: 'O-123' }, /'organizationId'/],
    [{ lookback: Duration.hours(1) }, /^'lookback' must be between 3 hours and 90 days, got 1 hour/],
    [{ lookback: Duration.days(91) }, /'lookback'/],
    [{ sweepInterval: Duration.minutes(5) }, /'sweepInterval' must be whole minutes between 15 minutes and 24 hours, got 5 minutes/],
    [{ sweepInterval: Duration.hours(25) }, /'sweepInterval'/],
    [{ sourceRegions: ['us-east-1', 'Europe'] }, /'sourceRegions' must hold Region names such as 'us-east-1', got 'Europe'/],
    [{ s3KeyPrefix: 'a//b' }, /'s3KeyPrefix'/],
  ] as Array<[Partial<ContinuousValidationProps>, RegExp]>)('rejects %o', (props, message) => {
    expect(() => standalone(props)).toThrow(message);
  });

  test('several problems: one error headed by ContinuousValidation when it is used alone', () => {
    expect(() => standalone({ lookback: Duration.hours(1), sweepInterval: Duration.minutes(5) })).toThrow(
      /^Invalid ContinuousValidation configuration:\n- 'lookback' must be between .*\n- 'sweepInterval' must be whole minutes/);
  });

  test.each([
    [{ lookback: Duration.hours(3) }],
    [{ lookback: Duration.days(90) }],
    [{ sweepInterval: Duration.minutes(15) }],
    [{ sweepInterval: Duration.hours(24) }],
  ] as Array<[Partial<ContinuousValidationProps>]>)('accepts the limits %o', (props) => {
    expect(() => standalone(props)).not.toThrow();
  });
});

describe('OrganizationTrail.integrityValidation', () => {
  function trail(props: Record<string, unknown>): Stack {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG, ...props });
    return stack;
  }

  test('off by default', () => {
    Template.fromStack(trail({})).resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('with alerts, the integrity alarm notifies the alerts\' topic; the archive\'s access-log bucket is shared', () => {
    const stack = trail({ integrityValidation: {}, alerts: { emailAddresses: ['sec@example.com'] } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IntegrityFindings', AlarmActions: [{ Ref: Match.stringLikeRegexp('OrgTrailAlertsTopic') }] });
    template.resourceCountIs('AWS::S3::Bucket', 4);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('IntegrityValidation'));
  });

  test('alarm: false, or no alerts: no integrity alarm', () => {
    for (const props of [{ integrityValidation: { alarm: false }, alerts: { emailAddresses: ['sec@example.com'] } }, { integrityValidation: {} }]) {
      Template.fromStack(trail(props)).resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'IntegrityFindings' }, 0);
    }
  });

  test.each([
    [{ integrityValidation: { alarm: true } }, /'integrityValidation.alarm' is true, but there is no alarm topic without 'alerts'/],
    [{ integrityValidation: {}, archiveEventBridgeNotifications: false }, /'archiveEventBridgeNotifications' is false/],
    [{ integrityValidation: { lookback: Duration.hours(1) } }, /^'integrityValidation\.lookback' must be between 3 hours and 90 days, got 1 hour/],
    [{ integrityValidation: { sourceRegions: ['Europe'] } }, /^'integrityValidation\.sourceRegions' must hold Region names/],
  ])('rejects %o', (props, message) => {
    expect(() => trail(props)).toThrow(message);
  });

  test('several problems: one error headed by the construct the user called, OrganizationTrail', () => {
    expect(() => trail({ integrityValidation: { lookback: Duration.hours(1), sweepInterval: Duration.minutes(5) } })).toThrow(
      /^Invalid OrganizationTrail configuration:\n- 'integrityValidation\.lookback' must be between .*\n- 'integrityValidation\.sweepInterval' must be whole minutes/);
  });

  test('an imported archive draws a warning: its EventBridge notifications are the user\'s to turn on', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG, archiveBucket: s3.Bucket.fromBucketName(stack, 'A', 'imported-archive'), integrityValidation: {} });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('IntegrityValidationNeedsArchiveEvents'));
  });

  test('grantRead also grants cloudtrail:ListPublicKeys, so an auditor role can run the validator CLI', () => {
    const stack = trail({});
    const orgTrail = stack.node.findChild('OrgTrail') as OrganizationTrail;
    const auditor = new iam.Role(stack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() });
    orgTrail.grantRead(auditor);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'cloudtrail:ListPublicKeys', Resource: '*' })]) },
    });
  });
});
