import { App, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert, AlertRegionScope, AlertSeverity } from '../../src/alerts/catalog';
import { CloudTrailFixture, envelope, fixture as namedFixture, loadFixtures, SIGN_IN_DETAIL_TYPES } from '../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../util/event-pattern-evaluator';
import { matchesMetricFilter } from '../util/metric-filter-evaluator';

const TRAIL_NAME = 'org-trail';
/** The key of the AWS KMS guide's examples, so that their records name the trail key verbatim. */
const KEY_ARN = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const BUCKET_NAME = 'org-trail-archive';
const ACCESS_LOGS_BUCKET_NAME = 'org-trail-access-logs';
const LOG_GROUP_NAME = 'cloudtrail/org-trail';
const NAME_PREFIX = 'org-trail-';
const TAMPERING = AlertPack.tampering({
  trailName: TRAIL_NAME,
  keyArn: KEY_ARN,
  bucketName: BUCKET_NAME,
  archiveEventBridgeNotifications: true,
  accessLogsBucketName: ACCESS_LOGS_BUCKET_NAME,
  logGroupName: LOG_GROUP_NAME,
  namePrefix: NAME_PREFIX,
});
const EVERY_ALERT = [...AlertPack.BASELINE.alerts, ...TAMPERING.alerts];
const FIXTURES = loadFixtures();

/** For each alert, the fixtures it must match; every other fixture must not match. */
const POSITIVES: Record<string, string[]> = {
  'unauthorized-api-calls': [
    'states-delete-state-machine-access-denied', 'ec2-describe-instances-unauthorized',
    'ec2-describe-instance-attribute-user-data', 'ec2-describe-instance-attribute-instance-type', 'ec2-delete-flow-logs-unauthorized',
  ],
  'console-sign-in-without-mfa': ['console-login-iam-user-without-mfa'],
  'root-account-usage': ['console-login-root-success', 'console-login-root-failure', 'iam-create-user-by-root', 'events-put-rule', 'events-disable-rule-component', 'events-remove-targets-component',
    // The Amazon EFS guide's records are the root user's (fixtures of the exfiltration-and-exposure pack).
    'efs-delete-tags', 'efs-delete-file-system', 'efs-delete-mount-target'],
  'iam-policy-changes': ['iam-attach-user-policy', 'iam-put-role-policy', 'iam-put-user-policy-s3-browser-template', 'iam-put-user-policy-s3-browser'],
  'cloudtrail-configuration-changes': ['cloudtrail-update-trail-not-found', 'cloudtrail-start-logging', 'cloudtrail-stop-logging-org-trail', 'cloudtrail-delete-trail-org-trail', 'cloudtrail-stop-logging-other-trail'],
  'console-authentication-failures': ['console-login-iam-user-failure', 'console-login-root-failure'],
  'cmk-disabled-or-scheduled-for-deletion': ['kms-schedule-key-deletion', 'kms-schedule-key-deletion-custom-key-store', 'kms-disable-key', 'kms-disable-key-by-arn'],
  's3-bucket-policy-changes': ['s3-put-bucket-policy-archive', 's3-put-bucket-acl', 's3-put-bucket-lifecycle-archive', 's3-put-bucket-policy-other-bucket', 's3-delete-bucket-replication-archive'],
  'config-changes': ['config-stop-configuration-recorder'],
  'security-group-changes': ['ec2-authorize-security-group-ingress', 'ec2-revoke-security-group-egress', 'ec2-create-security-group'],
  'nacl-changes': ['ec2-create-network-acl-entry'],
  'network-gateway-changes': ['ec2-attach-internet-gateway'],
  'route-table-changes': ['ec2-create-route'],
  'vpc-changes': ['ec2-create-vpc'],
  'organizations-changes': ['organizations-create-account', 'organizations-create-organizational-unit'],
  'root-console-sign-in': ['console-login-root-success', 'console-login-root-failure'],
  'security-group-rule-changes': ['ec2-authorize-security-group-ingress', 'ec2-revoke-security-group-egress'],
  'ec2-instance-termination': ['ec2-terminate-instances'],
  'insights-api-call-rate': ['insight-api-call-rate-start'],
  'insights-api-error-rate': ['insight-api-error-rate-start'],
  'trail-tampering': ['cloudtrail-stop-logging-org-trail', 'cloudtrail-delete-trail-org-trail', 'cloudtrail-put-event-selectors-org-trail'],
  'any-trail-logging-changes': [
    'cloudtrail-stop-logging-org-trail', 'cloudtrail-delete-trail-org-trail', 'cloudtrail-put-event-selectors-org-trail',
    'cloudtrail-stop-logging-other-trail', 'cloudtrail-update-trail-not-found', 'cloudtrail-put-event-selectors-member-trail',
  ],
  'trail-key-tampering': [
    'kms-schedule-key-deletion', 'kms-disable-key', 'kms-disable-key-by-arn', 'kms-put-key-policy', 'kms-create-grant',
    'kms-retire-grant', 'kms-revoke-grant',
  ],
  'archive-bucket-tampering': ['s3-put-bucket-policy-archive', 's3-put-bucket-lifecycle-archive', 's3-put-bucket-versioning-archive', 's3-delete-bucket-replication-archive'],
  'archive-object-deleted': ['s3-object-deleted-archive'],
  'access-logs-bucket-tampering': ['s3-delete-bucket-access-logs'],
  'log-group-tampering': ['logs-delete-log-group', 'logs-put-retention-policy'],
  'alerting-tampering': [
    'cloudwatch-delete-alarms-component', 'cloudwatch-put-metric-alarm-component', 'events-disable-rule-component',
    'events-remove-targets-component',
  ],
};

