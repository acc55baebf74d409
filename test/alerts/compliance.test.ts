import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AlarmTopic } from '../../src/alerts/alarm-topic';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert } from '../../src/alerts/catalog';
import { AlertRules } from '../../src/alerts/event-rules';
import { MetricFilterAlarms } from '../../src/alerts/metric-filter-alarms';
import { OrganizationAlertFanout } from '../../src/alerts/organization-fanout';
import { cfnValidateFindings, controlTowerFindings, Finding, nagFindings } from '../util/compliance-checkers';

function describeFindings(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.checker} ${finding.ruleId} at ${finding.resource}`);
}

test('the whole alerting half passes cdk-nag, Control Tower and CloudFormation Validate with zero findings', () => {
  const app = new App();
  const stack = new Stack(app, 'Alerts', { env: { account: '111111111111', region: 'us-east-1' } });
  const logGroup = logs.LogGroup.fromLogGroupName(stack, 'TrailLogGroup', 'cloudtrail/org-trail');
  const alarmTopic = new AlarmTopic(stack, 'AlarmTopic', { emailAddresses: ['security@example.com'] });
  const alerts = [...AlertPack.ALL.alerts, ...AlertPack.tampering({
    trailName: 'org-trail',
    keyArn: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    bucketName: 'org-trail-archive',
  }).alerts];
  new MetricFilterAlarms(stack, 'Alarms', { logGroup, topic: alarmTopic.topic, alerts });
  new AlertRules(stack, 'Rules', { topic: alarmTopic.topic, alerts });
  new OrganizationAlertFanout(stack, 'Fanout', {
    organizationId: 'o-a1b2c3d4e5',
    organizationalUnitIds: ['r-a1b2'],
    regions: ['us-east-1', 'eu-west-1'],
    topic: alarmTopic.topic,
    alerts: [...AlertPack.CIS.alerts, Alert.ROOT_CONSOLE_SIGN_IN],
  });
  app.synth();
  expect(describeFindings([...nagFindings(stack), ...controlTowerFindings(stack), ...cfnValidateFindings(stack)])).toEqual([]);
});
