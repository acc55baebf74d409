import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataResourceType } from '../../src/selectors/data-resource-type';
import { EventCategory, EventSelector } from '../../src/selectors/event-selector';
import { ConditionOperator, FieldCondition, SelectorField } from '../../src/selectors/selector-field';

const ENV = { account: '111111111111', region: 'us-east-1' };

function newStack(): Stack {
  return new Stack(new App(), 'Audit', { env: ENV });
}

/** The conditions as plain data, with tokens resolved to CloudFormation. */
function conditionsOf(stack: Stack, selector: EventSelector) {
  return selector.conditions.map((condition) => ({
    field: condition.field.name,
    operator: condition.operator,
    values: stack.resolve(condition.values),
  }));
}

/** `arn:<partition>:s3:::<path>` as CloudFormation renders it. */
function s3Arn(path: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${path}`]] };
}

const S3_TYPE = { field: 'resources.type', operator: ConditionOperator.EQUALS, values: ['AWS::S3::Object'] };

describe('EventSelector.dataEvents', () => {
  test('without readOnly or conditions: only resources.type', () => {
    const selector = EventSelector.dataEvents({ name: 'All SNS publishes', resourceType: DataResourceType.SNS_TOPIC });
    expect(selector.name).toBe('All SNS publishes');
    expect(selector.category).toBe(EventCategory.DATA);
    expect(conditionsOf(newStack(), selector)).toEqual([
      { field: 'resources.type', operator: 'Equals', values: ['AWS::SNS::Topic'] },
    ]);
  });

  test.each([
    [true, 'true'],
    [false, 'false'],
  ])('readOnly %p adds readOnly Equals %p after resources.type', (readOnly, value) => {
    const selector = EventSelector.dataEvents({ name: 'SQS', resourceType: DataResourceType.SQS_QUEUE, readOnly });
    expect(conditionsOf(newStack(), selector)).toEqual([
      { field: 'resources.type', operator: 'Equals', values: ['AWS::SQS::Queue'] },
      { field: 'readOnly', operator: 'Equals', values: [value] },
    ]);
  });

  test('further conditions follow resources.type and readOnly, in order', () => {
    const selector = EventSelector.dataEvents({
      name: 'Deletes by one role',
      resourceType: DataResourceType.S3_OBJECT,
      readOnly: false,
      conditions: [
        FieldCondition.equalTo(SelectorField.EVENT_NAME, ['DeleteObject']),
        FieldCondition.startsWith(SelectorField.USER_IDENTITY_ARN, ['arn:aws:sts::111111111111:assumed-role/Admin/']),
      ],
    });
    expect(conditionsOf(newStack(), selector)).toEqual([
      S3_TYPE,
      { field: 'readOnly', operator: 'Equals', values: ['false'] },
      { field: 'eventName', operator: 'Equals', values: ['DeleteObject'] },
      { field: 'userIdentity.arn', operator: 'StartsWith', values: ['arn:aws:sts::111111111111:assumed-role/Admin/'] },
    ]);
  });
});

describe('EventSelector.networkActivityEvents', () => {
  test('records one event source', () => {
    const selector = EventSelector.networkActivityEvents({ name: 'KMS via VPCE', eventSource: 'kms.amazonaws.com' });
    expect(selector.category).toBe(EventCategory.NETWORK_ACTIVITY);
    expect(selector.name).toBe('KMS via VPCE');
    expect(conditionsOf(newStack(), selector)).toEqual([
      { field: 'eventSource', operator: 'Equals', values: ['kms.amazonaws.com'] },
    ]);
  });

  test('deniedOnly adds errorCode = VpceAccessDenied', () => {
    const selector = EventSelector.networkActivityEvents({ name: 'KMS denied', eventSource: 'kms.amazonaws.com', deniedOnly: true });
    expect(conditionsOf(newStack(), selector)).toEqual([
      { field: 'eventSource', operator: 'Equals', values: ['kms.amazonaws.com'] },
      { field: 'errorCode', operator: 'Equals', values: ['VpceAccessDenied'] },
    ]);
  });

  test('deniedOnly false adds no errorCode', () => {
    const selector = EventSelector.networkActivityEvents({ name: 'KMS', eventSource: 'kms.amazonaws.com', deniedOnly: false });
    expect(selector.conditions.map((condition) => condition.field.name)).toEqual(['eventSource']);
  });

  test('further conditions follow eventSource and errorCode', () => {
    const selector = EventSelector.networkActivityEvents({
      name: 'S3 denied at one endpoint',
      eventSource: 's3.amazonaws.com',
      deniedOnly: true,
      conditions: [FieldCondition.equalTo(SelectorField.VPC_ENDPOINT_ID, ['vpce-0123456789abcdef0'])],
    });
    expect(conditionsOf(newStack(), selector)).toEqual([
      { field: 'eventSource', operator: 'Equals', values: ['s3.amazonaws.com'] },
      { field: 'errorCode', operator: 'Equals', values: ['VpceAccessDenied'] },
      { field: 'vpcEndpointId', operator: 'Equals', values: ['vpce-0123456789abcdef0'] },
    ]);
  });
});

describe('EventSelector.custom', () => {
  test('keeps the name, the category and the conditions as given', () => {
    const conditions = [
      FieldCondition.equalTo(SelectorField.RESOURCES_TYPE, ['AWS::DynamoDB::Table']),
      FieldCondition.notEqualTo(SelectorField.EVENT_NAME, ['DescribeStream']),
    ];
    const selector = EventSelector.custom('Tables without stream reads', EventCategory.DATA, conditions);
    expect(selector.name).toBe('Tables without stream reads');
    expect(selector.category).toBe(EventCategory.DATA);
    expect(selector.conditions).toEqual(conditions);
  });
});

describe('EventSelector.s3Objects', () => {
  test.each([
    ['a bucket name gets a trailing slash', 'my-sensitive-bucket', 'my-sensitive-bucket/'],
    ['a bucket with a trailing slash is kept', 'my-sensitive-bucket/', 'my-sensitive-bucket/'],
    ['a bucket/prefix/ is kept', 'my-bucket/prefix/', 'my-bucket/prefix/'],
    ['a bucket/prefix without a trailing slash is kept as written', 'my-bucket/reports', 'my-bucket/reports'],
  ])('%s: %p -> arn:<partition>:s3:::%s', (_label, location, path) => {
    const stack = newStack();
    const selector = EventSelector.s3Objects([location]);
    expect(conditionsOf(stack, selector)).toEqual([
      S3_TYPE,
      { field: 'resources.ARN', operator: 'StartsWith', values: [s3Arn(path)] },
    ]);
  });

  test('several locations become one StartsWith list, with the default name and both read and write', () => {
    const stack = newStack();
    const selector = EventSelector.s3Objects(['aaa', 'bbb/c/']);
    expect(selector.name).toBe('S3 objects in selected locations');
    expect(selector.category).toBe(EventCategory.DATA);
    expect(conditionsOf(stack, selector)).toEqual([
      S3_TYPE,
      { field: 'resources.ARN', operator: 'StartsWith', values: [s3Arn('aaa/'), s3Arn('bbb/c/')] },
    ]);
  });

  test('name and readOnly options apply', () => {
    const stack = newStack();
    const selector = EventSelector.s3Objects(['aaa'], { name: 'Reads of a', readOnly: true });
    expect(selector.name).toBe('Reads of a');
    expect(conditionsOf(stack, selector)).toEqual([
      S3_TYPE,
      { field: 'readOnly', operator: 'Equals', values: ['true'] },
      { field: 'resources.ARN', operator: 'StartsWith', values: [s3Arn('aaa/')] },
    ]);
  });

  test.each([
    'arn:aws:s3:::my-bucket/',
    'arn:aws-us-gov:s3:::my-bucket',
    'arn:',
  ])('rejects the ARN %p, showing it and the fix', (location) => {
    expect(() => EventSelector.s3Objects(['ok-bucket', location])).toThrow(
      `S3 locations are written 'bucket' or 'bucket/prefix/', not as ARNs; got '${location}'. Drop the 'arn:...:s3:::' part.`,
    );
  });

  test.each([
    ['too short', 'ab', /be 3-63 characters long \(it has 2\); got 'ab'/],
    ['too long', 'a'.repeat(64), /be 3-63 characters long \(it has 64\)/],
    ['uppercase', 'My-Bucket/logs/', /entry 'My-Bucket\/logs\/' must name an S3 bucket, whose name must use only lowercase letters, digits, periods and hyphens.*; got 'My-Bucket'/],
    ['underscore', 'my_bucket', /use only lowercase letters, digits, periods and hyphens; got 'my_bucket'/],
    ['ends with a hyphen', 'bucket-', /start and end with a lowercase letter or digit/],
    ['two adjacent periods', 'my..bucket', /not contain two adjacent periods/],
    ['an IP address', '192.168.5.4', /not be formatted as an IP address/],
    ['the xn-- prefix', 'xn--bucket', /not start with the reserved prefix 'xn--'/],
    ['the sthree- prefix', 'sthree-bucket', /not start with the reserved prefix 'sthree-'/],
    ['the amzn-s3-demo- prefix', 'amzn-s3-demo-bucket', /not start with the reserved prefix 'amzn-s3-demo-'/],
    ['the -s3alias suffix', 'logs-s3alias', /not end with the reserved suffix '-s3alias'/],
    ['the --ol-s3 suffix', 'logs--ol-s3', /not end with the reserved suffix '--ol-s3'/],
    ['the .mrap suffix', 'logs.mrap', /not end with the reserved suffix '.mrap'/],
    ['the --x-s3 suffix', 'logs--use1-az4--x-s3', /not end with the reserved suffix '--x-s3'/],
    ['an empty bucket before a prefix', '/logs/', /be 3-63 characters long \(it has 0\)/],
  ])('s3Objects rejects an invalid bucket name (%s), naming the method and the value', (_name, location, message) => {
    expect(() => EventSelector.s3Objects([location])).toThrow(message);
    expect(() => EventSelector.s3Objects([location])).toThrow(/EventSelector\.s3Objects\(locations\) entry/);
  });

  test('s3ObjectsExcept checks bucket names too', () => {
    expect(() => EventSelector.s3ObjectsExcept(['Noisy_Bucket'])).toThrow(/EventSelector\.s3ObjectsExcept\(excludedBuckets\) entry 'Noisy_Bucket' must name an S3 bucket/);
  });

  test('every bad location is reported at once', () => {
    expect(() => EventSelector.s3Objects(['ab', 'ok-bucket', 'Bad'])).toThrow(/got 'ab'[\s\S]*got 'Bad'/);
  });

  test.each([
    ['3 characters', 'abc'],
    ['63 characters', 'a'.repeat(63)],
    ['periods and hyphens', 'my.bucket-1'],
    ['digits at both ends', '1bucket2'],
    ['a prefix', 'my-bucket/logs/2026/'],
    ['a name that only looks like a reserved prefix', 'xn-bucket'],
  ])('s3Objects accepts a valid bucket name (%s)', (_name, location) => {
    expect(() => EventSelector.s3Objects([location])).not.toThrow();
  });

  test('s3ObjectsOfBuckets checks names of imported buckets and skips tokens', () => {
    const stack = newStack();
    const bad = s3.Bucket.fromBucketName(stack, 'Bad', 'Bad_Bucket');
    expect(() => EventSelector.s3ObjectsOfBuckets([bad])).toThrow(/EventSelector\.s3ObjectsOfBuckets\(buckets\) entry '.*Bad' must name an S3 bucket.*got 'Bad_Bucket'/);
    expect(() => EventSelector.s3ObjectsOfBuckets([new s3.Bucket(stack, 'Created')])).not.toThrow();
  });

  test('s3ObjectsExcept rejects an ARN too', () => {
    expect(() => EventSelector.s3ObjectsExcept(['arn:aws:s3:::noisy'])).toThrow(/not as ARNs; got 'arn:aws:s3:::noisy'/);
  });
});

describe('EventSelector.s3ObjectsOfBuckets', () => {
  test('StartsWith <bucketArn>/ for each bucket', () => {
    const stack = newStack();
    const created = new s3.Bucket(stack, 'Data');
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'imported-bucket');
    const selector = EventSelector.s3ObjectsOfBuckets([created, imported]);
    expect(selector.name).toBe('S3 objects in selected buckets');
    expect(conditionsOf(stack, selector)).toEqual([
      S3_TYPE,
      {
        field: 'resources.ARN',
        operator: 'StartsWith',
        values: [
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [stack.getLogicalId(created.node.defaultChild as s3.CfnBucket), 'Arn'] }, '/']] },
          s3Arn('imported-bucket/'),
        ],
      },
    ]);
  });

  test('name and readOnly options apply', () => {
    const stack = newStack();
    const selector = EventSelector.s3ObjectsOfBuckets([s3.Bucket.fromBucketName(stack, 'B', 'bucket-b')], { name: 'Writes to b', readOnly: false });
    expect(selector.name).toBe('Writes to b');
    expect(conditionsOf(stack, selector)[1]).toEqual({ field: 'readOnly', operator: 'Equals', values: ['false'] });
  });
});

describe('EventSelector.s3ObjectsExcept', () => {
  test('without exclusions: every S3 object event, no resources.ARN condition', () => {
    const selector = EventSelector.s3ObjectsExcept([]);
    expect(selector.name).toBe('S3 objects in all buckets but excluded ones');
    expect(conditionsOf(newStack(), selector)).toEqual([S3_TYPE]);
  });

  test('exclusions become NotStartsWith object ARN prefixes', () => {
    const stack = newStack();
    const selector = EventSelector.s3ObjectsExcept(['noisy', 'cache/tmp/'], { name: 'S3 but noise', readOnly: false });
    expect(selector.name).toBe('S3 but noise');
    expect(conditionsOf(stack, selector)).toEqual([
      S3_TYPE,
      { field: 'readOnly', operator: 'Equals', values: ['false'] },
      { field: 'resources.ARN', operator: 'NotStartsWith', values: [s3Arn('noisy/'), s3Arn('cache/tmp/')] },
    ]);
  });
});

describe('EventSelector.lambdaInvocations', () => {
  test('Equals the exact function ARNs', () => {
    const stack = newStack();
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:us-east-1:111111111111:function:payments');
    const selector = EventSelector.lambdaInvocations([fn]);
    expect(selector.name).toBe('Lambda invocations of selected functions');
    expect(conditionsOf(stack, selector)).toEqual([
      { field: 'resources.type', operator: 'Equals', values: ['AWS::Lambda::Function'] },
      { field: 'resources.ARN', operator: 'Equals', values: ['arn:aws:lambda:us-east-1:111111111111:function:payments'] },
    ]);
  });

  test('name and readOnly options apply', () => {
    const stack = newStack();
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:us-east-1:111111111111:function:payments');
    const selector = EventSelector.lambdaInvocations([fn], { name: 'Payments', readOnly: false });
    expect(selector.name).toBe('Payments');
    expect(conditionsOf(stack, selector)[1]).toEqual({ field: 'readOnly', operator: 'Equals', values: ['false'] });
  });
});

describe('EventSelector.dynamoDbTables', () => {
  test('Equals the exact table ARNs', () => {
    const stack = newStack();
    const table = dynamodb.Table.fromTableArn(stack, 'Table', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders');
    const selector = EventSelector.dynamoDbTables([table], { readOnly: true });
    expect(selector.name).toBe('DynamoDB items of selected tables');
    expect(conditionsOf(stack, selector)).toEqual([
      { field: 'resources.type', operator: 'Equals', values: ['AWS::DynamoDB::Table'] },
      { field: 'readOnly', operator: 'Equals', values: ['true'] },
      { field: 'resources.ARN', operator: 'Equals', values: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'] },
    ]);
  });

  test('the name option applies', () => {
    const stack = newStack();
    const table = dynamodb.Table.fromTableArn(stack, 'Table', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders');
    expect(EventSelector.dynamoDbTables([table], { name: 'Orders' }).name).toBe('Orders');
  });
});

describe('EventSelector.writeOnlyDataEvents', () => {
  test('readOnly = false for the type, everywhere, with a default name naming the type', () => {
    const selector = EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT);
    expect(selector.name).toBe('Write-only data events of AWS::S3::Object');
    expect(selector.category).toBe(EventCategory.DATA);
    expect(conditionsOf(newStack(), selector)).toEqual([
      S3_TYPE,
      { field: 'readOnly', operator: 'Equals', values: ['false'] },
    ]);
  });

  test('the name argument applies', () => {
    expect(EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION, 'Lambda writes').name).toBe('Lambda writes');
  });
});
