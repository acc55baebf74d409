import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { InsightType, OrganizationTrail } from '../../src';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert } from '../../src/alerts/catalog';
import { GlobalServiceAlertPlacement } from '../../src/alerts/event-rules';
import { METRIC_FILTERS_PER_LOG_GROUP, RULES_PER_EVENT_BUS } from '../../src/alerts/limits';
import { TrailAlerts, TrailAlertsProps } from '../../src/alerts/trail-alerts';
import { envelope, fixture } from '../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../util/event-pattern-evaluator';
import { exampleApp } from '../util/example-app';
import { matchesMetricFilter } from '../util/metric-filter-evaluator';

const ENV = { account: '111111111111', region: 'us-east-1' };
const BASE = { organizationId: 'o-a1b2c3d4e5', trailName: 'org-trail', keyArn: 'arn:aws:kms:us-east-1:111111111111:key/k', bucketName: 'archive' };

function build(props: Partial<TrailAlertsProps> = {}, env = ENV): { stack: Stack; alerts: TrailAlerts } {
  const stack = new Stack(new App(), 'Alerts', { env });
  const logGroup = new logs.LogGroup(stack, 'Logs');
  const alerts = new TrailAlerts(stack, 'TrailAlerts', { ...BASE, logGroup, ...props });
  return { stack, alerts };
}

