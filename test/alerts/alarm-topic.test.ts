import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { newStack } from './helpers';
import { AlarmTopic } from '../../src/alerts/alarm-topic';

test('default: KMS-encrypted, TLS-only topic; key rotates, is retained, and lets this account\'s alarms and EventBridge publish', () => {
  const stack = newStack();
  const alarmTopic = new AlarmTopic(stack, 'AlarmTopic');
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
  });
  template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true, RotationPeriodInDays: 365 } });
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([{
        Sid: 'AllowAlarmPublishers',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      }, {
        // No source condition: SNS does not support one for EventBridge-to-encrypted topics.
        Sid: 'AllowEventBridgePublishers',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      }]),
    },
  });
  template.resourceCountIs('AWS::SNS::Subscription', 0);
  expect(alarmTopic.topic).toBeDefined();
});

test('e-mail subscriptions', () => {
  const stack = newStack();
  new AlarmTopic(stack, 'AlarmTopic', { emailAddresses: ['a@example.com', 'b@example.com'] });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::SNS::Subscription', 2);
  template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'a@example.com' });
});

test('a given key and topic name; removalPolicy applies to a created key', () => {
  const stack = newStack();
  const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
  const alarmTopic = new AlarmTopic(stack, 'AlarmTopic', { encryptionKey: key, topicName: 'alerts' });
  expect(alarmTopic.encryptionKey).toBe(key);
  Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { TopicName: 'alerts' });
  const other = newStack();
  new AlarmTopic(other, 'AlarmTopic', { removalPolicy: RemovalPolicy.DESTROY });
  Template.fromStack(other).hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
});

test('an imported key draws a warning with the statement to add', () => {
  const stack = newStack();
  const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  new AlarmTopic(stack, 'AlarmTopic', { encryptionKey: key });
  Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('AllowEventBridgePublishers'));
});

test('the default draws no warning', () => {
  const stack = newStack();
  new AlarmTopic(stack, 'AlarmTopic');
  Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
});

test('the topic policy lets this account\'s CloudWatch alarms publish (enforceSSL replaces the default policy)', () => {
  const stack = new Stack(new App(), 'AlarmPublish', { env: { account: '111111111111', region: 'us-east-1' } });
  new AlarmTopic(stack, 'Topic');
  Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:111111111111:alarm:*']] } },
          StringEquals: { 'aws:SourceAccount': '111111111111' },
        },
      })]),
    },
  });
});

describe('bad input fails at synth, naming AlarmTopic\'s props', () => {
  test.each<[string, object, RegExp]>([
    ['a topic name with a space', { topicName: 'bad name' }, /^'topicName' must be 1-256 letters, digits, '-' or '_' \(SNS topic names\), got 'bad name'\. Use e\.g\. 'cloudtrail-alerts'\.$/],
    ['a FIFO topic name', { topicName: 'alerts.fifo' }, /^'topicName' .*no '\.fifo'.*got 'alerts\.fifo'/],
    ['a topic name of 257 characters', { topicName: 't'.repeat(257) }, /^'topicName' must be 1-256/],
    ['an address list in one entry', { emailAddresses: ['a@example.com; b@example.com'] }, /^'emailAddresses' must hold one e-mail address per entry.*got 'a@example\.com; b@example\.com'/],
    ['an address without a domain', { emailAddresses: ['security'] }, /^'emailAddresses' must hold one e-mail address per entry.*got 'security'/],
    ['a duplicate address', { emailAddresses: ['a@example.com', 'a@example.com'] }, /^'emailAddresses' lists 'a@example\.com' twice/],
  ])('%s', (_name, props, message) => {
    expect(() => new AlarmTopic(newStack(), 'AlarmTopic', props)).toThrow(message);
  });

  test('several problems are reported together', () => {
    expect(() => new AlarmTopic(newStack(), 'AlarmTopic', { topicName: 'bad name', emailAddresses: ['x'] }))
      .toThrow(/^Invalid AlarmTopic configuration:\n- 'topicName'[\s\S]*\n- 'emailAddresses'/);
  });

  test.each<[string, object]>([
    ['a topic name of exactly 256 characters', { topicName: 't'.repeat(256) }],
    ['a one-character topic name', { topicName: 't' }],
    ['two addresses', { emailAddresses: ['a@example.com', 'b+trail@mail.example.org'] }],
  ])('%s is accepted', (_name, props) => {
    const stack = newStack();
    expect(() => new AlarmTopic(stack, 'AlarmTopic', props)).not.toThrow();
  });
});
