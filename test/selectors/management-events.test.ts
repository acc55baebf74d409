import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { managementEventSelector } from '../../src/selectors/management-events';

const { KMS, RDS_DATA_API } = cloudtrail.ManagementEventSources;

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

describe('managementEventSelector excludedSources', () => {
  test('cloudtrail.ManagementEventSources names the two event sources CloudTrail lets a trail exclude', () => {
    expect(cloudtrail.ManagementEventSources.KMS).toBe('kms.amazonaws.com');
    expect(cloudtrail.ManagementEventSources.RDS_DATA_API).toBe('rdsdata.amazonaws.com');
    expect(Object.values(cloudtrail.ManagementEventSources)).toHaveLength(2);
  });

  test('an empty list adds no eventSource condition', () => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.ALL, [])).toEqual({
      name: 'Management events',
      fieldSelectors: [MANAGEMENT],
    });
  });

  test.each([
    [[cloudtrail.ManagementEventSources.KMS], ['kms.amazonaws.com']],
    [[cloudtrail.ManagementEventSources.RDS_DATA_API], ['rdsdata.amazonaws.com']],
    [[cloudtrail.ManagementEventSources.RDS_DATA_API, cloudtrail.ManagementEventSources.KMS], ['rdsdata.amazonaws.com', 'kms.amazonaws.com']],
    [[cloudtrail.ManagementEventSources.KMS, cloudtrail.ManagementEventSources.KMS], ['kms.amazonaws.com']],
  ])('%p adds eventSource NotEquals %p (deduplicated, in order)', (sources, notEquals) => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.ALL, sources)).toEqual({
      name: 'Management events',
      fieldSelectors: [MANAGEMENT, { field: 'eventSource', notEquals }],
    });
  });

  test('the exclusion follows readOnly on a write-only selector', () => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.WRITE_ONLY, [cloudtrail.ManagementEventSources.KMS])).toEqual({
      name: 'Management events (write-only)',
      fieldSelectors: [MANAGEMENT, { field: 'readOnly', equalTo: ['false'] }, { field: 'eventSource', notEquals: ['kms.amazonaws.com'] }],
    });
  });

  test('NONE renders no selector whatever is excluded', () => {
    expect(managementEventSelector(cloudtrail.ReadWriteType.NONE, [cloudtrail.ManagementEventSources.KMS])).toBeUndefined();
  });

  test.each([
    's3.amazonaws.com',
    'kms',
    'KMS',
    '',
  ])('rejects the source %p, naming excludeManagementEventSources and the value', (source) => {
    expect(() => managementEventSelector(cloudtrail.ReadWriteType.ALL, [KMS, source as cloudtrail.ManagementEventSources])).toThrow(
      `'excludeManagementEventSources' may only name cloudtrail.ManagementEventSources.KMS or RDS_DATA_API (CloudTrail accepts no others), got '${source}'.`,
    );
  });

  test('renders as CloudFormation {Field: eventSource, NotEquals}', () => {
    const stack = new Stack(new App(), 'Stack');
    new cloudtrail.CfnTrail(stack, 'Trail', {
      isLogging: true,
      s3BucketName: 'archive-bucket',
      advancedEventSelectors: [
        managementEventSelector(cloudtrail.ReadWriteType.ALL, [KMS, RDS_DATA_API])!,
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: [Match.objectEquals({
        Name: 'Management events',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'eventSource', NotEquals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
        ],
      })],
    });
  });
});
