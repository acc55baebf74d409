import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { newStack } from './helpers';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert } from '../../src/alerts/catalog';
import { AlertRules, awsSourcedPattern, GlobalServiceAlertPlacement, usesWildcard } from '../../src/alerts/event-rules';
import { RULES_PER_EVENT_BUS, WILDCARD_RULES_PER_EVENT_BUS } from '../../src/alerts/limits';
import { matchesEventPattern } from '../util/event-pattern-evaluator';

function setup(alerts: Alert[], region = 'us-east-1', extra: object = {}) {
  const stack = newStack(region);
  const topic = new sns.Topic(stack, 'Topic');
  const rules = new AlertRules(stack, 'Rules', { alerts, topic, ...extra });
  return { stack, rules, template: () => Template.fromStack(stack) };
}

test('a rule per alert with an event pattern, with its pattern, state, description and the topic as target', () => {
  const { template } = setup(AlertPack.ALL.alerts);
  // Count-over-window alerts have only a metric filter: no rule.
  const withPattern = AlertPack.ALL.alerts.filter((alert) => alert.eventPattern !== undefined);
  expect(withPattern.length).toBeLessThan(AlertPack.ALL.alerts.length);
  template().resourceCountIs('AWS::Events::Rule', withPattern.length);
  template().hasResourceProperties('AWS::Events::Rule', Match.objectEquals({
    Description: '[cdk-org-trail:root-console-sign-in] Root user console sign-in',
    EventPattern: awsSourcedPattern(Alert.ROOT_CONSOLE_SIGN_IN),
    State: 'ENABLED',
    Targets: [{ Id: 'Topic', Arn: { Ref: Match.stringLikeRegexp('^Topic') } }],
  }));
});

test('alerts that must see read-only calls use ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', () => {
  const { template } = setup([Alert.UNAUTHORIZED_API_CALLS, Alert.ROOT_ACCOUNT_USAGE, Alert.VPC_CHANGES]);
  template().resourcePropertiesCountIs('AWS::Events::Rule', { State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }, 2);
  template().resourcePropertiesCountIs('AWS::Events::Rule', { State: 'ENABLED' }, 1);
});

test('the topic policy lets exactly these rules publish', () => {
  const { template } = setup([Alert.VPC_CHANGES]);
  template().hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: {
      Statement: [Match.objectLike({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { ArnEqualsIfExists: { 'aws:SourceArn': [{ 'Fn::GetAtt': [Match.stringLikeRegexp('VpcChanges'), 'Arn'] }] } },
      })],
    },
  });
});

test('every rule requires an AWS source, so a forged event put by a principal never matches', () => {
  const forgedRecord = { eventSource: 'ec2.amazonaws.com', eventName: 'CreateVpc', eventType: 'AwsApiCall', readOnly: false };
  const genuine = { 'detail-type': 'AWS API Call via CloudTrail', 'source': 'aws.ec2', 'detail': forgedRecord };
  const forged = { ...genuine, source: 'custom.ec2' };
  const pattern = awsSourcedPattern(Alert.VPC_CHANGES);
  expect(matchesEventPattern(pattern, genuine)).toBe(true);
  expect(matchesEventPattern(pattern, forged)).toBe(false);
  // The alert as written (no source) would have matched the forged event.
  expect(matchesEventPattern(Alert.VPC_CHANGES.eventPattern!, forged)).toBe(true);
  // Patterns that name their sources keep them.
  expect(awsSourcedPattern(Alert.ROOT_CONSOLE_SIGN_IN).source).toEqual(Alert.ROOT_CONSOLE_SIGN_IN.eventPattern!.source ?? [{ prefix: 'aws.' }]);
});

test('a custom bus', () => {
  const stack = newStack('eu-west-1');
  const bus = new events.EventBus(stack, 'Bus');
  new AlertRules(stack, 'Rules', { alerts: [Alert.IAM_POLICY_CHANGES], topic: new sns.Topic(stack, 'Topic'), eventBus: bus });
  Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventBusName: { Ref: Match.stringLikeRegexp('^Bus') } });
});