/** Alerts with no metric filter: the events they watch never reach the trail's log group. */
const EVENTBRIDGE_ONLY = ['archive-object-deleted'];

/**
 * The exact metric-filter patterns of the Security Hub CloudWatch controls (CloudWatch.1-14) and of
 * CIS AWS Foundations Benchmark 4.15 (AWS Organizations changes, which has no Security Hub control),
 * as the controls' remediation steps give them.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
const SECURITY_HUB_PATTERNS: Record<string, string> = {
  'unauthorized-api-calls': '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  'console-sign-in-without-mfa': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  'root-account-usage': '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  'iam-policy-changes': '{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}',
  'cloudtrail-configuration-changes': '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  'console-authentication-failures': '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  'cmk-disabled-or-scheduled-for-deletion': '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  's3-bucket-policy-changes': '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  'config-changes': '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  'security-group-changes': '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  'nacl-changes': '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  'network-gateway-changes': '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  'route-table-changes': '{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}',
  'vpc-changes': '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  'organizations-changes': '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
};

function eventBridgeMatches(alert: Alert, fixture: CloudTrailFixture): boolean {
  if (fixture.event) {
    return matchesEventPattern(alert.eventPattern!, fixture.event);
  }
  // A sign-in must match under both spellings of its detail-type, and any other event once.
  return SIGN_IN_DETAIL_TYPES.map((spelling) => matchesEventPattern(alert.eventPattern!, envelope(fixture.record!, spelling)))
    .reduce((all, one) => {
      expect(one).toBe(all);
      return one;
    });
}

describe('fixtures', () => {
  test('every fixture names its source, and derived ones say what was changed', () => {
    expect(FIXTURES.length).toBeGreaterThan(30);
    for (const fixture of FIXTURES) {
      expect(fixture.source).toMatch(/^https:\/\//);
      expect(fixture.description).not.toEqual('');
      expect([fixture.record, fixture.event].filter((body) => body !== undefined)).toHaveLength(1);
      if (fixture.derivedFrom) {
        expect(fixture.changes).toBeDefined();
        expect(FIXTURES.map((candidate) => `${candidate.name}.json`)).toContain(fixture.derivedFrom);
      }
    }
  });

  test('most fixtures are verbatim AWS records', () => {
    expect(FIXTURES.filter((fixture) => !fixture.derivedFrom).length).toBeGreaterThanOrEqual(17);
  });
});

describe('every alert against every fixture', () => {
  test('the table covers every alert of the catalog', () => {
    expect(Object.keys(POSITIVES).sort()).toEqual(EVERY_ALERT.map((alert) => alert.id).sort());
  });

  describe.each(EVERY_ALERT.map((alert) => [alert.id, alert] as const))('%s', (id, alert) => {
    const positives = POSITIVES[id];

    test('has at least one positive and one negative fixture', () => {
      expect(positives.length).toBeGreaterThan(0);
      expect(FIXTURES.length - positives.length).toBeGreaterThan(0);
    });

    test.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))('EventBridge pattern on %s', (name, fixture) => {
      expect(eventBridgeMatches(alert, fixture)).toBe(positives.includes(name));
    });

    // Events S3 sends to EventBridge itself never reach the log group, so they are not filtered;
    // EventBridge-only alerts have no filter.
    const records = FIXTURES.filter((fixture) => fixture.record !== undefined);
    if (!EVENTBRIDGE_ONLY.includes(id)) {
      test.each(records.map((fixture) => [fixture.name, fixture] as const))('metric filter on %s', (name, fixture) => {
        expect(matchesMetricFilter(alert.metricFilterPattern!, fixture.record!)).toBe(positives.includes(name));
      });
    }
  });
});

describe('Security Hub and CIS patterns', () => {
  test.each(Object.entries(SECURITY_HUB_PATTERNS))('%s carries the exact pattern', (id, pattern) => {
    const alert = AlertPack.CIS.alerts.find((candidate) => candidate.id === id)!;
    expect(alert.metricFilterPattern).toEqual(pattern);
  });

  test('the CIS pack is CIS 4.1-4.15 and Security Hub CloudWatch.1-14', () => {
    const controls = AlertPack.CIS.alerts.flatMap((alert) => alert.controls);
    for (let index = 1; index <= 15; index++) {
      expect(controls).toContain(`CIS 4.${index}`);
    }
    for (let index = 1; index <= 14; index++) {
      expect(controls).toContain(`CloudWatch.${index}`);
    }
  });
});

describe('catalog data', () => {
  test('ids are unique kebab-case and every alert has both patterns (a metric filter unless EventBridge-only) and a title', () => {
    const ids = EVERY_ALERT.map((alert) => alert.id);
    expect(new Set(ids).size).toEqual(ids.length);
    for (const alert of EVERY_ALERT) {
      expect(alert.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(alert.title).not.toEqual('');
      expect(alert.eventPattern).toBeDefined();
      expect(alert.metricFilterPattern === undefined).toBe(EVENTBRIDGE_ONLY.includes(alert.id));
      expect(Object.values(AlertSeverity)).toContain(alert.severity);
    }
  });

  test('patterns that see read-only calls need ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', () => {
    expect(EVERY_ALERT.filter((alert) => alert.readOnlyManagementEvents).map((alert) => alert.id).sort())
      .toEqual(['root-account-usage', 'unauthorized-api-calls']);
  });

  test('global-service alerts', () => {
    expect(Alert.IAM_POLICY_CHANGES.regionScope).toBe(AlertRegionScope.US_EAST_1);
    expect(Alert.ORGANIZATIONS_CHANGES.regionScope).toBe(AlertRegionScope.US_EAST_1);
    expect(Alert.ROOT_CONSOLE_SIGN_IN.globalService).toBe(true);
    expect(Alert.CONSOLE_SIGN_IN_WITHOUT_MFA.regionScope).toBe(AlertRegionScope.US_EAST_1_AND_EVERY_REGION);
    expect(Alert.VPC_CHANGES.globalService).toBe(false);
  });

  test('sign-in patterns list both detail-type spellings', () => {
    const signIns = [Alert.CONSOLE_SIGN_IN_WITHOUT_MFA, Alert.CONSOLE_AUTHENTICATION_FAILURES, Alert.ROOT_CONSOLE_SIGN_IN, Alert.ROOT_ACCOUNT_USAGE];
    for (const alert of signIns) {
      expect(alert.eventPattern!['detail-type']).toEqual(expect.arrayContaining(SIGN_IN_DETAIL_TYPES));
    }
  });

  test('eventPattern returns a copy', () => {
    const pattern = Alert.VPC_CHANGES.eventPattern!;
    pattern['detail-type'] = ['changed'];
    expect(Alert.VPC_CHANGES.eventPattern!['detail-type']).toEqual(['AWS API Call via CloudTrail']);
  });

  test('the tampering key alert works with a token ARN', () => {
    const stack = new Stack(new App(), 'Stack');
    const keyArn = stack.formatArn({ service: 'kms', resource: 'key', resourceName: 'abc' });
    const alert = Alert.trailKeyTampering({ keyArn });
    const resolved = stack.resolve(alert.eventPattern);
    expect(JSON.stringify(resolved)).toContain('Fn::Select');
    expect(JSON.stringify(stack.resolve(alert.metricFilterPattern))).toContain('Fn::Select');
  });

  test('the tampering pack leaves out what it is not given', () => {
    expect(AlertPack.tampering({ trailName: TRAIL_NAME }).alerts.map((alert) => alert.id)).toEqual(['trail-tampering', 'any-trail-logging-changes']);
    expect(AlertPack.tampering({ trailName: TRAIL_NAME, bucketName: BUCKET_NAME }).alerts.map((alert) => alert.id))
      .toEqual(['trail-tampering', 'any-trail-logging-changes', 'archive-bucket-tampering']);
  });

  test('the full tampering pack, with severities', () => {
    expect(Object.fromEntries(TAMPERING.alerts.map((alert) => [alert.id, alert.severity]))).toEqual({
      'trail-tampering': AlertSeverity.CRITICAL,
      'any-trail-logging-changes': AlertSeverity.HIGH,
      'trail-key-tampering': AlertSeverity.CRITICAL,
      'archive-bucket-tampering': AlertSeverity.CRITICAL,
      'archive-object-deleted': AlertSeverity.CRITICAL,
      'access-logs-bucket-tampering': AlertSeverity.HIGH,
      'log-group-tampering': AlertSeverity.HIGH,
      'alerting-tampering': AlertSeverity.HIGH,
    });
  });

  test('archiveEventBridgeNotifications without bucketName is an error naming both', () => {
    expect(() => AlertPack.tampering({ trailName: TRAIL_NAME, archiveEventBridgeNotifications: true }))
      .toThrow(/'archiveEventBridgeNotifications' is true, but 'bucketName' is not set/);
  });

  test.each([
    ['empty', ''],
    ['too long', 'a'.repeat(33)],
    ['a character rule names refuse', 'org/trail-'],
  ])('alertingTampering() refuses a name prefix that is %s', (_name, namePrefix) => {
    expect(() => Alert.alertingTampering({ namePrefix })).toThrow(/'namePrefix' must be 1-32 letters, digits/);
  });

  test('a name prefix of 32 characters is accepted', () => {
    expect(() => Alert.alertingTampering({ namePrefix: 'a'.repeat(32) })).not.toThrow();
  });

  test('the alarm path checks the first name of DeleteAlarms; the rule checks every name', () => {
    const alert = Alert.alertingTampering({ namePrefix: NAME_PREFIX });
    const record = { ...namedFixture('cloudwatch-delete-alarms-component').record!, requestParameters: { alarmNames: ['unrelated-alarm', 'org-trail-root-account-usage'] } };
    expect(matchesEventPattern(alert.eventPattern!, envelope(record))).toBe(true);
    expect(matchesMetricFilter(alert.metricFilterPattern!, record)).toBe(false);
  });

  test('tamper patterns with 63-character bucket names and a 512-character log group name stay within the quotas', () => {
    const longest = AlertPack.tampering({
      trailName: 't'.repeat(128),
      keyArn: `arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${'1234abcd-12ab-34cd-56ef-1234567890ab'}`,
      bucketName: 'b'.repeat(63),
      archiveEventBridgeNotifications: true,
      accessLogsBucketName: 'l'.repeat(63),
      logGroupName: 'g'.repeat(512),
      namePrefix: 'p'.repeat(32),
    });
    expect(longest.alerts).toHaveLength(8);
  });
});

describe('packs', () => {
  test('BASELINE is CIS, walkthrough and Insights', () => {
    const parts = [AlertPack.CIS, AlertPack.WALKTHROUGH, AlertPack.INSIGHTS];
    expect(AlertPack.BASELINE.alerts.map((alert) => alert.id)).toEqual(parts.flatMap((pack) => pack.alerts.map((alert) => alert.id)));
  });

  test('withAlerts() and withoutAlerts()', () => {
    const pack = AlertPack.CIS.withoutAlerts('vpc-changes').withAlerts(Alert.ROOT_CONSOLE_SIGN_IN);
    expect(pack.alerts.map((alert) => alert.id)).toContain('root-console-sign-in');
    expect(pack.alerts.map((alert) => alert.id)).not.toContain('vpc-changes');
  });

  test('duplicates are an error', () => {
    expect(() => AlertPack.CIS.withAlerts(Alert.VPC_CHANGES)).toThrow(/'vpc-changes' more than once/);
  });

  test('withoutAlerts() an unknown id is an error', () => {
    expect(() => AlertPack.CIS.withoutAlerts('nope')).toThrow(/has no alert 'nope'/);
  });

  test('of()', () => {
    expect(AlertPack.of('mine', [Alert.VPC_CHANGES]).name).toEqual('mine');
  });
});

describe('Alert.custom', () => {
  test('takes a typed events.EventPattern, events.Match helpers included, and renders it as EventBridge JSON', () => {
    const alert = Alert.custom({
      id: 'typed',
      title: 'Typed',
      eventPattern: {
        detailType: ['AWS API Call via CloudTrail'],
        source: events.Match.prefix('aws.'),
        detail: { eventName: ['CreateUser'], userIdentity: { type: events.Match.anythingBut('AWSService') } },
      },
    });
    const stack = new Stack(new App(), 'Typed', { env: { account: '111111111111', region: 'us-east-1' } });
    expect(stack.resolve(alert.eventPattern)).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
      'source': [{ prefix: 'aws.' }],
      'detail': { eventName: ['CreateUser'], userIdentity: { type: [{ 'anything-but': ['AWSService'] }] } },
    });
  });

  const valid = {
    id: 'my-alert',
    title: 'Mine',
    eventPattern: { detailType: ['AWS API Call via CloudTrail'], detail: { eventName: ['CreateUser'] } },
    metricFilterPattern: '{ $.eventName = "CreateUser" }',
  };

  test('a valid alert keeps its fields and defaults', () => {
    const alert = Alert.custom(valid);
    expect(alert.severity).toBe(AlertSeverity.MEDIUM);
    expect(alert.regionScope).toBe(AlertRegionScope.EVERY_REGION);
    expect(alert.readOnlyManagementEvents).toBe(false);
    expect(alert.controls).toEqual([]);
    expect(matchesEventPattern(alert.eventPattern!, { 'detail-type': 'AWS API Call via CloudTrail', 'detail': { eventName: 'CreateUser' } })).toBe(true);
  });

  test.each([
    ['id not kebab-case', { id: 'My_Alert' }, /'id' must be kebab-case/],
    ['id too long', { id: 'a'.repeat(49) }, /at most 48/],
    ['empty title', { title: ' ' }, /'title'/],
    ['no pattern', { eventPattern: undefined, metricFilterPattern: undefined }, /needs an 'eventPattern', a 'metricFilterPattern'/],
    ['empty event pattern', { eventPattern: {} }, /non-empty JSON object/],
    ['scalar leaf', { eventPattern: { detail: { eventName: 'CreateUser' } } }, /at 'detail.eventName': leaf values must be arrays/],
    ['empty array', { eventPattern: { source: [] } }, /at 'source': an empty array \(got \[\]\) matches nothing/],
    ['unknown operator', { eventPattern: { detail: { eventName: [{ prefixx: 'Create' }] } } }, /unknown or combined operator/],
    ['lonely $or', { eventPattern: { detail: { $or: [{ eventName: ['a'] }] } } }, /\$or needs an array of at least two/],
    ['metric filter without braces', { metricFilterPattern: '$.eventName = "x"' }, /JSON filter pattern in braces/],
  ])('%s', (_name, override, message) => {
    expect(() => Alert.custom({ ...valid, ...override } as any)).toThrow(message);
  });

  test.each([
    ['a technique that is not an ATT&CK id', { techniques: ['T15'] }, /'techniques' of alert 'my-alert' must be MITRE ATT&CK ids such as 'T1562' or 'T1562.008', got 'T15'/],
    ['a source rule without its rule set', { sourceRules: ['aws_cloudtrail_disable_logging'] }, /'sourceRules' of alert 'my-alert' must be '<rule set>:<rule>'/],
    ['a fix without the rule it fixes', { sourceRuleFix: 'eventSource corrected' }, /has a 'sourceRuleFix' but no 'sourceRules'/],
    ['a data resource type in another form', { dataEventResourceTypes: ['s3:object'] }, /'dataEventResourceTypes' of alert 'my-alert' must be CloudTrail resource types such as 'AWS::S3::Object', got 's3:object'/],
    ['a fractional threshold', { eventPattern: undefined, alarmThreshold: 2.5 }, /'alarmThreshold' of alert 'my-alert' must be a whole number of at least 1, got 2.5/],
    ['a threshold with an event pattern', { alarmThreshold: 5 }, /has 'alarmThreshold' 5 and an 'eventPattern', but an EventBridge rule fires on every single event/],
    ['a threshold without a filter', { metricFilterPattern: undefined, eventPattern: undefined, alarmThreshold: 5 }, /needs an 'eventPattern', a 'metricFilterPattern', or both/],
    ['a period in seconds', { eventPattern: undefined, alarmPeriod: Duration.seconds(90) }, /'alarmPeriod' of alert 'my-alert' must be a whole number of minutes from 1 minute to 1 day .*got 90 seconds/],
    ['a period over a day', { eventPattern: undefined, alarmPeriod: Duration.hours(25) }, /got 90000 seconds/],
  ])('%s fails, naming the field', (_name, override, message) => {
    expect(() => Alert.custom({ ...valid, ...override } as any)).toThrow(message);
  });

  test('a count over a window: threshold and period kept, no event pattern; references kept', () => {
    const alert = Alert.custom({
      ...valid,
      eventPattern: undefined,
      alarmThreshold: 11,
      alarmPeriod: Duration.minutes(30),
      techniques: ['T1580'],
      sourceRules: ['sigma:aws_ec2_download_userdata'],
    });
    expect([alert.alarmThreshold, alert.alarmPeriod?.toMinutes(), alert.techniques, alert.sourceRules, alert.eventPattern])
      .toEqual([11, 30, ['T1580'], ['sigma:aws_ec2_download_userdata'], undefined]);
    expect(() => Alert.custom({ ...valid, eventPattern: undefined, alarmPeriod: Duration.days(1) })).not.toThrow();
    expect(Alert.custom(valid).alarmThreshold).toBe(1);
  });

  test('eventSources reads the pattern, $or branches included', () => {
    expect(Alert.alertingTampering({ namePrefix: 'p-' }).eventSources).toEqual(['events.amazonaws.com', 'monitoring.amazonaws.com']);
    expect(Alert.UNAUTHORIZED_API_CALLS.eventSources).toEqual([]);
    expect(Alert.CMK_DISABLED_OR_SCHEDULED_FOR_DELETION.eventSources).toEqual(['kms.amazonaws.com']);
  });

  test('event pattern of 2048 characters is accepted, 2049 is not', () => {
    const base = JSON.stringify({ source: [''] }).length;
    const ofLength = (length: number) => ({ source: ['x'.repeat(length - base)] });
    expect(JSON.stringify(ofLength(2048)).length).toBe(2048);
    expect(() => Alert.custom({ ...valid, eventPattern: ofLength(2048) })).not.toThrow();
    expect(() => Alert.custom({ ...valid, eventPattern: ofLength(2049) })).toThrow(/2049 characters; EventBridge accepts at most 2048/);
  });

  test('metric filter pattern of 1024 characters is accepted, 1025 is not', () => {
    const ofLength = (length: number) => `{ $.eventName = "${'x'.repeat(length - 20)}" }`;
    expect(ofLength(1024).length).toBe(1024);
    expect(() => Alert.custom({ ...valid, metricFilterPattern: ofLength(1024) })).not.toThrow();
    expect(() => Alert.custom({ ...valid, metricFilterPattern: ofLength(1025) })).toThrow(/1025 characters; CloudWatch Logs accepts at most 1024/);
  });
});

test('exactly the Insights alerts require Insights', () => {
  const requiring = [...AlertPack.ALL.alerts, Alert.ANY_TRAIL_LOGGING_CHANGES].filter((alert) => alert.requiresInsights).map((alert) => alert.id);
  expect(requiring).toEqual(AlertPack.INSIGHTS.alerts.map((alert) => alert.id));
  expect(Alert.custom({ id: 'mine', title: 'Mine', metricFilterPattern: '{ $.eventName = "X" }' }).requiresInsights).toBe(false);
});
