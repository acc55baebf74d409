import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { OrganizationTrail } from '../../src';
import { AlertPack } from '../../src/alerts/alert-pack';
import { AlertSeverity } from '../../src/alerts/catalog';
import { alertsByTopic, severityRouteProblems, topicFor } from '../../src/alerts/severity-routing';
import { TrailAlerts, TrailAlertsProps } from '../../src/alerts/trail-alerts';

const ENV = { account: '111111111111', region: 'us-east-1' };
const BASE = { organizationId: 'o-a1b2c3d4e5', trailName: 'org-trail', keyArn: 'arn:aws:kms:us-east-1:111111111111:key/k', bucketName: 'archive' };
const PAGE = { name: 'page', severities: [AlertSeverity.CRITICAL], subscriptions: [new subscriptions.UrlSubscription('https://events.example.com/page')] };

function build(props: Partial<TrailAlertsProps> = {}): { stack: Stack; alerts: TrailAlerts; template: Template } {
  const stack = new Stack(new App(), 'Alerts', { env: ENV });
  const logGroup = new logs.LogGroup(stack, 'Logs');
  const alerts = new TrailAlerts(stack, 'TrailAlerts', { ...BASE, logGroup, ...props });
  return { stack, alerts, template: Template.fromStack(stack) };
}

/** The logical id of the topic resource each alarm's first action and each rule's target names. */
function topicIds(template: Template, type: 'AWS::CloudWatch::Alarm' | 'AWS::Events::Rule'): Record<string, string> {
  const byAlert: Record<string, string> = {};
  for (const resource of Object.values(template.findResources(type))) {
    const description: string = type === 'AWS::Events::Rule' ? resource.Properties.Description : resource.Properties.AlarmDescription;
    const alertId = /\[cdk-org-trail:([a-z0-9-]+)\]/.exec(description)![1];
    const target = type === 'AWS::Events::Rule' ? resource.Properties.Targets[0].Arn : resource.Properties.AlarmActions[0];
    byAlert[alertId] = target.Ref;
  }
  return byAlert;
}

