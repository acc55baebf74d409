import { App, Aws, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  DataResourceType,
  EventCategory,
  EventSelector,
  FieldCondition,
  InsightEventCategory,
  InsightType,
  OrganizationTrail,
  OrganizationTrailProps,
  SelectorField,
} from '../../src';
import { selectorOptionProblems, TrailSelectors } from '../../src/selectors/trail-selectors';

const ENV = { account: '111111111111', region: 'us-east-1' };
const ORG_ID = 'o-a1b2c3d4e5';
const TRAIL_PATH = '/Audit/OrgTrail';
const MANAGEMENT = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const S3_DATA = [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }];

type PropsOrBuilder = Partial<OrganizationTrailProps> | ((stack: Stack) => Partial<OrganizationTrailProps>);

function newStack(): Stack {
  return new Stack(new App(), 'Audit', { env: ENV });
}

function build(props: PropsOrBuilder = {}): { stack: Stack; trail: OrganizationTrail } {
  const stack = newStack();
  const extra = typeof props === 'function' ? props(stack) : props;
  // The Athena layer adds a third component bucket; its exclusion has a test of its own below.
  const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, archiveQuery: false, ...extra });
  return { stack, trail };
}

function synth(props: PropsOrBuilder = {}) {
  const { stack, trail } = build(props);
  return { stack, trail, template: Template.fromStack(stack) };
}

/** The trail's AdvancedEventSelectors as CloudFormation gets them. */
function advancedEventSelectors(template: Template) {
  const trails = Object.values(template.findResources('AWS::CloudTrail::Trail'));
  expect(trails).toHaveLength(1);
  return trails[0].Properties.AdvancedEventSelectors;
}

/** `<bucketArn>/` of a bucket the component created. */
function objectsPrefix(stack: Stack, bucket: s3.IBucket) {
  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket), 'Arn'] }, '/']] };
}

function componentPrefixes(stack: Stack, trail: OrganizationTrail) {
  return [objectsPrefix(stack, trail.archiveBucket), objectsPrefix(stack, trail.accessLogsBucket!)];
}

