import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CloudWatchDelivery, CloudWatchDeliveryProps } from '../../src/delivery/cloudwatch-delivery';
import { TrailKey } from '../../src/key/trail-key';
import { trailArn } from '../../src/private/arns';
import { LOG_RETENTION_DAYS_ACCEPTED } from '../../src/private/limits';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const ORG_ID = 'o-a1b2c3d4e5';
const TRAIL_NAME = 'org-trail';
const LOG_GROUP_NAME = `cloudtrail/${TRAIL_NAME}`;
const LOGS_KEY_SID = 'AllowCloudWatchLogsForTrailLogGroup';
const RETENTION_WARNING = 'cdk-org-trail:LogRetentionUnderAYear';

/**
 * The values CloudWatch Logs accepts for a log group's retention, copied from the API reference
 * rather than imported from src, so that a wrong list in src/private/limits.ts fails here.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** `arn:${AWS::Partition}<rest>` as CloudFormation renders it for a concrete account and Region. */
function partitionArn(rest: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

const LOG_GROUP_ARN_REST = `:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP_NAME}`;

interface Fixture {
  readonly stack: Stack;
  readonly trailKey: TrailKey;
  readonly delivery: CloudWatchDelivery;
}

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

function newTrailKey(stack: Stack): TrailKey {
  return new TrailKey(stack, 'TrailKey', { trailArn: trailArn(stack, TRAIL_NAME) });
}

function build(overrides: Partial<CloudWatchDeliveryProps> = {}, stack: Stack = newStack()): Fixture {
  const trailKey = newTrailKey(stack);
  const delivery = new CloudWatchDelivery(stack, 'Delivery', {
    organizationId: ORG_ID,
    trailName: TRAIL_NAME,
    trailArn: trailArn(stack, TRAIL_NAME),
    trailKey,
    ...overrides,
  });
  return { stack, trailKey, delivery };
}

/** Builds in a fresh stack and returns the error message, or fails the test if nothing was thrown. */
function buildError(overrides: Partial<CloudWatchDeliveryProps>, stack: Stack = newStack()): string {
  try {
    build(overrides, stack);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected CloudWatchDelivery to throw');
}

function keyArnOf(fixture: Fixture): unknown {
  return fixture.stack.resolve(fixture.trailKey.key.keyArn);
}

describe('CloudWatchDelivery defaults', () => {
  test('creates one log group with the full default shape', () => {
    const fixture = build();
    const template = Template.fromStack(fixture.stack);

    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.values(logGroups)).toEqual([
      {
        Type: 'AWS::Logs::LogGroup',
        Properties: {
          LogGroupName: LOG_GROUP_NAME,
          RetentionInDays: 365,
          KmsKeyId: keyArnOf(fixture),
        },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      },
    ]);
  });

  test('the log group is encrypted with the trail key ARN (a GetAtt on the created key)', () => {
    const fixture = build();
    const keyLogicalId = fixture.stack.getLogicalId(fixture.trailKey.key.node.defaultChild as any);
    Template.fromStack(fixture.stack).hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
    });
  });

  test('exposes the created log group', () => {
    const fixture = build();
    expect(fixture.delivery.logGroup).toBeInstanceOf(logs.LogGroup);
    expect(fixture.stack.resolve(fixture.delivery.logGroup.logGroupName)).toEqual(
      { Ref: fixture.stack.getLogicalId((fixture.delivery.logGroup as logs.LogGroup).node.defaultChild as any) },
    );
  });

  test('the trail key policy lets the regional logs principal use the key only for this log group (ARN without :*)', () => {
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectEquals({
            Sid: LOGS_KEY_SID,
            Effect: 'Allow',
            Principal: { Service: `logs.${REGION}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': partitionArn(LOG_GROUP_ARN_REST) },
            },
          }),
        ]),
      },
    });
  });

  test('the encryption-context ARN does not end in :*', () => {
    const fixture = build();
    const keys = Template.fromStack(fixture.stack).findResources('AWS::KMS::Key');
    const statements: any[] = Object.values(keys)[0].Properties.KeyPolicy.Statement;
    const logsStatement = statements.find((s) => s.Sid === LOGS_KEY_SID);
    const joined: unknown[] = logsStatement.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']['Fn::Join'][1];
    const last = joined[joined.length - 1] as string;
    expect(last.endsWith(`log-group:${LOG_GROUP_NAME}`)).toBe(true);
    expect(last).not.toMatch(/:\*$/);
  });

  test('creates a role that only cloudtrail.amazonaws.com can assume, on behalf of this trail when the request says', () => {
    const fixture = build();
    Template.fromStack(fixture.stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: {
              ArnEqualsIfExists: { 'aws:SourceArn': fixture.stack.resolve(trailArn(fixture.stack, TRAIL_NAME)) },
              StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT },
            },
          },
        ],
      }),
    });
  });

  test('the role policy allows CreateLogStream and PutLogEvents on exactly the management-account and organization streams', () => {
    const fixture = build();
    const streams = [
      partitionArn(`${LOG_GROUP_ARN_REST}:log-stream:${ACCOUNT}_CloudTrail_${REGION}*`),
      partitionArn(`${LOG_GROUP_ARN_REST}:log-stream:${ORG_ID}_*`),
    ];
    const roleLogicalId = fixture.stack.getLogicalId(fixture.delivery.role.node.defaultChild as any);
    Template.fromStack(fixture.stack).hasResourceProperties('AWS::IAM::ManagedPolicy', Match.objectEquals({
      Description: Match.stringLikeRegexp('CloudTrail delivery'),
      Path: '/',
      Roles: [{ Ref: roleLogicalId }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AWSCloudTrailCreateLogStream', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: streams },
          { Sid: 'AWSCloudTrailPutLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: streams },
          {
            Sid: 'UseLogGroupKeyThroughCloudWatchLogs',
            Effect: 'Allow',
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: { 'Fn::GetAtt': [fixture.stack.getLogicalId(fixture.trailKey.key.node.defaultChild as any), 'Arn'] },
            Condition: {
              StringEquals: { 'kms:ViaService': `logs.${REGION}.amazonaws.com` },
              ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': partitionArn(LOG_GROUP_ARN_REST) },
            },
          },
        ],
      },
    }));
  });

  test('a log group of your own gets no key statement (its key is yours)', () => {
    const stack = newStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Mine', 'my-trail-logs');
    build({ logGroup }, stack);
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0] as any;
    expect(policy.Properties.PolicyDocument.Statement.map((statement: any) => statement.Sid))
      .toEqual(['AWSCloudTrailCreateLogStream', 'AWSCloudTrailPutLogEvents']);
  });

  test('creates exactly one role and one policy, and exposes them', () => {
    const fixture = build();
    const template = Template.fromStack(fixture.stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    expect(fixture.delivery.rolePolicy.node.scope).toBe(fixture.delivery);
  });

  test('has no warnings at the default retention', () => {
    const fixture = build();
    Annotations.fromStack(fixture.stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('CloudWatchDelivery in an environment-agnostic stack', () => {
  test('uses the deploy-time Region and account in the key statement and stream patterns', () => {
    const stack = new Stack(new App(), 'Stack');
    build({}, stack);
    const template = Template.fromStack(stack);
    const rest = (tail: string) => ({
      'Fn::Join': ['', [
        'arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' },
        `:log-group:${LOG_GROUP_NAME}${tail}`,
      ]],
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: LOGS_KEY_SID,
          Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': rest('') } },
        })]),
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'logs:PutLogEvents',
          Resource: [
            {
              'Fn::Join': ['', [
                'arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' },
                `:log-group:${LOG_GROUP_NAME}:log-stream:`, { Ref: 'AWS::AccountId' }, '_CloudTrail_', { Ref: 'AWS::Region' }, '*',
              ]],
            },
            rest(`:log-stream:${ORG_ID}_*`),
          ],
        })]),
      },
    });
  });
});

describe('CloudWatchDelivery overrides', () => {
  test('retention sets RetentionInDays', () => {
    const fixture = build({ logRetention: logs.RetentionDays.TWO_YEARS });
    Template.fromStack(fixture.stack).hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 731,
    });
  });

  test('RetentionDays.INFINITE leaves RetentionInDays out', () => {
    const fixture = build({ logRetention: logs.RetentionDays.INFINITE });
    Template.fromStack(fixture.stack).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: LOG_GROUP_NAME,
      RetentionInDays: Match.absent(),
    });
  });

  test('removalPolicy DESTROY deletes the log group', () => {
    const fixture = build({ removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(fixture.stack).hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  describe('imported log group', () => {
    const IMPORTED_NAME = 'existing/trail-logs';

    function buildImported(overrides: Partial<CloudWatchDeliveryProps> = {}): Fixture {
      const stack = newStack();
      const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Imported', IMPORTED_NAME);
      return build({ logGroup, ...overrides }, stack);
    }

    test('creates no log group', () => {
      const fixture = buildImported();
      Template.fromStack(fixture.stack).resourceCountIs('AWS::Logs::LogGroup', 0);
    });

    test('exposes the imported log group', () => {
      const stack = newStack();
      const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Imported', IMPORTED_NAME);
      const fixture = build({ logGroup }, stack);
      expect(fixture.delivery.logGroup).toBe(logGroup);
    });

    test('adds no CloudWatch Logs statement to the trail key policy', () => {
      const fixture = buildImported();
      const template = Template.fromStack(fixture.stack);
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.not(Match.arrayWith([Match.objectLike({ Sid: LOGS_KEY_SID })])),
        },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.not(Match.arrayWith([
            Match.objectLike({ Principal: { Service: `logs.${REGION}.amazonaws.com` } }),
          ])),
        },
      });
    });

    test('the role policy names the imported log group', () => {
      const fixture = buildImported();
      const rest = `:logs:${REGION}:${ACCOUNT}:log-group:${IMPORTED_NAME}`;
      const streams = [
        partitionArn(`${rest}:log-stream:${ACCOUNT}_CloudTrail_${REGION}*`),
        partitionArn(`${rest}:log-stream:${ORG_ID}_*`),
      ];
      Template.fromStack(fixture.stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({ Action: 'logs:CreateLogStream', Resource: streams }),
            Match.objectLike({ Action: 'logs:PutLogEvents', Resource: streams }),
          ],
        },
      });
    });

    test('retention with an imported log group throws naming logRetention', () => {
      const stack = newStack();
      const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Imported', IMPORTED_NAME);
      expect(buildError({ logGroup, logRetention: logs.RetentionDays.ONE_YEAR }, stack)).toMatch(/'logRetention'.*'logGroup'/);
    });

    test('an imported log group in another Region throws naming logGroup', () => {
      const stack = newStack();
      const logGroup = logs.LogGroup.fromLogGroupArn(stack, 'Imported',
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${IMPORTED_NAME}:*`);
      expect(buildError({ logGroup }, stack)).toMatch(/'logGroup' is in Region 'eu-west-1' but the trail's stack is in 'us-east-1'/);
    });

    test('an imported log group in the same Region (by ARN) is accepted', () => {
      const stack = newStack();
      const logGroup = logs.LogGroup.fromLogGroupArn(stack, 'Imported',
        `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${IMPORTED_NAME}:*`);
      expect(() => build({ logGroup }, stack)).not.toThrow();
    });
  });
});

