import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { newStack } from './helpers';
import { Alert, AlertPack } from '../../src/alerts/catalog';
import { METRIC_FILTERS_PER_LOG_GROUP } from '../../src/alerts/limits';
import { MetricFilterAlarms } from '../../src/alerts/metric-filter-alarms';

function setup(alerts: Alert[], extra: object = {}) {
  const stack = newStack();
  const logGroup = new logs.LogGroup(stack, 'LogGroup', { logGroupName: 'cloudtrail/org-trail' });
  const topic = new sns.Topic(stack, 'Topic');
  const alarms = new MetricFilterAlarms(stack, 'Alarms', { logGroup, topic, alerts, ...extra });
  return { stack, alarms, template: Template.fromStack(stack) };
}

function customAlerts(count: number): Alert[] {
  return Array.from({ length: count }, (_, index) => Alert.custom({ id: `alert-${index}`, title: `Alert ${index}`, metricFilterPattern: `{ $.eventName = "E${index}" }` }));
}

test('one filter and one alarm per CIS alert, with the exact pattern and the alert id as metric name', () => {
  const { template } = setup(AlertPack.CIS.alerts);
  template.resourceCountIs('AWS::Logs::MetricFilter', 15);
  template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
  template.hasResourceProperties('AWS::Logs::MetricFilter', Match.objectEquals({
    LogGroupName: { Ref: Match.anyValue() },
    FilterName: 'root-account-usage',
    FilterPattern: Alert.ROOT_ACCOUNT_USAGE.metricFilterPattern,
    MetricTransformations: [{ MetricNamespace: 'LogMetrics', MetricName: 'root-account-usage', MetricValue: '1', DefaultValue: 0 }],
  }));
  template.hasResourceProperties('AWS::CloudWatch::Alarm', Match.objectEquals({
    AlarmDescription: '[cdk-org-trail:root-account-usage] Root user activity (CIS 4.3, CloudWatch.1)',
    AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    EvaluationPeriods: 1,
    MetricName: 'root-account-usage',
    Namespace: 'LogMetrics',
    Period: 300,
    Statistic: 'Sum',
    Threshold: 1,
    TreatMissingData: 'notBreaching',
  }));
});

test('namespace, period and extra alarm actions are configurable', () => {
  const stack = newStack();
  const extraTopic = new sns.Topic(stack, 'Extra');
  const logGroup = new logs.LogGroup(stack, 'LogGroup');
  new MetricFilterAlarms(stack, 'Alarms', {
    logGroup,
    topic: new sns.Topic(stack, 'Topic'),
    alerts: [Alert.VPC_CHANGES],
    metricNamespace: 'CISBenchmark',
    period: Duration.minutes(1),
    alarmActions: [{ bind: () => ({ alarmActionArn: extraTopic.topicArn }) } as cloudwatch.IAlarmAction],
  });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'CISBenchmark', Period: 60, AlarmActions: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Extra') }]) });
});

test('alerts without a metric filter are skipped', () => {
  const only = Alert.custom({ id: 'rule-only', title: 'x', eventPattern: { source: ['aws.iam'] } });
  const { template } = setup([only, Alert.VPC_CHANGES]);
  template.resourceCountIs('AWS::Logs::MetricFilter', 1);
});

test(`${METRIC_FILTERS_PER_LOG_GROUP} metric filters are accepted, one more is not`, () => {
  expect(() => setup(customAlerts(METRIC_FILTERS_PER_LOG_GROUP))).not.toThrow();
  expect(() => setup(customAlerts(METRIC_FILTERS_PER_LOG_GROUP + 1))).toThrow(/'alerts' has 101 alerts with a metric filter; CloudWatch Logs allows 100/);
});

test('a period that is not whole minutes is an error', () => {
  expect(() => setup([Alert.VPC_CHANGES], { period: Duration.seconds(90) })).toThrow(/'period' must be a whole number of minutes/);
});
