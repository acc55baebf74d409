import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { managementEventSelector } from '../../src/selectors/management-events';

const MANAGEMENT = { field: 'eventCategory', equalTo: ['Management'] };

describe('managementEventSelector', () => {
  test('ALL records every management event: only eventCategory = Management', () => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.ALL)).toEqual({
      name: 'Management events',
      fieldSelectors: [MANAGEMENT],
    });
  });

  test('READ_ONLY adds readOnly = true', () => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.READ_ONLY)).toEqual({
      name: 'Management events (read-only)',
      fieldSelectors: [MANAGEMENT, { field: 'readOnly', equalTo: ['true'] }],
    });
  });

  test('WRITE_ONLY adds readOnly = false', () => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.WRITE_ONLY)).toEqual({
      name: 'Management events (write-only)',
      fieldSelectors: [MANAGEMENT, { field: 'readOnly', equalTo: ['false'] }],
    });
  });

  test('NONE renders no selector', () => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.NONE)).toBeUndefined();
  });

  test.each([
    ['an unknown string', 'Everything'],
    ['the lowercase form of a member', 'all'],
    ['an empty string', ''],
    ['undefined', undefined],
  ])('rejects %s, naming managementEvents', (_label, value) => {
    expect(() => managementEventSelector(value as unknown as cloudtrail.ReadWriteType)).toThrow(/'managementEvents'/);
  });

  test('the error shows the value and the members', () => {
    expect(() => managementEventSelector('Everything' as cloudtrail.ReadWriteType)).toThrow(
      "'managementEvents' must be a cloudtrail.ReadWriteType (ALL, READ_ONLY, WRITE_ONLY or NONE), got 'Everything'.",
    );
  });

  test.each([
    [cloudtrail.ReadWriteType.ALL, [{ Field: 'eventCategory', Equals: ['Management'] }]],
    [cloudtrail.ReadWriteType.READ_ONLY, [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }]],
    [cloudtrail.ReadWriteType.WRITE_ONLY, [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }]],
  ])('%s renders as CloudFormation FieldSelectors', (readWriteType, fieldSelectors) => {
    const stack = new Stack(new App(), 'Stack');
    new cloudtrail.CfnTrail(stack, 'Trail', {
      isLogging: true,
      s3BucketName: 'archive-bucket',
      advancedEventSelectors: [managementEventSelector(readWriteType)!],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: [Match.objectEquals({ Name: Match.anyValue(), FieldSelectors: fieldSelectors })],
    });
  });
});