describe('CloudWatchDelivery retention validation', () => {
  test.each([0, 2, 4, 6, 364, 366, 730, 3654, 10000, -1])(
    'rejects %p days naming logRetention and showing the value',
    (days) => {
      const message = buildError({ logRetention: days as logs.RetentionDays });
      expect(message).toMatch(/'logRetention'/);
      expect(message).toContain(`got ${days}`);
    },
  );

  test.each(CLOUDWATCH_RETENTION_DAYS)('accepts %p days (a value CloudWatch Logs accepts)', (days) => {
    const fixture = build({ logRetention: days as logs.RetentionDays });
    Template.fromStack(fixture.stack).hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: days,
    });
  });

  test('the accepted list in limits.ts is the list CloudWatch Logs documents', () => {
    expect([...LOG_RETENTION_DAYS_ACCEPTED]).toEqual(CLOUDWATCH_RETENTION_DAYS);
  });

  test('accepts RetentionDays.INFINITE', () => {
    expect(() => build({ logRetention: logs.RetentionDays.INFINITE })).not.toThrow();
  });

  const cdkRetentionMembers = Object.entries(logs.RetentionDays)
    .filter(([, value]) => typeof value === 'number') as Array<[string, logs.RetentionDays]>;

  test.each(cdkRetentionMembers)('accepts every logs.RetentionDays member: %s', (_name, value) => {
    expect(() => build({ logRetention: value })).not.toThrow();
  });
});

