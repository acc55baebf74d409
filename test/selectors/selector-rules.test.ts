import { Aws } from 'aws-cdk-lib';
import { DataResourceType } from '../../src/selectors/data-resource-type';
import { DataEventsOptions, EventCategory, EventSelector } from '../../src/selectors/event-selector';
import { FieldCondition, SelectorField } from '../../src/selectors/selector-field';
import { selectorProblems } from '../../src/selectors/selector-rules';

const F = SelectorField;
const C = FieldCondition;
const LAMBDA_TYPE = C.equalTo(F.RESOURCES_TYPE, ['AWS::Lambda::Function']);
const S3_TYPE = C.equalTo(F.RESOURCES_TYPE, ['AWS::S3::Object']);
const KMS_SOURCE = C.equalTo(F.EVENT_SOURCE, ['kms.amazonaws.com']);

/** A Lambda data selector with the extra conditions (Lambda: no S3 prefix rule). */
function data(...conditions: FieldCondition[]): EventSelector {
  return EventSelector.custom('Data sel', EventCategory.DATA, [LAMBDA_TYPE, ...conditions]);
}

/** An S3 object data selector with the extra conditions. */
function s3(...conditions: FieldCondition[]): EventSelector {
  return EventSelector.custom('S3 sel', EventCategory.DATA, [S3_TYPE, ...conditions]);
}

/** A KMS network activity selector with the extra conditions. */
function network(...conditions: FieldCondition[]): EventSelector {
  return EventSelector.custom('Net sel', EventCategory.NETWORK_ACTIVITY, [KMS_SOURCE, ...conditions]);
}

describe('selectorProblems accepts', () => {
  test.each<[string, EventSelector]>([
    ['dataEvents with readOnly and conditions', EventSelector.dataEvents({
      name: 'ok',
      resourceType: DataResourceType.S3_OBJECT,
      readOnly: true,
      conditions: [C.startsWith(F.RESOURCES_ARN, ['arn:aws:s3:::bucket/']), C.notEqualTo(F.EVENT_NAME, ['GetObject'])],
    })],
    ['networkActivityEvents with deniedOnly', EventSelector.networkActivityEvents({ name: 'ok', eventSource: 'kms.amazonaws.com', deniedOnly: true })],
    ['every operator on eventName (data)', data(C.equalTo(F.EVENT_NAME, ['a']), C.startsWith(F.EVENT_NAME, ['b']), C.endsWith(F.EVENT_NAME, ['c']),
      C.notEqualTo(F.EVENT_NAME, ['d']), C.notStartsWith(F.EVENT_NAME, ['e']), C.notEndsWith(F.EVENT_NAME, ['f']))],
    ['eventSource with startsWith on data', data(C.startsWith(F.EVENT_SOURCE, ['lambda']))],
    ['eventType on data', data(C.equalTo(F.EVENT_TYPE, ['AwsApiCall']))],
    ['userIdentity.arn on data', data(C.startsWith(F.USER_IDENTITY_ARN, ['arn:aws:iam::111111111111:role/']))],
    ['sessionCredentialFromConsole equalTo on data', data(C.equalTo(F.SESSION_CREDENTIAL_FROM_CONSOLE, ['true']))],
    ['sessionCredentialFromConsole notEqualTo on data', data(C.notEqualTo(F.SESSION_CREDENTIAL_FROM_CONSOLE, ['true']))],
    ['resources.ARN endsWith on data', data(C.endsWith(F.RESOURCES_ARN, [':function:payments']))],
    ['resources.ARN notEqualTo a whole ARN', data(C.notEqualTo(F.RESOURCES_ARN, ['arn:aws:lambda:us-east-1:111111111111:function:x']))],
    ['eventName and vpcEndpointId on network activity', network(C.equalTo(F.EVENT_NAME, ['Decrypt']), C.startsWith(F.VPC_ENDPOINT_ID, ['vpce-']))],
    ['errorCode VpceAccessDenied on network activity', network(C.equalTo(F.ERROR_CODE, ['VpceAccessDenied']))],
    ['an unknown field from SelectorField.of', data(C.endsWith(F.of('resources.newField'), ['x']))],
    ['a value of 2048 characters', data(C.equalTo(F.EVENT_NAME, ['a'.repeat(2048)]))],
    ['a name of 1000 characters', EventSelector.custom('n'.repeat(1000), EventCategory.DATA, [LAMBDA_TYPE])],
    ['an S3 object prefix ending in /', s3(C.startsWith(F.RESOURCES_ARN, ['arn:aws:s3:::logs/']))],
    ['an S3 object prefix with a key prefix', s3(C.notStartsWith(F.RESOURCES_ARN, ['arn:aws:s3:::logs/tmp']))],
    ['an S3 exact object ARN', s3(C.equalTo(F.RESOURCES_ARN, ['arn:aws:s3:::logs']))],
    ['a bucket-name prefix on a non-S3 type', data(C.startsWith(F.RESOURCES_ARN, ['arn:aws:s3:::logs']))],
    ['the same value under two operators', data(C.startsWith(F.EVENT_NAME, ['Get']), C.notStartsWith(F.EVENT_NAME, ['Get']))],
    ['DataResourceType.of', EventSelector.dataEvents({ name: 'ok', resourceType: DataResourceType.of('AWS::S3Tables::Table') })],
  ])('%s', (_label, selector) => {
    expect(selectorProblems(selector)).toEqual([]);
  });

  test('every preset is valid as built', () => {
    const presets = [
      EventSelector.s3Objects(['bucket', 'bucket/prefix/'], { readOnly: false }),
      EventSelector.s3ObjectsExcept([]),
      EventSelector.s3ObjectsExcept(['noisy']),
      EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT),
    ];
    for (const preset of presets) {
      expect(selectorProblems(preset)).toEqual([]);
    }
  });
});