describe('severity routes', () => {
  test('critical alerts notify the route\'s topic, the others the alarm topic, on both paths', () => {
    const { stack, alerts, template } = build({ severityRoutes: [PAGE] });
    const route = stack.getLogicalId(alerts.routeTopics.page.topic.node.defaultChild as any);
    const main = stack.getLogicalId(alerts.alarmTopic.topic.node.defaultChild as any);
    const critical = alerts.alerts.filter((alert) => alert.severity === AlertSeverity.CRITICAL).map((alert) => alert.id);
    expect(critical).toEqual(expect.arrayContaining(['trail-tampering', 'trail-key-tampering', 'archive-bucket-tampering']));
    for (const type of ['AWS::CloudWatch::Alarm', 'AWS::Events::Rule'] as const) {
      const targets = topicIds(template, type);
      expect(Object.keys(targets).length).toBeGreaterThan(critical.length);
      for (const [alertId, topic] of Object.entries(targets)) {
        expect({ alertId, topic }).toEqual({ alertId, topic: critical.includes(alertId) ? route : main });
      }
    }
  });

  test('each topic\'s policy admits exactly the rules that notify it', () => {
    const { stack, alerts, template } = build({ severityRoutes: [PAGE] });
    const ruleIds = Object.fromEntries(Object.entries(alerts.eventRules!.rules).map(([alertId, rule]) => [alertId, stack.getLogicalId(rule)]));
    for (const [topic, expectedAlerts] of [
      [alerts.routeTopics.page.topic, alerts.alerts.filter((alert) => alert.severity === AlertSeverity.CRITICAL)],
      [alerts.alarmTopic.topic, alerts.alerts.filter((alert) => alert.severity !== AlertSeverity.CRITICAL)],
    ] as const) {
      const topicId = stack.getLogicalId(topic.node.defaultChild as any);
      const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'))
        .filter((policy) => JSON.stringify(policy.Properties.Topics) === JSON.stringify([{ Ref: topicId }]));
      expect(policies).toHaveLength(1);
      const statement = policies[0].Properties.PolicyDocument.Statement.find((candidate: any) => candidate.Principal?.Service === 'events.amazonaws.com');
      const admitted = statement.Condition.ArnEqualsIfExists['aws:SourceArn'].map((arn: any) => arn['Fn::GetAtt'][0]).sort();
      expect(admitted).toEqual(expectedAlerts.map((alert) => ruleIds[alert.id]).sort());
    }
  });

  test('the route topic is encrypted, TLS-only and subscribed as asked', () => {
    const { template } = build({ severityRoutes: [{ ...PAGE, emailAddresses: ['oncall@example.com'] }] });
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://events.example.com/page' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('the fan-out\'s central rules are routed too', () => {
    const { stack, alerts } = build({
      pack: AlertPack.CIS,
      severityRoutes: [{ name: 'high', severities: [AlertSeverity.HIGH] }],
      organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'] },
    });
    const route = stack.resolve(alerts.routeTopics.high.topic.topicArn);
    const central = alerts.fanout!.centralRules.rules;
    const highAlerts = alerts.alerts.filter((alert) => alert.severity === AlertSeverity.HIGH && central[alert.id] !== undefined);
    expect(highAlerts.length).toBeGreaterThan(0);
    for (const alert of highAlerts) {
      expect(stack.resolve((central[alert.id].targets as any)[0].arn)).toEqual(route);
    }
  });

  test('OrganizationTrail sends the integrity validator\'s alarm to the CRITICAL route', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    const trail = new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      alerts: { pack: AlertPack.CIS, severityRoutes: [PAGE] },
      integrityValidation: {},
    });
    const route = stack.getLogicalId(trail.alerts!.routeTopics.page.topic.node.defaultChild as any);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('log file validator'),
      AlarmActions: [{ Ref: route }],
    });
  });

  test.each([
    ['a severity in two routes', [PAGE, { name: 'other', severities: [AlertSeverity.CRITICAL, AlertSeverity.HIGH] }], /'severityRoutes' routes CRITICAL more than once/],
    ['a route without severities', [{ name: 'empty', severities: [] }], /'severityRoutes\[0\].severities' must name at least one AlertSeverity, got \[\]/],
    ['a bad route name', [{ name: 'on call', severities: [AlertSeverity.LOW] }], /'severityRoutes\[0\].name' must be 1-64 letters, digits, '-' or '_', got 'on call'/],
    ['a route name twice', [PAGE, { ...PAGE, severities: [AlertSeverity.LOW] }], /'severityRoutes' names 'page' more than once/],
  ])('%s fails, naming the prop', (_name, severityRoutes, message) => {
    expect(() => build({ severityRoutes })).toThrow(message);
  });

  test('through OrganizationTrail the message names alerts.severityRoutes', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    expect(() => new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      alerts: { severityRoutes: [{ name: 'empty', severities: [] }] },
    })).toThrow(/'alerts.severityRoutes\[0\].severities' must name at least one/);
  });
});

describe('routing helpers', () => {
  const stack = new Stack(new App(), 'Helpers', { env: ENV });
  const build2 = new TrailAlerts(stack, 'TrailAlerts', { ...BASE, logGroup: new logs.LogGroup(stack, 'Logs'), severityRoutes: [PAGE] });
  const main = build2.alarmTopic.topic;
  const page = build2.routeTopics.page.topic;
  const routes = [{ severities: [AlertSeverity.CRITICAL], topic: page }];

  test('topicFor() and TrailAlerts.topicFor() agree', () => {
    for (const severity of Object.values(AlertSeverity)) {
      expect(topicFor(severity, main, routes)).toBe(build2.topicFor(severity));
      expect(build2.topicFor(severity)).toBe(severity === AlertSeverity.CRITICAL ? page : main);
    }
  });

  test('alertsByTopic() keeps every alert once', () => {
    const groups = alertsByTopic(build2.alerts, main, routes);
    expect([...groups.values()].flat().map((alert) => alert.id).sort()).toEqual(build2.alerts.map((alert) => alert.id).sort());
  });

  test('no routes, no problems', () => {
    expect(severityRouteProblems('severityRoutes')).toEqual([]);
  });
});
