import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { InsightType, OrganizationTrail } from '../../src';
import { Alert, AlertPack } from '../../src/alerts/catalog';
import { GlobalServiceAlertPlacement } from '../../src/alerts/event-rules';
import { TrailAlerts, TrailAlertsProps } from '../../src/alerts/trail-alerts';

const ENV = { account: '111111111111', region: 'us-east-1' };
const BASE = { organizationId: 'o-a1b2c3d4e5', trailName: 'org-trail', keyArn: 'arn:aws:kms:us-east-1:111111111111:key/k', bucketName: 'archive' };

function build(props: Partial<TrailAlertsProps> = {}, env = ENV): { stack: Stack; alerts: TrailAlerts } {
  const stack = new Stack(new App(), 'Alerts', { env });
  const logGroup = new logs.LogGroup(stack, 'Logs');
  const alerts = new TrailAlerts(stack, 'TrailAlerts', { ...BASE, logGroup, ...props });
  return { stack, alerts };
}

describe('TrailAlerts', () => {
  test('defaults: the whole catalog plus the three tampering alerts, as alarms and rules on one topic', () => {
    const { stack, alerts } = build();
    const expectedIds = [...AlertPack.ALL.alerts.map((alert) => alert.id), 'trail-tampering', 'trail-key-tampering', 'archive-bucket-policy-changes'];
    expect(alerts.alerts.map((alert) => alert.id)).toEqual(expectedIds);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::Logs::MetricFilter', Object.keys(alerts.metricFilterAlarms!.metricFilters).length);
    template.resourceCountIs('AWS::Events::Rule', Object.keys(alerts.eventRules!.rules).length);
    expect(Object.keys(alerts.metricFilterAlarms!.metricFilters)).toEqual(expect.arrayContaining(['trail-tampering', 'root-account-usage']));
    template.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    expect(alerts.fanout).toBeUndefined();
  });

  test('tampering can be left out, and single alerts chosen', () => {
    const { alerts } = build({ alerts: [Alert.ROOT_ACCOUNT_USAGE], tampering: false });
    expect(alerts.alerts.map((alert) => alert.id)).toEqual(['root-account-usage']);
  });

  test('metric-filter alarms and rules can each be turned off', () => {
    const { stack, alerts } = build({ metricFilterAlarms: false, eventRules: false });
    expect(alerts.metricFilterAlarms).toBeUndefined();
    expect(alerts.eventRules).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
  });

  test('e-mail addresses subscribe to the topic', () => {
    const { stack } = build({ emailAddresses: ['security@example.com'] });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
  });

  test('the organization fan-out is created when configured', () => {
    const { stack, alerts } = build({ organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1', 'eu-west-1'] } });
    expect(alerts.fanout).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
    });
  });

  test('a tampering alert listed by hand as well is an error naming alerts.alerts', () => {
    expect(() => build({ alerts: [Alert.trailTampering({ trailName: 'org-trail' })] }))
      .toThrow(/'alerts.alerts' lists trail-tampering more than once/);
  });

  test('metric-filter alarms without a log group are an error naming cloudWatchLogs', () => {
    const stack = new Stack(new App(), 'NoLogs', { env: ENV });
    expect(() => new TrailAlerts(stack, 'TrailAlerts', BASE)).toThrow(/'alerts.metricFilterAlarms' needs CloudWatch Logs delivery, but 'cloudWatchLogs' is false/);
  });

  test('global-service alerts outside us-east-1 follow globalServiceAlerts', () => {
    expect(() => build({}, { account: '111111111111', region: 'eu-west-1' })).toThrow(/us-east-1/);
    const { stack } = build({ globalServiceAlerts: GlobalServiceAlertPlacement.SKIP_WITH_WARNING }, { account: '111111111111', region: 'eu-west-1' });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('us-east-1'));
  });
});

describe('OrganizationTrail with alerts', () => {
  function trailStack(props: object): Stack {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', archiveQuery: false, ...props });
    return stack;
  }

  test('tampering alerts watch this trail by name and its key and bucket', () => {
    const template = Template.fromStack(trailStack({ alerts: { alerts: [] } }));
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterName: 'trail-tampering',
      LogGroupName: { Ref: Match.stringLikeRegexp('^OrgTrailCloudWatchDeliveryLogGroup') },
      FilterPattern: Match.stringLikeRegexp('organization-trail'),
    });
  });

  test('Insights alerts without Insights warn that they can never fire', () => {
    const annotations = Annotations.fromStack(trailStack({ alerts: { alerts: AlertPack.INSIGHTS.alerts } }));
    annotations.hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('can never fire'));
  });

  test('Insights alerts with Insights on do not warn', () => {
    const annotations = Annotations.fromStack(trailStack({
      alerts: { alerts: AlertPack.INSIGHTS.alerts },
      insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE],
    }));
    annotations.hasNoWarning('/Audit/OrgTrail', Match.stringLikeRegexp('can never fire'));
  });

  test('alerts with CloudWatch Logs off need metricFilterAlarms false', () => {
    expect(() => trailStack({ cloudWatchLogs: false, alerts: {} })).toThrow(/'alerts.metricFilterAlarms' needs CloudWatch Logs delivery/);
    const template = Template.fromStack(trailStack({ cloudWatchLogs: false, alerts: { metricFilterAlarms: false } }));
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    expect(Object.keys(template.findResources('AWS::Events::Rule')).length).toBeGreaterThan(0);
  });
});

test('the fan-out leaves tampering alerts to the management account, where the trail lives', () => {
  const { alerts } = build({ organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'] } });
  const template = JSON.stringify(Stack.of(alerts).resolve(alerts.fanout!.stackSet.templateBody));
  expect(template).toContain('root-account-usage');
  expect(template).not.toContain('trail-tampering');
  expect(template).not.toContain('archive-bucket-policy-changes');
});
