import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import { LakeEventDataStore, LakeEventDataStoreProps } from '../../src/query/lake-event-data-store';
import { TRAIL_QUERIES } from '../../src/query/named-queries';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

function newStore(props: LakeEventDataStoreProps = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
  const store = new LakeEventDataStore(stack, 'Lake', props);
  return { stack, store };
}

describe('LakeEventDataStore', () => {
  test('default shape: organization, multi-Region, own key, retention, termination protection, management selector', () => {
    const { stack, store } = newStore();
    const keyId = stack.getLogicalId(store.encryptionKey.node.defaultChild as kms.CfnKey);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::CloudTrail::EventDataStore', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectEquals({
        Name: 'organization-events',
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        MultiRegionEnabled: true,
        OrganizationEnabled: true,
        BillingMode: 'EXTENDABLE_RETENTION_PRICING',
        RetentionPeriod: 366,
        TerminationProtectionEnabled: true,
        IngestionEnabled: true,
        AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
      }),
    });
  });

  test('its key lets CloudTrail Lake use it, rotates, and allows grants only to AWS services', () => {
    const { stack } = newStore();
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DenyGrantsExceptForAwsServices', Effect: 'Deny' }),
          { Sid: 'AllowCloudTrailToEncryptEventDataStore', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' },
          { Sid: 'AllowCloudTrailToDescribeEventDataStoreKey', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' },
        ]),
      },
    });
  });

  test('warns that Lake is closed to new customers', () => {
    const { stack } = newStore();
    Annotations.fromStack(stack).hasWarning('/Stack/Lake', Match.stringLikeRegexp('cdk-org-trail:LakeClosedToNewCustomers'));
    Annotations.fromStack(stack).hasWarning('/Stack/Lake', Match.stringLikeRegexp('31 May 2026'));
  });

  test.each([
    [cloudtrail.ReadWriteType.READ_ONLY, [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }]],
    [cloudtrail.ReadWriteType.WRITE_ONLY, [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }]],
  ])('selectors mirror the trail\'s managementEvents %s', (managementEvents, fieldSelectors) => {
    const { stack } = newStore({ managementEvents });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::EventDataStore', {
      AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: fieldSelectors }],
    });
  });

  test('overrides: name, retention, termination protection, removal policy, own key', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new LakeEventDataStore(stack, 'Lake', {
      eventDataStoreName: 'audit.events', retention: Duration.days(3653), terminationProtection: false, removalPolicy: RemovalPolicy.DESTROY, encryptionKey: key,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::CloudTrail::EventDataStore', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Name: 'audit.events', RetentionPeriod: 3653, TerminationProtectionEnabled: false }),
    });
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudTrailToEncryptEventDataStore' })]) },
    });
  });

  test('the shipped questions in Lake SQL, over this store\'s ID', () => {
    const { stack, store } = newStore();
    expect(store.queries.map((query) => query.id)).toEqual(TRAIL_QUERIES.map((query) => query.id));
    const resolved = JSON.stringify(stack.resolve(store.queries[0].queryString));
    expect(resolved).toContain('Fn::Select');
    expect(resolved).toContain('TerminateInstances');
  });
});

describe('bad input fails at synth, naming the prop', () => {
  test.each<[string, LakeEventDataStoreProps, RegExp]>([
    ['eventDataStoreName', { eventDataStoreName: 'ab' }, /'eventDataStoreName' must be 3-128/],
    ['retention too short', { retention: Duration.days(6) }, /'retention' must be a whole number of days from 7 to 3653, got 6 days/],
    ['retention too long', { retention: Duration.days(3654) }, /'retention' must be a whole number of days from 7 to 3653/],
    ['managementEvents NONE', { managementEvents: cloudtrail.ReadWriteType.NONE }, /'managementEvents' must record events, got ReadWriteType\.NONE/],
  ])('%s', (_case, props, message) => {
    expect(() => newStore(props)).toThrow(message);
  });

  test('retention limits are accepted', () => {
    expect(() => newStore({ retention: Duration.days(7) })).not.toThrow();
    expect(() => newStore({ retention: Duration.days(3653) })).not.toThrow();
  });

  test('an imported key it may not use', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
    const key = kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
    expect(() => new LakeEventDataStore(stack, 'Lake', { encryptionKey: key })).toThrow(/'encryptionKey' was imported \(got '.*'\), so this stack cannot let CloudTrail Lake use it/);
  });

  test('a key in another Region', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const key = new kms.Key(other, 'Key');
    const stack = new Stack(app, 'Stack', { env: { account: ACCOUNT, region: REGION } });
    expect(() => new LakeEventDataStore(stack, 'Lake', { encryptionKey: key })).toThrow(/'encryptionKey' is in Region 'eu-west-1'/);
  });
});