describe('global-service alerts outside us-east-1', () => {
  test('fail by default, naming the alerts and the fix', () => {
    expect(() => setup([Alert.IAM_POLICY_CHANGES, Alert.VPC_CHANGES], 'eu-west-1'))
      .toThrow(/'alerts' includes 'iam-policy-changes'.*only in us-east-1, but this stack is in 'eu-west-1'.*'globalServiceAlerts'/);
  });

  test('SKIP_WITH_WARNING leaves out us-east-1-only alerts and keeps the others', () => {
    const { stack, template } = setup([Alert.IAM_POLICY_CHANGES, Alert.ROOT_ACCOUNT_USAGE, Alert.VPC_CHANGES], 'eu-west-1',
      { globalServiceAlerts: GlobalServiceAlertPlacement.SKIP_WITH_WARNING });
    template().resourceCountIs('AWS::Events::Rule', 2);
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp("'iam-policy-changes' left out"));
  });

  test('DEPLOY_WITH_WARNING deploys them all', () => {
    const { stack, template } = setup([Alert.IAM_POLICY_CHANGES], 'eu-west-1', { globalServiceAlerts: GlobalServiceAlertPlacement.DEPLOY_WITH_WARNING });
    template().resourceCountIs('AWS::Events::Rule', 1);
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('miss the events delivered only in us-east-1'));
  });

  test('an env-agnostic stack warns', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new AlertRules(stack, 'Rules', { alerts: [Alert.IAM_POLICY_CHANGES], topic: new sns.Topic(stack, 'Topic') });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('Region is not known at synth'));
  });

  test('regional alerts draw no warning in any Region', () => {
    const { stack } = setup([Alert.VPC_CHANGES], 'eu-west-1');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

test(`${RULES_PER_EVENT_BUS} rules are accepted, one more is not`, () => {
  const alerts = (count: number) => Array.from({ length: count }, (_, index) => Alert.custom({ id: `a-${index}`, title: 'x', eventPattern: { source: [`s${index}`] } }));
  expect(() => setup(alerts(RULES_PER_EVENT_BUS))).not.toThrow();
  expect(() => setup(alerts(RULES_PER_EVENT_BUS + 1))).toThrow(/would create 101 rules on one event bus/);
});

test('without namePrefix the rules keep names generated by CloudFormation', () => {
  const { template } = setup([Alert.VPC_CHANGES]);
  template().hasResourceProperties('AWS::Events::Rule', { Name: Match.absent() });
});

test('namePrefix names each rule <prefix><alert id>', () => {
  const { template } = setup([Alert.VPC_CHANGES, Alert.ROOT_ACCOUNT_USAGE], 'us-east-1', { namePrefix: 'org-trail-' });
  template().hasResourceProperties('AWS::Events::Rule', { Name: 'org-trail-vpc-changes' });
  template().hasResourceProperties('AWS::Events::Rule', { Name: 'org-trail-root-account-usage' });
});

test('an invalid namePrefix is an error naming namePrefix', () => {
  expect(() => setup([Alert.VPC_CHANGES], 'us-east-1', { namePrefix: 'org trail' })).toThrow(/'namePrefix' must be 1-32 letters, digits, '.', '-' or '_'.*got 'org trail'/);
});

describe('rules with wildcard filters (30 per bus, not adjustable)', () => {
  const wildcardAlert = (index: number) => Alert.custom({
    id: `wildcard-${index}`,
    title: 'Wildcard',
    eventPattern: { detailType: ['AWS API Call via CloudTrail'], detail: { userAgent: [{ wildcard: `*tool-${index}*` }] } },
  });
  const plain = Alert.VPC_CHANGES;

  test('30 are accepted, with other rules beside them', () => {
    expect(() => setup([...Array.from({ length: WILDCARD_RULES_PER_EVENT_BUS }, (_, index) => wildcardAlert(index)), plain])).not.toThrow();
  });

  test('31 fail, naming the count and the alerts', () => {
    const alerts = Array.from({ length: WILDCARD_RULES_PER_EVENT_BUS + 1 }, (_, index) => wildcardAlert(index));
    expect(() => setup(alerts)).toThrow(/'alerts' would put 31 rules with wildcard filters on one event bus; EventBridge allows 30 \(not adjustable\). Drop 1 of 'wildcard-0'/);
  });

  test('every pack together stays within the quota', () => {
    expect(AlertPack.ALL.alerts.filter(usesWildcard).length).toBeLessThanOrEqual(WILDCARD_RULES_PER_EVENT_BUS);
    expect(AlertPack.ALL.alerts.filter(usesWildcard).length).toBeGreaterThan(0);
  });
});
