import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { OrganizationTrail } from '../../src';
import { allowDeliveryNotifications } from '../../src/delivery/delivery-notifications';

const ENV = { account: '111111111111', region: 'us-east-1' };
const ORG_ID = 'o-a1b2c3d4e5';
const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/organization-trail';

function newStack(): Stack {
  return new Stack(new App(), 'Audit', { env: ENV });
}

function trailLogicalId(template: Template): string {
  return Object.keys(template.findResources('AWS::CloudTrail::Trail'))[0];
}

describe('allowDeliveryNotifications', () => {
  test('returns the topic policy the trail must wait for', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    const policies = allowDeliveryNotifications(new Construct(stack, 'Scope'), topic, TRAIL_ARN, 'OrganizationTrail');
    expect(policies).toHaveLength(1);
    expect(policies[0]).toBeInstanceOf(sns.TopicPolicy);
  });

  test('returns nothing for an imported topic, and warns with the statement', () => {
    const stack = newStack();
    const scope = new Construct(stack, 'Scope');
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:us-east-1:111111111111:trail-deliveries');
    expect(allowDeliveryNotifications(scope, topic, TRAIL_ARN, 'OrganizationTrail')).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/Audit/Scope', Match.stringLikeRegexp('cdk-org-trail:TopicPolicyNeedsCloudTrail'));
  });

  test('several key problems are listed under the construct the user called', () => {
    const stack = newStack();
    const masterKey = new kms.Key(stack, 'TopicKey', { keySpec: kms.KeySpec.ECC_NIST_P384, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    const topic = new sns.Topic(stack, 'Topic', { masterKey });
    expect(() => allowDeliveryNotifications(new Construct(stack, 'Scope'), topic, TRAIL_ARN, 'OrganizationTrail'))
      .toThrow(/^Invalid OrganizationTrail configuration:\n- 'snsTopic.masterKey' has keySpec/);
  });
});

describe('through OrganizationTrail (snsTopic)', () => {
  test('gets a topic policy statement scoped to this trail and the trail waits for it', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, snsTopic: topic });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { SnsTopicName: { Ref: Match.stringLikeRegexp('^Topic') } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AWSCloudTrailSNSPolicy',
          Action: 'sns:Publish',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceArn': Match.anyValue() } },
        })]),
      },
    });
    const trail = template.findResources('AWS::CloudTrail::Trail')[trailLogicalId(template)];
    expect(trail.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TopicPolicy/)]));
  });

  test('an encrypted topic\'s key lets CloudTrail publish, only for this trail', () => {
    const stack = newStack();
    const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, snsTopic: new sns.Topic(stack, 'Topic', { masterKey: topicKey }) });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Sid: 'AllowCloudTrailToPublishToEncryptedTopic',
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Condition: { StringEquals: { 'aws:SourceArn': Match.anyValue() } },
          })]),
        },
      },
    });
  });

  test('an imported topic warns with the statement to add', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:us-east-1:111111111111:trail-deliveries');
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, snsTopic: topic });
    Annotations.fromStack(stack).hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('AWSCloudTrailSNSPolicy'));
  });

  test('a topic in another Region is an error naming snsTopic', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:111111111111:trail-deliveries');
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, snsTopic: topic }))
      .toThrow(/'snsTopic' is in Region 'eu-west-1' but the trail's stack is in 'us-east-1'/);
  });

  test('snsTopic: a topic key of the app that is asymmetric is refused', () => {
    const stack = newStack();
    const masterKey = new kms.Key(stack, 'TopicKey', { keySpec: kms.KeySpec.ECC_NIST_P384, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    const snsTopic = new sns.Topic(stack, 'Topic', { masterKey });
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, snsTopic }))
      .toThrow(/'snsTopic.masterKey' has keySpec 'ECC_NIST_P384'[\s\S]*'snsTopic.masterKey' has keyUsage 'SIGN_VERIFY'/);
  });

  test('a topic encrypted with the AWS managed SNS key is an error naming snsTopic', () => {
    const stack = newStack();
    const masterKey = kms.Alias.fromAliasName(stack, 'AwsSns', 'alias/aws/sns');
    const snsTopic = new sns.Topic(stack, 'Topic', { masterKey });
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORG_ID, snsTopic }))
      .toThrow(/'snsTopic.masterKey' is the AWS managed key 'alias\/aws\/sns'/);
  });
});