describe('TrailAlerts', () => {
  test('defaults: the baseline pack plus the tampering alerts for what the props name, as alarms and rules on one topic', () => {
    const { stack, alerts } = build();
    const expectedIds = [
      ...AlertPack.BASELINE.alerts.map((alert) => alert.id),
      'trail-tampering', 'any-trail-logging-changes', 'trail-key-tampering', 'archive-bucket-tampering', 'log-group-tampering', 'alerting-tampering',
    ];
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
    const { alerts } = build({ pack: AlertPack.of('chosen', [Alert.ROOT_ACCOUNT_USAGE]), tampering: false });
    expect(alerts.alerts.map((alert) => alert.id)).toEqual(['root-account-usage']);
  });

  test('metric-filter alarms and rules can each be turned off', () => {
    const noAlarms = build({ metricFilterAlarms: false });
    expect(noAlarms.alerts.metricFilterAlarms).toBeUndefined();
    Template.fromStack(noAlarms.stack).resourceCountIs('AWS::Logs::MetricFilter', 0);
    const noRules = build({ eventRules: false });
    expect(noRules.alerts.eventRules).toBeUndefined();
    Template.fromStack(noRules.stack).resourceCountIs('AWS::Events::Rule', 0);
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

  test('a tampering alert listed by hand as well is an error naming pack and additionalAlerts', () => {
    expect(() => build({ additionalAlerts: [Alert.trailTampering({ trailName: 'org-trail' })] }))
      .toThrow(/'pack' and 'additionalAlerts' list 'trail-tampering' more than once \(tampering alerts are added by 'tampering'\)/);
  });

  test('the access-log bucket and archive object deletions are watched when given', () => {
    const { stack, alerts } = build({ accessLogsBucketName: 'archive-logs', archiveEventBridgeNotifications: true });
    expect(alerts.alerts.map((alert) => alert.id)).toEqual(expect.arrayContaining(['access-logs-bucket-tampering', 'archive-object-deleted']));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'org-trail-archive-object-deleted',
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Deleted'],
        'detail': { bucket: { name: ['archive'] }, reason: [{ 'anything-but': 'Lifecycle Expiration' }] },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'org-trail-access-logs-bucket-tampering',
      EventPattern: Match.objectLike({ detail: Match.objectLike({ requestParameters: { bucketName: ['archive-logs'] } }) }),
    });
    // EventBridge-only: no metric filter for object deletions.
    expect(Object.keys(alerts.metricFilterAlarms!.metricFilters)).not.toContain('archive-object-deleted');
  });

  test('alarms and rules are named <trailName>-<alert id> by default', () => {
    const { stack } = build();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'org-trail-root-account-usage' });
    template.hasResourceProperties('AWS::Events::Rule', { Name: 'org-trail-root-account-usage' });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterName: 'alerting-tampering',
      FilterPattern: Match.stringLikeRegexp('\\$\\.requestParameters\\.name = "org-trail-\\*"'),
    });
  });

  test('namePrefix overrides the prefix', () => {
    const { stack } = build({ namePrefix: 'audit.' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'audit.root-account-usage' });
    template.hasResourceProperties('AWS::Events::Rule', { Name: 'audit.trail-tampering' });
  });

  test.each([
    ['empty', ''],
    ['33 characters', 'p'.repeat(33)],
    ['a slash', 'org/trail-'],
    ['a space', 'org trail-'],
  ])('a namePrefix that is %s is an error naming namePrefix', (_name, namePrefix) => {
    expect(() => build({ namePrefix })).toThrow(new RegExp(`^'namePrefix' must be 1-32 letters, digits, '.', '-' or '_' .*got '${namePrefix}'`));
  });

  test('a namePrefix of 32 characters is accepted', () => {
    expect(() => build({ namePrefix: 'p'.repeat(32) })).not.toThrow();
  });

  test('a token trail name needs an explicit namePrefix', () => {
    const trailName = Lazy.string({ produce: () => 'org-trail' });
    expect(() => build({ trailName })).toThrow(/^'namePrefix' must be set when 'trailName' is not known at synth time \(got a token\)/);
    expect(() => build({ trailName, namePrefix: 'org-trail-' })).not.toThrow();
  });

  test('long trail names and long alert ids give stable names within the 64 characters of a rule name', () => {
    const trailName = 'a-very-long-organization-trail-name-for-the-audit-account';
    const longId = Alert.custom({ id: 'x'.repeat(48), title: 'Long', eventPattern: { source: ['aws.s3'] }, metricFilterPattern: '{ $.eventSource = "s3.amazonaws.com" }' });
    const names = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')).map((rule) => rule.Properties.Name as string);
    const first = names(build({ trailName, pack: AlertPack.of('chosen', [longId]) }).stack);
    const second = names(build({ trailName, pack: AlertPack.of('chosen', [longId]) }).stack);
    expect(first).toEqual(second);
    for (const name of first) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^a-very-long-organizati-[0-9a-f]{8}-/);
      expect(name).toMatch(/^[.\-_A-Za-z0-9]+$/);
    }
    expect(new Set(first).size).toEqual(first.length);
    expect(first.find((name) => name.includes('xxxx'))).toMatch(/^a-very-long-organizati-[0-9a-f]{8}-x+-[0-9a-f]{8}$/);
  });

  test('the alarm and rule tamper alert is not blind: it matches every alarm and rule the component creates', () => {
    const { stack, alerts } = build();
    const template = Template.fromStack(stack);
    const alerting = alerts.alerts.find((alert) => alert.id === 'alerting-tampering')!;
    const alarmNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.AlarmName as string);
    const ruleNames = Object.values(template.findResources('AWS::Events::Rule')).map((rule) => rule.Properties.Name as string);
    expect(alarmNames).toContain('org-trail-alerting-tampering');
    expect(ruleNames).toContain('org-trail-alerting-tampering');
    const deleteAlarms = fixture('cloudwatch-delete-alarms-component').record!;
    const disableRule = fixture('events-disable-rule-component').record!;
    for (const name of alarmNames) {
      const record = { ...deleteAlarms, requestParameters: { alarmNames: [name] } };
      expect(matchesEventPattern(alerting.eventPattern!, envelope(record))).toBe(true);
      expect(matchesMetricFilter(alerting.metricFilterPattern!, record)).toBe(true);
    }
    for (const name of ruleNames) {
      const record = { ...disableRule, requestParameters: { name } };
      expect(matchesEventPattern(alerting.eventPattern!, envelope(record))).toBe(true);
      expect(matchesMetricFilter(alerting.metricFilterPattern!, record)).toBe(true);
    }
  });

  test('metric-filter alarms without a log group are an error naming metricFilterAlarms and logGroup', () => {
    const stack = new Stack(new App(), 'NoLogs', { env: ENV });
    expect(() => new TrailAlerts(stack, 'TrailAlerts', BASE)).toThrow(/^'metricFilterAlarms' is on by default, but 'logGroup' is not set/);
    expect(() => new TrailAlerts(stack, 'Explicit', { ...BASE, metricFilterAlarms: true })).toThrow(/^'metricFilterAlarms' is true, but 'logGroup' is not set/);
    expect(() => new TrailAlerts(stack, 'RulesOnly', { ...BASE, metricFilterAlarms: false })).not.toThrow();
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
    const template = Template.fromStack(trailStack({ alerts: { pack: AlertPack.of('none', []) } }));
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterName: 'trail-tampering',
      LogGroupName: { Ref: Match.stringLikeRegexp('^OrgTrailCloudWatchDeliveryLogGroup') },
      FilterPattern: Match.stringLikeRegexp('organization-trail'),
    });
  });

  test('Insights alerts without Insights warn that they can never fire', () => {
    const annotations = Annotations.fromStack(trailStack({ alerts: { pack: AlertPack.INSIGHTS } }));
    annotations.hasWarning('/Audit/OrgTrail', Match.stringLikeRegexp('can never fire'));
  });

  test('Insights alerts with Insights on do not warn', () => {
    const annotations = Annotations.fromStack(trailStack({
      alerts: { pack: AlertPack.INSIGHTS },
      insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE],
    }));
    annotations.hasNoWarning('/Audit/OrgTrail', Match.stringLikeRegexp('can never fire'));
  });

  test('the default trail: tamper alerts for its key, both buckets, deleted log files, its log group, alarms and rules', () => {
    const stack = trailStack({ alerts: { pack: AlertPack.of('none', []) } });
    const template = Template.fromStack(stack);
    const archiveRef = { Ref: Match.stringLikeRegexp('^OrgTrailArchiveBucket') };
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'organization-trail-archive-object-deleted',
      EventPattern: Match.objectLike({ detail: { bucket: { name: [archiveRef] }, reason: [{ 'anything-but': 'Lifecycle Expiration' }] } }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'organization-trail-archive-bucket-tampering',
      EventPattern: Match.objectLike({ detail: Match.objectLike({ requestParameters: { bucketName: [archiveRef] } }) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'organization-trail-access-logs-bucket-tampering',
      EventPattern: Match.objectLike({ detail: Match.objectLike({ requestParameters: { bucketName: [{ Ref: Match.stringLikeRegexp('^OrgTrailArchiveAccessLogsBucket') }] } }) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'organization-trail-log-group-tampering',
      EventPattern: Match.objectLike({ detail: Match.objectLike({ requestParameters: { logGroupName: [{ Ref: Match.stringLikeRegexp('^OrgTrailCloudWatchDeliveryLogGroup') }] } }) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'organization-trail-trail-key-tampering',
      EventPattern: Match.objectLike({
        detail: Match.objectLike({
          $or: [
            { requestParameters: { keyId: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailKey'), 'Arn'] }, Match.anyValue()] } },
            { resources: { ARN: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailKey'), 'Arn'] }] } },
          ],
        }),
      }),
    });
    for (const filterName of ['trail-key-tampering', 'archive-bucket-tampering', 'access-logs-bucket-tampering', 'log-group-tampering', 'alerting-tampering', 'any-trail-logging-changes']) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterName: filterName });
    }
    template.resourcePropertiesCountIs('AWS::Logs::MetricFilter', { FilterName: 'archive-object-deleted' }, 0);
  });

  test('no object deletion alert when the archive sends no events to EventBridge, or was imported', () => {
    const quiet = Template.fromStack(trailStack({ alerts: { pack: AlertPack.of('none', []) }, archiveEventBridgeNotifications: false }));
    quiet.resourcePropertiesCountIs('AWS::Events::Rule', { Name: 'organization-trail-archive-object-deleted' }, 0);
    quiet.hasResourceProperties('AWS::Events::Rule', { Name: 'organization-trail-archive-bucket-tampering' });

    const stack = new Stack(new App(), 'Imported', { env: ENV });
    new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      archiveQuery: false,
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'existing-archive'),
      alerts: { pack: AlertPack.of('none', []) },
    });
    const imported = Template.fromStack(stack);
    imported.resourcePropertiesCountIs('AWS::Events::Rule', { Name: 'organization-trail-archive-object-deleted' }, 0);
    imported.resourcePropertiesCountIs('AWS::Events::Rule', { Name: 'organization-trail-access-logs-bucket-tampering' }, 0);
    imported.hasResourceProperties('AWS::Events::Rule', {
      Name: 'organization-trail-archive-bucket-tampering',
      EventPattern: Match.objectLike({ detail: Match.objectLike({ requestParameters: { bucketName: ['existing-archive'] } }) }),
    });
  });

  test('alerts with CloudWatch Logs off need metricFilterAlarms false', () => {
    expect(() => trailStack({ cloudWatchLogs: false, alerts: {} })).toThrow(/'alerts.metricFilterAlarms' is on by default and needs CloudWatch Logs delivery, but 'cloudWatchLogs' is false/);
    const template = Template.fromStack(trailStack({ cloudWatchLogs: false, alerts: { metricFilterAlarms: false } }));
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    expect(Object.keys(template.findResources('AWS::Events::Rule')).length).toBeGreaterThan(0);
  });
});

test('the fan-out leaves tampering alerts to the management account, where the trail lives', () => {
  const { alerts } = build({ organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'] } });
  const template = JSON.stringify(Stack.of(alerts).resolve(alerts.fanout!.stackSet.templateBody));
  expect(template).toContain('root-account-usage');
  // Logging changes on any trail happen in member accounts too; the rest watches this account's resources.
  expect(template).toContain('any-trail-logging-changes');
  for (const id of ['[cdk-org-trail:trail-tampering]', 'trail-key-tampering', 'archive-bucket-tampering', 'log-group-tampering', 'alerting-tampering']) {
    expect(template).not.toContain(id);
  }
  // The central rules are named too, so alerting-tampering sees them.
  Template.fromStack(Stack.of(alerts)).hasResourceProperties('AWS::Events::Rule', {
    Name: 'org-trail-root-account-usage',
    EventBusName: Match.anyValue(),
  });
});

test('the example app (every alert plus tampering) stays within the rules-per-bus and filters-per-log-group quotas', () => {
  const app = exampleApp();
  const stack = app.node.children.find((child): child is Stack => child instanceof Stack)!;
  const template = Template.fromStack(stack);
  const rules = Object.values(template.findResources('AWS::Events::Rule'));
  const onDefaultBus = rules.filter((rule) => rule.Properties.EventBusName === undefined);
  expect(onDefaultBus.length).toBeLessThanOrEqual(RULES_PER_EVENT_BUS);
  expect(rules.length - onDefaultBus.length).toBeLessThanOrEqual(RULES_PER_EVENT_BUS);
  expect(Object.keys(template.findResources('AWS::Logs::MetricFilter')).length).toBeLessThanOrEqual(METRIC_FILTERS_PER_LOG_GROUP);
  expect(onDefaultBus.map((rule) => rule.Properties.Name)).toEqual(expect.arrayContaining([
    'org-audit-trail-archive-object-deleted', 'org-audit-trail-alerting-tampering', 'org-audit-trail-any-trail-logging-changes',
  ]));
});

describe('configurations that could never notify fail at synth', () => {
  const metricOnly = Alert.custom({ id: 'metric-only', title: 'Metric only', metricFilterPattern: '{ $.eventName = "X" }' });
  const ruleOnly = Alert.custom({ id: 'rule-only', title: 'Rule only', eventPattern: { source: ['aws.s3'] } });

  test.each<[string, Partial<TrailAlertsProps>, RegExp]>([
    ['every path off', { metricFilterAlarms: false, eventRules: false },
      /^'metricFilterAlarms' and 'eventRules' are both false and 'organizationFanout' is not set, so no alert could ever notify the topic\./],
    ['no alerts and no tampering alerts', { pack: AlertPack.of('none', []), tampering: false },
      /^'pack' and 'additionalAlerts' give no alarm and no rule, so the alarm topic would never be notified \(got \[\], with 'tampering' false\)/],
    ['only rule alerts, rules off', { pack: AlertPack.of('chosen', [ruleOnly]), tampering: false, eventRules: false },
      /^'pack' and 'additionalAlerts' give no alarm and no rule.*\(got 'rule-only', with 'tampering' false\).*metric-filter alarms need a 'metricFilterPattern'\)\.$/],
    ['only metric-filter alerts, alarms off', { pack: AlertPack.of('chosen', [metricOnly]), tampering: false, metricFilterAlarms: false },
      /^'pack' and 'additionalAlerts' give no alarm and no rule.*\(got 'metric-only', with 'tampering' false\).*EventBridge rules need an 'eventPattern'/],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('global-service alerts all skipped outside us-east-1 leave nothing, and fail', () => {
    const props = {
      pack: AlertPack.of('chosen', [Alert.IAM_POLICY_CHANGES]),
      tampering: false,
      metricFilterAlarms: false,
      globalServiceAlerts: GlobalServiceAlertPlacement.SKIP_WITH_WARNING,
    };
    expect(() => build(props, { account: '111111111111', region: 'eu-west-1' })).toThrow(/^'pack' and 'additionalAlerts' give no alarm and no rule.*\(got 'iam-policy-changes'/);
  });

  test.each<[string, Partial<TrailAlertsProps>]>([
    ['rules only', { metricFilterAlarms: false }],
    ['alarms only', { eventRules: false }],
    ['one alert on one path', { pack: AlertPack.of('chosen', [ruleOnly]), tampering: false, metricFilterAlarms: false }],
    ['tampering alerts alone', { pack: AlertPack.of('none', []) }],
    ['the fan-out alone', { metricFilterAlarms: false, eventRules: false, organizationFanout: { organizationalUnitIds: ['r-a1b2'], regions: ['us-east-1'] } }],
  ])('%s is accepted', (_name, props) => {
    expect(() => build(props)).not.toThrow();
  });

  test('through OrganizationTrail the messages name the alerts options', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    const alerts = { metricFilterAlarms: false, eventRules: false };
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', archiveQuery: false, alerts }))
      .toThrow(/^'alerts\.metricFilterAlarms' and 'alerts\.eventRules' are both false and 'alerts\.organizationFanout' is not set/);
  });
});

describe('standalone TrailAlerts names its own props; through OrganizationTrail, the alerts options', () => {
  function facade(alerts: object): void {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', archiveQuery: false, alerts });
  }

  test.each<[string, Partial<TrailAlertsProps>, string, string]>([
    ['namePrefix', { namePrefix: 'org trail-' }, '\'namePrefix\' must be 1-32', '\'alerts.namePrefix\' must be 1-32'],
    ['emailAddresses', { emailAddresses: ['not-an-address'] }, '\'emailAddresses\' must hold one e-mail address per entry', '\'alerts.emailAddresses\' must hold one e-mail address per entry'],
    ['metricNamespace', { metricNamespace: 'AWS/Trail' }, '\'metricNamespace\' must not start with \'AWS/\'', '\'alerts.metricNamespace\' must not start with \'AWS/\''],
    ['duplicate alerts', { pack: AlertPack.CIS, additionalAlerts: [Alert.ROOT_ACCOUNT_USAGE] },
      '\'pack\' and \'additionalAlerts\' list \'root-account-usage\' more than once', '\'alerts.pack\' and \'alerts.additionalAlerts\' list \'root-account-usage\' more than once'],
    ['fan-out Regions', { organizationFanout: { organizationalUnitIds: ['r-a1b2'], regions: ['Europe'] } },
      '\'organizationFanout.regions\' must hold Region codes such as \'eu-west-1\', got \'Europe\'', '\'alerts.organizationFanout.regions\' must hold Region codes'],
    ['fan-out OUs', { organizationFanout: { organizationalUnitIds: ['ou-1'], regions: ['us-east-1'] } },
      '\'organizationFanout.organizationalUnitIds\' must hold OU ids', '\'alerts.organizationFanout.organizationalUnitIds\' must hold OU ids'],
  ])('%s', (_name, props, alone, nested) => {
    expect(() => build(props)).toThrow(alone);
    expect(() => build(props)).not.toThrow(nested);
    expect(() => facade(props)).toThrow(nested);
  });

  test('the facade\'s rule alerts name alerts.globalServiceAlerts outside us-east-1', () => {
    const stack = new Stack(new App(), 'Audit', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(() => new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', archiveQuery: false, alerts: {} }))
      .toThrow(/^'alerts\.pack' includes .*set 'alerts\.globalServiceAlerts' to SKIP_WITH_WARNING/);
  });
});