describe('selectorProblems rejects', () => {
  test.each<[string, EventSelector, string]>([
    ['management events through custom', EventSelector.custom('Mgmt', EventCategory.MANAGEMENT, []),
      "records management events; set them with 'managementEvents' and 'excludeManagementEventSources' on the trail"],
    ['an empty name', EventSelector.custom('', EventCategory.DATA, [LAMBDA_TYPE]),
      'needs a name of 1-1000 characters (it has 0)'],
    ['a name of 1001 characters', EventSelector.custom('n'.repeat(1001), EventCategory.DATA, [LAMBDA_TYPE]),
      'needs a name of 1-1000 characters (it has 1001)'],
    // Plain JavaScript can leave out the name the type requires.
    ['no name at all', EventSelector.dataEvents({ resourceType: DataResourceType.LAMBDA_FUNCTION } as unknown as DataEventsOptions),
      'needs a name of 1-1000 characters (it has 0)'],
    ['eventCategory set by hand', data(C.equalTo(F.EVENT_CATEGORY, ['Data'])),
      "sets 'eventCategory' itself; the selector's category does that (use EventSelector.custom(name, category, ...))"],
    ['a condition without values', data(C.equalTo(F.EVENT_NAME, [])),
      "has an empty Equals condition on 'eventName'; give at least one value"],
    ['errorCode on a data selector', data(C.equalTo(F.ERROR_CODE, ['VpceAccessDenied'])),
      "uses 'errorCode', which Data selectors of a trail do not accept (it applies to NetworkActivity events)"],
    ['vpcEndpointId on a data selector', data(C.equalTo(F.VPC_ENDPOINT_ID, ['vpce-1'])),
      "uses 'vpcEndpointId', which Data selectors of a trail do not accept (it applies to NetworkActivity events)"],
    ['resources.ARN on a network activity selector', network(C.startsWith(F.RESOURCES_ARN, ['arn:aws:kms:'])),
      "uses 'resources.ARN', which NetworkActivity selectors of a trail do not accept (it applies to Data events)"],
    ['eventType on a network activity selector', network(C.equalTo(F.EVENT_TYPE, ['AwsApiCall'])),
      "uses 'eventType', which NetworkActivity selectors of a trail do not accept (it applies to Data events)"],
    ['readOnly on a network activity selector', network(C.equalTo(F.READ_ONLY, ['true'])),
      "uses 'readOnly', which NetworkActivity selectors of a trail do not accept (it applies to Data events)"],
    ['userIdentity.arn on a network activity selector', network(C.equalTo(F.USER_IDENTITY_ARN, ['arn:aws:iam::111111111111:root'])),
      "uses 'userIdentity.arn', which NetworkActivity selectors of a trail do not accept (it applies to Data events)"],
    ['readOnly with startsWith', data(C.startsWith(F.READ_ONLY, ['true'])),
      "uses StartsWith on 'readOnly', which only takes Equals"],
    ['readOnly with notEqualTo', data(C.notEqualTo(F.READ_ONLY, ['true'])),
      "uses NotEquals on 'readOnly', which only takes Equals"],
    ['resources.type with startsWith', EventSelector.custom('Data sel', EventCategory.DATA, [C.startsWith(F.RESOURCES_TYPE, ['AWS::S3::Object'])]),
      "uses StartsWith on 'resources.type', which only takes Equals"],
    ['errorCode with notEqualTo', network(C.notEqualTo(F.ERROR_CODE, ['VpceAccessDenied'])),
      "uses NotEquals on 'errorCode', which only takes Equals"],
    ['errorCode with endsWith', network(C.endsWith(F.ERROR_CODE, ['VpceAccessDenied'])),
      "uses EndsWith on 'errorCode', which only takes Equals"],
    ['sessionCredentialFromConsole with startsWith', data(C.startsWith(F.SESSION_CREDENTIAL_FROM_CONSOLE, ['true'])),
      "uses StartsWith on 'sessionCredentialFromConsole', which only takes Equals or NotEquals"],
    ['sessionCredentialFromConsole with notEndsWith', data(C.notEndsWith(F.SESSION_CREDENTIAL_FROM_CONSOLE, ['true'])),
      "uses NotEndsWith on 'sessionCredentialFromConsole', which only takes Equals or NotEquals"],
    ['a network eventSource with notEqualTo', EventSelector.custom('Net sel', EventCategory.NETWORK_ACTIVITY, [C.notEqualTo(F.EVENT_SOURCE, ['kms.amazonaws.com'])]),
      "uses NotEquals on 'eventSource', which network activity selectors only take with Equals"],
    ['a network eventSource with startsWith', EventSelector.custom('Net sel', EventCategory.NETWORK_ACTIVITY, [C.startsWith(F.EVENT_SOURCE, ['kms.amazonaws.com'])]),
      "uses StartsWith on 'eventSource', which network activity selectors only take with Equals"],
    ['a value listed twice', data(C.equalTo(F.EVENT_NAME, ['Invoke', 'Invoke'])),
      "lists 'Invoke' twice under Equals on 'eventName'"],
    ['a value of 2049 characters', data(C.equalTo(F.EVENT_NAME, ['a'.repeat(2049)])),
      "has a value of 2049 characters on 'eventName'; values are 1-2048 characters"],
    ['an empty value', data(C.equalTo(F.EVENT_NAME, [''])),
      "has a value of 0 characters on 'eventName'; values are 1-2048 characters"],
    ["a '*' wildcard (AFT issue 513: NotEquals 'arn:aws:s3:::aft-*')", s3(C.notEqualTo(F.RESOURCES_ARN, ['arn:aws:s3:::aft-*'])),
      "uses '*' in 'arn:aws:s3:::aft-*' on 'resources.ARN', but CloudTrail matches '*' literally (a NotEquals with a wildcard excludes nothing)"],
    ["a '*' in eventName", data(C.startsWith(F.EVENT_NAME, ['Get*'])),
      "uses '*' in 'Get*' on 'eventName', but CloudTrail matches '*' literally"],
    ["readOnly 'yes'", data(C.equalTo(F.READ_ONLY, ['yes'])),
      "'readOnly' takes 'true' or 'false', got 'yes'"],
    ["readOnly 'True'", data(C.equalTo(F.READ_ONLY, ['True'])),
      "'readOnly' takes 'true' or 'false', got 'True'"],
    ["sessionCredentialFromConsole '1'", data(C.equalTo(F.SESSION_CREDENTIAL_FROM_CONSOLE, ['1'])),
      "'sessionCredentialFromConsole' takes 'true' or 'false', got '1'"],
    ["resources.type 'S3::Object'", EventSelector.custom('Data sel', EventCategory.DATA, [C.equalTo(F.RESOURCES_TYPE, ['S3::Object'])]),
      "'resources.type' must look like 'AWS::Service::Type', got 'S3::Object'"],
    ['resources.ARN equalTo without arn:', data(C.equalTo(F.RESOURCES_ARN, ['payments'])),
      "'resources.ARN' with equalTo/notEqualTo must be a whole ARN ('arn:partition:service:region:account:resource', not ending in '/'), got 'payments'; use startsWith/notStartsWith for a prefix"],
    ['resources.ARN equalTo a bucket prefix', data(C.equalTo(F.RESOURCES_ARN, ['arn:aws:s3:::payments/'])),
      "'resources.ARN' with equalTo/notEqualTo must be a whole ARN ('arn:partition:service:region:account:resource', not ending in '/'), got 'arn:aws:s3:::payments/'"],
    ['resources.ARN equalTo a partial ARN', data(C.equalTo(F.RESOURCES_ARN, ['arn:aws:lambda:us-east-1'])),
      "'resources.ARN' with equalTo/notEqualTo must be a whole ARN ('arn:partition:service:region:account:resource', not ending in '/'), got 'arn:aws:lambda:us-east-1'"],
    ['resources.ARN with an unknown partition', data(C.startsWith(F.RESOURCES_ARN, ['arn:amazon:s3:::payments/'])),
      "'resources.ARN' names the unknown partition 'amazon' in 'arn:amazon:s3:::payments/'; use 'aws', 'aws-cn' or 'aws-us-gov'"],
    ['resources.ARN notEqualTo without arn:', data(C.notEqualTo(F.RESOURCES_ARN, ['function:payments'])),
      "'resources.ARN' with equalTo/notEqualTo must be a whole ARN ('arn:partition:service:region:account:resource', not ending in '/'), got 'function:payments'; use startsWith/notStartsWith for a prefix"],
    ["errorCode 'AccessDenied'", network(C.equalTo(F.ERROR_CODE, ['AccessDenied'])),
      "'errorCode' only takes 'VpceAccessDenied', got 'AccessDenied'"],
    ["a network eventSource 'kms'", EventSelector.networkActivityEvents({ name: 'Net sel', eventSource: 'kms' }),
      "'eventSource' must be a service endpoint such as 'kms.amazonaws.com', got 'kms'"],
    ["a network eventSource 'KMS.amazonaws.com'", EventSelector.networkActivityEvents({ name: 'Net sel', eventSource: 'KMS.amazonaws.com' }),
      "'eventSource' must be a service endpoint such as 'kms.amazonaws.com', got 'KMS.amazonaws.com'"],
    ['a data selector without resources.type', EventSelector.custom('Data sel', EventCategory.DATA, [C.equalTo(F.EVENT_NAME, ['PutObject'])]),
      "needs exactly one 'resources.type' condition with one value (add a selector per resource type)"],
    ['two resources.type conditions', data(C.equalTo(F.RESOURCES_TYPE, ['AWS::S3::Object'])),
      "needs exactly one 'resources.type' condition with one value (add a selector per resource type)"],
    ['two values in resources.type', EventSelector.custom('Data sel', EventCategory.DATA, [C.equalTo(F.RESOURCES_TYPE, ['AWS::S3::Object', 'AWS::Lambda::Function'])]),
      "needs exactly one 'resources.type' condition with one value (add a selector per resource type)"],
    ['a network selector without eventSource', EventSelector.custom('Net sel', EventCategory.NETWORK_ACTIVITY, [C.equalTo(F.EVENT_NAME, ['Decrypt'])]),
      "needs exactly one 'eventSource' condition with one value (one service per network activity selector), got none; add a selector per service"],
    ['a network selector with two eventSources', EventSelector.custom('Net sel', EventCategory.NETWORK_ACTIVITY, [C.equalTo(F.EVENT_SOURCE, ['kms.amazonaws.com', 's3.amazonaws.com'])]),
      "needs exactly one 'eventSource' condition with one value (one service per network activity selector), got 'kms.amazonaws.com', 's3.amazonaws.com'; add a selector per service"],
    ["an S3 prefix without a trailing '/' ('arn:aws:s3:::logs')", s3(C.startsWith(F.RESOURCES_ARN, ['arn:aws:s3:::logs'])),
      "'resources.ARN' prefix 'arn:aws:s3:::logs' ends at a bucket name, so it also matches every bucket whose name starts with it; end it with '/' ('arn:aws:s3:::logs/')"],
    ["an S3 exclusion without a trailing '/'", s3(C.notStartsWith(F.RESOURCES_ARN, ['arn:aws-us-gov:s3:::noisy'])),
      "'resources.ARN' prefix 'arn:aws-us-gov:s3:::noisy' ends at a bucket name, so it also matches every bucket whose name starts with it; end it with '/' ('arn:aws-us-gov:s3:::noisy/')"],
  ])('%s', (_label, selector, message) => {
    const problems = selectorProblems(selector);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  test('reports every problem of a selector, not only the first', () => {
    const problems = selectorProblems(EventSelector.custom('', EventCategory.DATA, [
      C.startsWith(F.READ_ONLY, ['yes']),
      C.equalTo(F.ERROR_CODE, ['VpceAccessDenied']),
    ]));
    expect(problems).toEqual([
      'needs a name of 1-1000 characters (it has 0)',
      "uses StartsWith on 'readOnly', which only takes Equals",
      "'readOnly' takes 'true' or 'false', got 'yes'",
      "uses 'errorCode', which Data selectors of a trail do not accept (it applies to NetworkActivity events)",
      "needs exactly one 'resources.type' condition with one value (add a selector per resource type), e.g. EventSelector.dataEvents({ resourceType: DataResourceType.S3_OBJECT, ... })",
    ]);
  });

  test('a duplicate is reported once per extra copy', () => {
    const problems = selectorProblems(data(C.equalTo(F.EVENT_NAME, ['Invoke', 'Invoke', 'Invoke'])));
    expect(problems).toEqual([
      "lists 'Invoke' twice under Equals on 'eventName'",
      "lists 'Invoke' twice under Equals on 'eventName'",
    ]);
  });
});

describe('selectorProblems and tokens', () => {
  test('skips the value checks on unresolved values (a function ARN from another resource)', () => {
    const arn = `arn:${Aws.PARTITION}:lambda:us-east-1:111111111111:function:payments`;
    expect(selectorProblems(data(C.equalTo(F.RESOURCES_ARN, [Aws.ACCOUNT_ID, arn])))).toEqual([]);
  });

  test.each<[string, FieldCondition, RegExp]>([
    ['a wildcard after a token', C.equalTo(F.RESOURCES_ARN, [`arn:${Aws.PARTITION}:lambda:us-east-1:111111111111:function:*`]),
      /uses '\*' in 'arn:\$\{Token\}:lambda:us-east-1:111111111111:function:\*' on 'resources.ARN', but CloudTrail matches '\*' literally/],
    ['a wildcard around a token value', C.notEqualTo(F.USER_IDENTITY_ARN, [`${Aws.ACCOUNT_ID}*`]), /uses '\*' in '\$\{Token\}\*' on 'userIdentity.arn'/],
    ['a prefix-shaped token value in equalTo', C.equalTo(F.RESOURCES_ARN, [`arn:${Aws.PARTITION}:s3:::${Aws.ACCOUNT_ID}-logs/`]),
      /'resources.ARN' with equalTo\/notEqualTo must be a whole ARN, but 'arn:\$\{Token\}:s3:::\$\{Token\}-logs\/' ends in '\/'/],
    ['an unknown literal partition before a token', C.startsWith(F.RESOURCES_ARN, [`arn:awz:s3:::${Aws.ACCOUNT_ID}-logs/`]),
      /'resources.ARN' names the unknown partition 'awz' in 'arn:awz:s3:::\$\{Token\}-logs\/'/],
  ])('checks the literal parts of a value holding tokens: %s', (_name, condition, message) => {
    const problems = selectorProblems(data(condition));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test.each<[string, FieldCondition]>([
    ['a whole ARN built from tokens', C.equalTo(F.RESOURCES_ARN, [`arn:${Aws.PARTITION}:dynamodb:${Aws.REGION}:${Aws.ACCOUNT_ID}:table/orders`])],
    ['a prefix built from tokens in startsWith', C.startsWith(F.RESOURCES_ARN, [`arn:${Aws.PARTITION}:s3:::${Aws.ACCOUNT_ID}-logs/`])],
    ['a literal partition aws-us-gov before a token', C.startsWith(F.RESOURCES_ARN, [`arn:aws-us-gov:s3:::${Aws.ACCOUNT_ID}-logs/`])],
  ])('accepts %s', (_name, condition) => {
    expect(selectorProblems(data(condition))).toEqual([]);
  });

  test("an S3 prefix without a trailing '/' is rejected with a partition token too", () => {
    const problems = selectorProblems(s3(C.startsWith(F.RESOURCES_ARN, [`arn:${Aws.PARTITION}:s3:::logs`])));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/'resources\.ARN' prefix .* ends at a bucket name/);
  });
});