function s3Arn(path: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${path}`]] };
}

function exclusionInfo(selector: string, description: string): string {
  return `cdk-org-trail: selector '${selector}' excludes ${description} (resources.ARN NotStartsWith), so the trail does not record its own log deliveries.`;
}

function functionArns(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `arn:aws:lambda:us-east-1:111111111111:function:fn-${i}`);
}

describe('AdvancedEventSelectors', () => {
  test('data and network activity selectors render after the management selector', () => {
    const { template } = synth((stack) => ({
      eventSelectors: [
        EventSelector.lambdaInvocations([lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:us-east-1:111111111111:function:payments')]),
        EventSelector.networkActivityEvents({ name: 'KMS denied', eventSource: 'kms.amazonaws.com', deniedOnly: true }),
      ],
    }));
    expect(advancedEventSelectors(template)).toEqual([
      MANAGEMENT,
      {
        Name: 'Lambda invocations of selected functions',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
          { Field: 'resources.ARN', Equals: ['arn:aws:lambda:us-east-1:111111111111:function:payments'] },
        ],
      },
      {
        Name: 'KMS denied',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['NetworkActivity'] },
          { Field: 'eventSource', Equals: ['kms.amazonaws.com'] },
          { Field: 'errorCode', Equals: ['VpceAccessDenied'] },
        ],
      },
    ]);
  });

  test('dynamoDbTables and dataEvents with conditions render their fields', () => {
    const { template } = synth((stack) => ({
      eventSelectors: [
        EventSelector.dynamoDbTables([dynamodb.Table.fromTableArn(stack, 'Orders', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders')], { readOnly: false }),
        EventSelector.dataEvents({
          name: 'SNS publishes by one role',
          resourceType: DataResourceType.SNS_TOPIC,
          readOnly: false,
          conditions: [
            FieldCondition.startsWith(SelectorField.USER_IDENTITY_ARN, ['arn:aws:sts::111111111111:assumed-role/App/']),
            FieldCondition.notEqualTo(SelectorField.EVENT_NAME, ['GetTopicAttributes']),
            FieldCondition.notEndsWith(SelectorField.USER_IDENTITY_ARN, ['/health-check']),
          ],
        }),
      ],
    }));
    expect(advancedEventSelectors(template).slice(1)).toEqual([
      {
        Name: 'DynamoDB items of selected tables',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
          { Field: 'readOnly', Equals: ['false'] },
          { Field: 'resources.ARN', Equals: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'] },
        ],
      },
      {
        Name: 'SNS publishes by one role',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::SNS::Topic'] },
          { Field: 'readOnly', Equals: ['false'] },
          { Field: 'userIdentity.arn', StartsWith: ['arn:aws:sts::111111111111:assumed-role/App/'], NotEndsWith: ['/health-check'] },
          { Field: 'eventName', NotEquals: ['GetTopicAttributes'] },
        ],
      },
    ]);
  });

  test('addEventSelector adds a selector after construction', () => {
    const { stack, trail } = build();
    trail.addEventSelector(EventSelector.writeOnlyDataEvents(DataResourceType.SQS_QUEUE, 'Queue writes'));
    expect(advancedEventSelectors(Template.fromStack(stack))).toEqual([
      MANAGEMENT,
      {
        Name: 'Queue writes',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::SQS::Queue'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
    ]);
  });

  test('addEventSelector keeps the selectors from props first', () => {
    const { stack, trail } = build({ eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.SNS_TOPIC, 'First')] });
    trail.addEventSelector(EventSelector.writeOnlyDataEvents(DataResourceType.SQS_QUEUE, 'Second'));
    expect(advancedEventSelectors(Template.fromStack(stack)).map((selector: { Name: string }) => selector.Name))
      .toEqual(['Management events', 'First', 'Second']);
  });

  test('addEventSelector after synthesis fails, naming the selector', () => {
    const { stack, trail } = build();
    Template.fromStack(stack);
    expect(() => trail.addEventSelector(EventSelector.writeOnlyDataEvents(DataResourceType.SQS_QUEUE, 'Too late')))
      .toThrow("addEventSelector('Too late') was called after the trail's selectors were rendered. Add selectors before synthesis.");
  });

  test('selectors added with addEventSelector are validated at synth', () => {
    const { stack, trail } = build();
    trail.addEventSelector(EventSelector.networkActivityEvents({ name: 'Bad source', eventSource: 'kms' }));
    expect(() => Template.fromStack(stack))
      .toThrow("'eventSelectors': selector 'Bad source' 'eventSource' must be a service endpoint such as 'kms.amazonaws.com', got 'kms'");
  });
});

describe('validation surfaces at synth, naming the prop and the selector', () => {
  test.each<[string, () => EventSelector, string]>([
    ['management events via custom', () => EventSelector.custom('Mgmt', EventCategory.MANAGEMENT, []),
      "'eventSelectors': selector 'Mgmt' records management events"],
    ['a 1001-character name', () => EventSelector.writeOnlyDataEvents(DataResourceType.SNS_TOPIC, 'n'.repeat(1001)),
      'needs a name of 1-1000 characters (it has 1001)'],
    ['the AFT #513 wildcard', () => EventSelector.custom('No AFT', EventCategory.DATA, [
      FieldCondition.equalTo(SelectorField.RESOURCES_TYPE, ['AWS::S3::Object']),
      FieldCondition.notEqualTo(SelectorField.RESOURCES_ARN, ['arn:aws:s3:::aft-*']),
    ]),
    "'eventSelectors': selector 'No AFT' uses '*' in 'arn:aws:s3:::aft-*' on 'resources.ARN'"],
    ['errorCode on data events', () => EventSelector.dataEvents({
      name: 'Denied S3',
      resourceType: DataResourceType.S3_OBJECT,
      conditions: [FieldCondition.equalTo(SelectorField.ERROR_CODE, ['VpceAccessDenied'])],
    }),
    "'eventSelectors': selector 'Denied S3' uses 'errorCode', which Data selectors of a trail do not accept"],
    ['a bucket-name prefix written as a literal ARN', () => EventSelector.custom('Org buckets', EventCategory.DATA, [
      FieldCondition.equalTo(SelectorField.RESOURCES_TYPE, ['AWS::S3::Object']),
      FieldCondition.startsWith(SelectorField.RESOURCES_ARN, ['arn:aws:s3:::org']),
    ]),
    "'eventSelectors': selector 'Org buckets' 'resources.ARN' prefix 'arn:aws:s3:::org' ends at a bucket name"],
  ])('%s', (_label, selector, message) => {
    const { stack } = build({ eventSelectors: [selector()] });
    expect(() => Template.fromStack(stack)).toThrow(message);
  });

  test('problems of several selectors are reported together', () => {
    const { stack } = build({
      eventSelectors: [
        EventSelector.writeOnlyDataEvents(DataResourceType.SNS_TOPIC, 'Twice'),
        EventSelector.writeOnlyDataEvents(DataResourceType.SQS_QUEUE, 'Twice'),
        EventSelector.networkActivityEvents({ name: 'Bad source', eventSource: 'kms' }),
      ],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /selector 'Twice' has the same name as another selector of the trail[\s\S]*selector 'Bad source' 'eventSource' must be a service endpoint/,
    );
  });

  test.each([
    'Management events',
    'Duplicate',
  ])('a selector named %p clashes', (name) => {
    const { stack } = build({
      eventSelectors: [
        EventSelector.writeOnlyDataEvents(DataResourceType.SNS_TOPIC, 'Duplicate'),
        EventSelector.writeOnlyDataEvents(DataResourceType.SQS_QUEUE, name),
      ],
    });
    expect(() => Template.fromStack(stack))
      .toThrow(`'eventSelectors': selector '${name}' has the same name as another selector of the trail; give each a unique name`);
  });
});

describe('the 500-value budget', () => {
  // management (1) + eventCategory (1) + resources.type (1) + the function ARNs
  test('exactly 500 values in all synthesize', () => {
    const { template } = synth({
      eventSelectors: [EventSelector.dataEvents({
        name: 'Many functions',
        resourceType: DataResourceType.LAMBDA_FUNCTION,
        conditions: [FieldCondition.equalTo(SelectorField.RESOURCES_ARN, functionArns(497))],
      })],
    });
    expect(advancedEventSelectors(template)[1].FieldSelectors[2].Equals).toHaveLength(497);
  });

  test('501 values fail with the count', () => {
    const { stack } = build({
      eventSelectors: [EventSelector.dataEvents({
        name: 'Many functions',
        resourceType: DataResourceType.LAMBDA_FUNCTION,
        conditions: [FieldCondition.equalTo(SelectorField.RESOURCES_ARN, functionArns(498))],
      })],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      "'eventSelectors' hold 501 condition values in all (with the management selector and the component's own exclusions), but a trail allows 500.",
    );
  });

  // management (1) + eventSource NotEquals (1) + S3 write-only (3) + 2 exclusions + Lambda (2) + ARNs
  test.each([
    [491, false],
    [492, true],
  ])('the excluded sources and the component\'s exclusions count: %p ARNs fail: %p', (arns, fails) => {
    const { stack } = build({
      excludeManagementEventSources: [cloudtrail.ManagementEventSources.RDS_DATA_API],
      eventSelectors: [
        EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT),
        EventSelector.dataEvents({
          name: 'Many functions',
          resourceType: DataResourceType.LAMBDA_FUNCTION,
          conditions: [FieldCondition.equalTo(SelectorField.RESOURCES_ARN, functionArns(arns))],
        }),
      ],
    });
    if (fails) {
      expect(() => Template.fromStack(stack)).toThrow(/'eventSelectors' hold 501 condition values in all/);
    } else {
      expect(() => Template.fromStack(stack)).not.toThrow();
    }
  });
});

describe('the component\'s own buckets are never recorded (loop exclusion)', () => {
  test.each<[string, () => EventSelector, unknown[]]>([
    ['s3ObjectsExcept([])', () => EventSelector.s3ObjectsExcept([]), []],
    ['s3ObjectsExcept([noisy])', () => EventSelector.s3ObjectsExcept(['noisy']), [s3Arn('noisy/')]],
    ['writeOnlyDataEvents(S3_OBJECT)', () => EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT), []],
    ['dataEvents(S3_OBJECT) without resources.ARN', () => EventSelector.dataEvents({ name: 'All S3', resourceType: DataResourceType.S3_OBJECT }), []],
    ['a hand-built prefix of every bucket (startsWith arn:<partition>:s3:::)', () => EventSelector.custom('Every bucket', EventCategory.DATA, [
      FieldCondition.equalTo(SelectorField.RESOURCES_TYPE, ['AWS::S3::Object']),
      FieldCondition.startsWith(SelectorField.RESOURCES_ARN, [`arn:${Aws.PARTITION}:s3:::`]),
    ]), []],
    ['a hand-built endsWith selector', () => EventSelector.custom('Gzipped objects', EventCategory.DATA, [
      FieldCondition.equalTo(SelectorField.RESOURCES_TYPE, ['AWS::S3::Object']),
      FieldCondition.endsWith(SelectorField.RESOURCES_ARN, ['.gz']),
    ]), []],
  ])('%s gets NotStartsWith [archive/, access-logs/] and an info annotation per bucket', (_label, selector, userExclusions) => {
    const { stack, trail, template } = synth({ eventSelectors: [selector()] });
    const rendered = advancedEventSelectors(template)[1];
    const arnField = rendered.FieldSelectors.find((field: { Field: string }) => field.Field === 'resources.ARN');
    expect(arnField.NotStartsWith).toEqual([...userExclusions, ...componentPrefixes(stack, trail)]);
    const annotations = Annotations.fromStack(stack);
    annotations.hasInfo(TRAIL_PATH, exclusionInfo(rendered.Name, 'the archive bucket'));
    annotations.hasInfo(TRAIL_PATH, exclusionInfo(rendered.Name, 'the access-log bucket'));
  });

  test('the full shape of an all-buckets selector with the exclusion', () => {
    const { stack, trail, template } = synth({ eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT)] });
    expect(advancedEventSelectors(template)).toEqual([
      MANAGEMENT,
      {
        Name: 'Write-only data events of AWS::S3::Object',
        FieldSelectors: [
          ...S3_DATA,
          { Field: 'readOnly', Equals: ['false'] },
          { Field: 'resources.ARN', NotStartsWith: componentPrefixes(stack, trail) },
        ],
      },
    ]);
  });

  test('selectors added with addEventSelector get it too', () => {
    const { stack, trail } = build();
    trail.addEventSelector(EventSelector.s3ObjectsExcept([], { name: 'Added later' }));
    const rendered = advancedEventSelectors(Template.fromStack(stack))[1];
    expect(rendered).toEqual({ Name: 'Added later', FieldSelectors: [...S3_DATA, { Field: 'resources.ARN', NotStartsWith: componentPrefixes(stack, trail) }] });
  });

  test.each<[string, (stack: Stack) => EventSelector]>([
    ["s3Objects(['my-sensitive-bucket/'])", () => EventSelector.s3Objects(['my-sensitive-bucket/'])],
    ['s3ObjectsOfBuckets([otherBucket])', (stack) => EventSelector.s3ObjectsOfBuckets([new s3.Bucket(stack, 'Other')])],
    ['Lambda invocations everywhere', () => EventSelector.dataEvents({ name: 'All Lambda', resourceType: DataResourceType.LAMBDA_FUNCTION })],
    ['Lambda write-only events', () => EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION)],
  ])('%s gets no exclusion and no info annotation', (_label, selector) => {
    const { stack, template } = synth((s) => ({ eventSelectors: [selector(s)] }));
    expect(JSON.stringify(advancedEventSelectors(template))).not.toContain('NotStartsWith');
    Annotations.fromStack(stack).hasNoInfo(TRAIL_PATH, Match.stringLikeRegexp('excludes the'));
  });

  test('s3Objects keeps the user\'s location as the only resources.ARN condition', () => {
    const { template } = synth({ eventSelectors: [EventSelector.s3Objects(['my-sensitive-bucket/'])] });
    expect(advancedEventSelectors(template)[1]).toEqual({
      Name: 'S3 objects in selected locations',
      FieldSelectors: [...S3_DATA, { Field: 'resources.ARN', StartsWith: [s3Arn('my-sensitive-bucket/')] }],
    });
  });

  test('a selector on trail.archiveBucket fails, naming the selector and logComponentBucketDataEvents', () => {
    const { stack, trail } = build();
    trail.addEventSelector(EventSelector.s3ObjectsOfBuckets([trail.archiveBucket], { name: 'Archive reads' }));
    expect(() => Template.fromStack(stack)).toThrow(
      "'eventSelectors': selector 'Archive reads' records the archive bucket by name, so every log delivery would record an event about itself. Remove it, or set 'logComponentBucketDataEvents' to true if you really want those events",
    );
  });

  test('a selector on trail.accessLogsBucket fails too', () => {
    const { stack, trail } = build();
    trail.addEventSelector(EventSelector.s3ObjectsOfBuckets([trail.accessLogsBucket!], { name: 'Access log reads' }));
    expect(() => Template.fromStack(stack)).toThrow(/selector 'Access log reads' records the access-log bucket by name.*'logComponentBucketDataEvents'/);
  });

  test('an imported archive bucket named literally in s3Objects fails as targeting', () => {
    const { stack } = build((s) => ({
      archiveBucket: s3.Bucket.fromBucketName(s, 'TrailBucket', 'my-trail-bucket'),
      eventSelectors: [EventSelector.s3Objects(['my-trail-bucket/'], { name: 'Trail bucket' })],
    }));
    expect(() => Template.fromStack(stack)).toThrow(
      "'eventSelectors': selector 'Trail bucket' records the archive bucket by name",
    );
  });

  test('an imported archive bucket is excluded by its literal name (and there is no access-log bucket)', () => {
    const { stack, template } = synth((s) => ({
      archiveBucket: s3.Bucket.fromBucketName(s, 'TrailBucket', 'my-trail-bucket'),
      eventSelectors: [EventSelector.s3ObjectsExcept([])],
    }));
    expect(advancedEventSelectors(template)[1].FieldSelectors).toEqual([...S3_DATA, { Field: 'resources.ARN', NotStartsWith: [s3Arn('my-trail-bucket/')] }]);
    Annotations.fromStack(stack).hasInfo(TRAIL_PATH, exclusionInfo('S3 objects in all buckets but excluded ones', 'the archive bucket'));
    Annotations.fromStack(stack).hasNoInfo(TRAIL_PATH, Match.stringLikeRegexp('access-log bucket'));
  });

  test('with logComponentBucketDataEvents no exclusion is added, targeting is allowed, and it warns', () => {
    const { stack, trail } = build({
      logComponentBucketDataEvents: true,
      eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT)],
    });
    trail.addEventSelector(EventSelector.s3ObjectsOfBuckets([trail.archiveBucket], { name: 'Archive reads' }));
    const template = Template.fromStack(stack);
    expect(advancedEventSelectors(template).slice(1)).toEqual([
      { Name: 'Write-only data events of AWS::S3::Object', FieldSelectors: [...S3_DATA, { Field: 'readOnly', Equals: ['false'] }] },
      { Name: 'Archive reads', FieldSelectors: [...S3_DATA, { Field: 'resources.ARN', StartsWith: [objectsPrefix(stack, trail.archiveBucket)] }] },
    ]);
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning(TRAIL_PATH, Match.stringLikeRegexp('cdk-org-trail:ComponentBucketDataEventsLogged'));
    annotations.hasWarning(TRAIL_PATH, Match.stringLikeRegexp("'logComponentBucketDataEvents' is true"));
    annotations.hasNoInfo(TRAIL_PATH, Match.stringLikeRegexp('excludes the'));
  });

  test('the default does not warn about component bucket data events', () => {
    const { stack } = synth({ eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT)] });
    Annotations.fromStack(stack).hasNoWarning(TRAIL_PATH, Match.stringLikeRegexp('ComponentBucketDataEventsLogged'));
  });
});

describe('management events', () => {
  test.each([
    [[cloudtrail.ManagementEventSources.KMS], ['kms.amazonaws.com']],
    [[cloudtrail.ManagementEventSources.RDS_DATA_API], ['rdsdata.amazonaws.com']],
    [[cloudtrail.ManagementEventSources.KMS, cloudtrail.ManagementEventSources.RDS_DATA_API], ['kms.amazonaws.com', 'rdsdata.amazonaws.com']],
  ])('excludeManagementEventSources %p renders eventSource NotEquals', (sources, notEquals) => {
    const { template } = synth({ excludeManagementEventSources: sources });
    expect(advancedEventSelectors(template)).toEqual([{
      Name: 'Management events',
      FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: notEquals }],
    }]);
  });

  test('excluding KMS warns', () => {
    const { stack } = synth({ excludeManagementEventSources: [cloudtrail.ManagementEventSources.KMS] });
    Annotations.fromStack(stack).hasWarning(TRAIL_PATH, Match.stringLikeRegexp('cdk-org-trail:KmsEventsExcluded'));
    Annotations.fromStack(stack).hasWarning(TRAIL_PATH, Match.stringLikeRegexp("'excludeManagementEventSources' leaves out kms.amazonaws.com"));
  });

  test.each<[string, Partial<OrganizationTrailProps>]>([
    ['the default', {}],
    ['excluding only the RDS Data API', { excludeManagementEventSources: [cloudtrail.ManagementEventSources.RDS_DATA_API] }],
  ])('%s does not warn about KMS', (_label, props) => {
    const { stack } = synth(props);
    Annotations.fromStack(stack).hasNoWarning(TRAIL_PATH, Match.stringLikeRegexp('KmsEventsExcluded'));
  });

  test('an invalid source fails at construction, naming the prop and the value', () => {
    expect(() => build({ excludeManagementEventSources: ['s3.amazonaws.com' as cloudtrail.ManagementEventSources] }))
      .toThrow(/'excludeManagementEventSources' may only name cloudtrail.ManagementEventSources.KMS or RDS_DATA_API .*got 's3.amazonaws.com'/);
  });

  test('NONE with data selectors renders no management selector and warns', () => {
    const { stack, template } = synth({
      managementEvents: cloudtrail.ReadWriteType.NONE,
      eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION, 'Lambda writes')],
    });
    expect(advancedEventSelectors(template)).toEqual([{
      Name: 'Lambda writes',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
        { Field: 'readOnly', Equals: ['false'] },
      ],
    }]);
    Annotations.fromStack(stack).hasWarning(TRAIL_PATH, Match.stringLikeRegexp('cdk-org-trail:ManagementEventsNotAll'));
  });

  test('NONE without selectors fails at synth', () => {
    const { stack } = build({ managementEvents: cloudtrail.ReadWriteType.NONE });
    expect(() => Template.fromStack(stack)).toThrow(
      "'managementEvents' is ReadWriteType.NONE and there are no 'eventSelectors', which leaves the trail nothing to record",
    );
  });

  test('NONE without selectors at construction is fixed by addEventSelector', () => {
    const { stack, trail } = build({ managementEvents: cloudtrail.ReadWriteType.NONE });
    trail.addEventSelector(EventSelector.networkActivityEvents({ name: 'KMS via VPCE', eventSource: 'kms.amazonaws.com' }));
    expect(advancedEventSelectors(Template.fromStack(stack)).map((selector: { Name: string }) => selector.Name)).toEqual(['KMS via VPCE']);
  });

  test('WRITE_ONLY with an exclusion and a data selector', () => {
    const { template } = synth({
      managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY,
      excludeManagementEventSources: [cloudtrail.ManagementEventSources.RDS_DATA_API],
      eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.SNS_TOPIC, 'SNS writes')],
    });
    expect(advancedEventSelectors(template)[0]).toEqual({
      Name: 'Management events (write-only)',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Management'] },
        { Field: 'readOnly', Equals: ['false'] },
        { Field: 'eventSource', NotEquals: ['rdsdata.amazonaws.com'] },
      ],
    });
  });
});

describe('InsightSelectors', () => {
  test('off by default', () => {
    synth().template.hasResourceProperties('AWS::CloudTrail::Trail', { InsightSelectors: Match.absent() });
  });

  test.each([
    [InsightType.API_CALL_RATE, 'ApiCallRateInsight'],
    [InsightType.API_ERROR_RATE, 'ApiErrorRateInsight'],
  ])('%p renders {InsightType: %p}', (type, rendered) => {
    synth({ insightTypes: [type] }).template.hasResourceProperties('AWS::CloudTrail::Trail', {
      InsightSelectors: [Match.objectEquals({ InsightType: rendered })],
    });
  });

  test('both types', () => {
    synth({ insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE] }).template.hasResourceProperties('AWS::CloudTrail::Trail', {
      InsightSelectors: Match.exact([{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }]),
    });
  });

  test('categories DATA with a data selector render EventCategories', () => {
    synth({
      insightTypes: [InsightType.API_CALL_RATE],
      insightEventCategories: [InsightEventCategory.DATA],
      eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT)],
    }).template.hasResourceProperties('AWS::CloudTrail::Trail', {
      InsightSelectors: Match.exact([{ InsightType: 'ApiCallRateInsight', EventCategories: ['Data'] }]),
    });
  });

  test('a data selector added with addEventSelector satisfies DATA', () => {
    const { stack, trail } = build({
      insightTypes: [InsightType.API_ERROR_RATE],
      insightEventCategories: [InsightEventCategory.MANAGEMENT, InsightEventCategory.DATA],
    });
    trail.addEventSelector(EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      InsightSelectors: Match.exact([{ InsightType: 'ApiErrorRateInsight', EventCategories: ['Management', 'Data'] }]),
    });
  });

  test.each<[string, Partial<OrganizationTrailProps>, string]>([
    ['API_CALL_RATE with READ_ONLY', { insightTypes: [InsightType.API_CALL_RATE], managementEvents: cloudtrail.ReadWriteType.READ_ONLY },
      "'insightTypes' includes API_CALL_RATE, which analyses write management events, but 'managementEvents' is ReadOnly. Use ReadWriteType.ALL or WRITE_ONLY."],
    ['API_CALL_RATE with NONE', {
      insightTypes: [InsightType.API_CALL_RATE],
      managementEvents: cloudtrail.ReadWriteType.NONE,
      eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION)],
    }, "'insightTypes' includes API_CALL_RATE, which analyses write management events, but 'managementEvents' is None."],
    ['API_ERROR_RATE with NONE', {
      insightTypes: [InsightType.API_ERROR_RATE],
      managementEvents: cloudtrail.ReadWriteType.NONE,
      eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION)],
    }, "'insightTypes' includes API_ERROR_RATE, which analyses management events, but 'managementEvents' is NONE."],
    ['categories without types', { insightEventCategories: [InsightEventCategory.MANAGEMENT] },
      "'insightEventCategories' (Management) needs 'insightTypes'."],
    ['a duplicate type', { insightTypes: [InsightType.API_ERROR_RATE, InsightType.API_ERROR_RATE] },
      "'insightTypes' lists ApiErrorRateInsight more than once."],
    ['empty categories', { insightTypes: [InsightType.API_ERROR_RATE], insightEventCategories: [] },
      "'insightEventCategories' is empty."],
  ])('%s fails in the constructor, with a clean message', (_label, props, message) => {
    let error: Error | undefined;
    try {
      build(props);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toContain(message);
    expect(error?.message).not.toMatch(/Resolution error/);
  });

  test.each<[string, Partial<OrganizationTrailProps>, string]>([
    ['DATA without data selectors', { insightTypes: [InsightType.API_CALL_RATE], insightEventCategories: [InsightEventCategory.DATA] },
      "'insightEventCategories' includes DATA, but the trail records no data events."],
    ['DATA with only network activity selectors', {
      insightTypes: [InsightType.API_CALL_RATE],
      insightEventCategories: [InsightEventCategory.DATA],
      eventSelectors: [EventSelector.networkActivityEvents({ name: 'KMS', eventSource: 'kms.amazonaws.com' })],
    }, "'insightEventCategories' includes DATA, but the trail records no data events."],
  ])('%s fails at synth (selectors may still be added), with a clean message', (_label, props, message) => {
    const { stack } = build(props);
    expect(() => Template.fromStack(stack)).toThrow(message);
    expect(() => Template.fromStack(stack)).not.toThrow(/Resolution error/);
  });

  test('DATA is accepted when a data selector is added after construction', () => {
    const { stack, trail } = build({ insightTypes: [InsightType.API_CALL_RATE], insightEventCategories: [InsightEventCategory.DATA] });
    trail.addEventSelector(EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      InsightSelectors: [{ InsightType: 'ApiCallRateInsight', EventCategories: ['Data'] }],
    });
  });
});

test('the Athena results bucket is excluded too when the query layer is on', () => {
  const stack = newStack();
  const trail = new OrganizationTrail(stack, 'OrgTrail', {
    organizationId: ORG_ID,
    eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT, 'All S3 writes')],
  });
  const template = Template.fromStack(stack);
  const rendered = advancedEventSelectors(template)[1];
  const arnField = rendered.FieldSelectors.find((field: { Field: string }) => field.Field === 'resources.ARN');
  expect(arnField.NotStartsWith).toEqual([
    ...componentPrefixes(stack, trail),
    objectsPrefix(stack, trail.query!.resultsBucket),
  ]);
  Annotations.fromStack(stack).hasInfo(TRAIL_PATH, exclusionInfo('All S3 writes', 'the Athena results bucket'));
});

describe('TrailSelectors (the state behind the facade)', () => {
  test('renders once: a selector added after rendering is refused, naming it', () => {
    const scope = new Stack(new App(), 'Scope');
    const selectors = new TrailSelectors(scope, {});
    expect(selectors.render()).toHaveLength(1);
    expect(() => selectors.add(EventSelector.lambdaInvocations([], { name: 'Late' })))
      .toThrow(/^addEventSelector\('Late'\) was called after the trail's selectors were rendered/);
  });

  test('knows whether data events are recorded, for the Insights prerequisites', () => {
    const selectors = new TrailSelectors(new Stack(new App(), 'Scope'), {});
    expect(selectors.recordsDataEvents).toBe(false);
    selectors.add(EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT, 'All S3 writes'));
    expect(selectors.recordsDataEvents).toBe(true);
  });

  test.each([
    [{}, []],
    [{ managementEvents: cloudtrail.ReadWriteType.NONE }, []],
    [{ managementEvents: cloudtrail.ReadWriteType.NONE, excludeManagementEventSources: [cloudtrail.ManagementEventSources.KMS] },
      ['\'excludeManagementEventSources\' needs management events, but \'managementEvents\' is ReadWriteType.NONE. Drop the exclusions or record management events.']],
  ])('selectorOptionProblems(%p)', (options, problems) => {
    expect(selectorOptionProblems(options)).toEqual(problems);
  });
});

