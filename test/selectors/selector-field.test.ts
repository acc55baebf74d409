import { Lazy } from 'aws-cdk-lib';
import { ConditionOperator, FieldCondition, SelectorField } from '../../src/selectors/selector-field';

describe('SelectorField', () => {
  test.each([
    [SelectorField.EVENT_CATEGORY, 'eventCategory'],
    [SelectorField.EVENT_SOURCE, 'eventSource'],
    [SelectorField.EVENT_NAME, 'eventName'],
    [SelectorField.EVENT_TYPE, 'eventType'],
    [SelectorField.READ_ONLY, 'readOnly'],
    [SelectorField.RESOURCES_TYPE, 'resources.type'],
    [SelectorField.RESOURCES_ARN, 'resources.ARN'],
    [SelectorField.USER_IDENTITY_ARN, 'userIdentity.arn'],
    [SelectorField.SESSION_CREDENTIAL_FROM_CONSOLE, 'sessionCredentialFromConsole'],
    [SelectorField.ERROR_CODE, 'errorCode'],
    [SelectorField.VPC_ENDPOINT_ID, 'vpcEndpointId'],
  ])('the constant for %p is spelled %p as in the CloudTrail API', (field, name) => {
    expect(field.name).toBe(name);
  });

  test.each([
    ['a documented field', 'eventName'],
    ['a dotted field with an underscore', 'resources.some_new_field'],
    ['digits', 'field2'],
    ['1000 characters', 'a'.repeat(1000)],
    ['a single character', 'x'],
  ])('of() accepts %s', (_label, name) => {
    expect(SelectorField.of(name).name).toBe(name);
  });

  test('of() passes an unresolved token through', () => {
    const name = Lazy.string({ produce: () => 'eventName' });
    expect(SelectorField.of(name).name).toBe(name);
  });

  test.each([
    ['an empty string', ''],
    ['a space', 'event name'],
    ['a hyphen', 'event-name'],
    ['a wildcard', 'event*'],
    ['a colon', 'resources:type'],
    ['1001 characters', 'a'.repeat(1001)],
  ])('of() rejects %s, naming the argument and the value', (_label, name) => {
    expect(() => SelectorField.of(name)).toThrow(
      `'SelectorField.of(name)' must be 1-1000 letters, digits, '_' or '.', got '${name}'.`,
    );
  });
});

describe('FieldCondition', () => {
  test.each([
    ['equalTo', FieldCondition.equalTo, ConditionOperator.EQUALS, 'Equals'],
    ['startsWith', FieldCondition.startsWith, ConditionOperator.STARTS_WITH, 'StartsWith'],
    ['endsWith', FieldCondition.endsWith, ConditionOperator.ENDS_WITH, 'EndsWith'],
    ['notEqualTo', FieldCondition.notEqualTo, ConditionOperator.NOT_EQUALS, 'NotEquals'],
    ['notStartsWith', FieldCondition.notStartsWith, ConditionOperator.NOT_STARTS_WITH, 'NotStartsWith'],
    ['notEndsWith', FieldCondition.notEndsWith, ConditionOperator.NOT_ENDS_WITH, 'NotEndsWith'],
  ])('%s keeps the field and values and uses the %p operator (CloudFormation name %p)', (_factory, factory, operator, cfnName) => {
    const condition = factory(SelectorField.EVENT_NAME, ['PutObject', 'DeleteObject']);
    expect(condition.field).toBe(SelectorField.EVENT_NAME);
    expect(condition.operator).toBe(operator);
    expect(condition.operator).toBe(cfnName);
    expect(condition.values).toEqual(['PutObject', 'DeleteObject']);
  });

  test('the six operators are exactly CloudFormation\'s AdvancedFieldSelector properties', () => {
    expect(Object.values(ConditionOperator).sort()).toEqual(
      ['EndsWith', 'Equals', 'NotEndsWith', 'NotEquals', 'NotStartsWith', 'StartsWith'],
    );
  });
});