describe('CloudWatchDelivery retention warning', () => {
  test('warns when retention is under a year', () => {
    const fixture = build({ logRetention: logs.RetentionDays.SIX_MONTHS });
    Annotations.fromStack(fixture.stack).hasWarning(
      '/Stack/Delivery',
      Match.stringLikeRegexp(`'logRetention' is 180 days.*\\[ack: ${RETENTION_WARNING}\\]`),
    );
  });

  test.each([1, 30, 90, 150])('warns at %p days', (days) => {
    const fixture = build({ logRetention: days as logs.RetentionDays });
    Annotations.fromStack(fixture.stack).hasWarning(
      '/Stack/Delivery',
      Match.stringLikeRegexp(`'logRetention' is ${days} days.*\\[ack: ${RETENTION_WARNING}\\]`),
    );
  });

  test.each([365, 400, 3653, logs.RetentionDays.INFINITE])('does not warn at %p days', (days) => {
    const fixture = build({ logRetention: days as logs.RetentionDays });
    Annotations.fromStack(fixture.stack).hasNoWarning('*', Match.stringLikeRegexp(RETENTION_WARNING));
  });
});

test('an imported log group of another account is an error naming logGroup', () => {
  const stack = new Stack(new App(), 'OtherAccount', { env: { account: '111111111111', region: 'us-east-1' } });
  const trailKey = new TrailKey(stack, 'Key', { trailArn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t' });
  const logGroup = logs.LogGroup.fromLogGroupArn(stack, 'Foreign', 'arn:aws:logs:us-east-1:222222222222:log-group:foreign:*');
  expect(() => new CloudWatchDelivery(stack, 'Delivery', { organizationId: 'o-a1b2c3d4e5', trailName: 't', trailArn: trailArn(stack, 't'), trailKey, logGroup }))
    .toThrow(/'logGroup' belongs to account '222222222222', but CloudTrail delivers only to a log group of the account that creates the trail \('111111111111', this stack's\)/);
});
