import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlertPack } from '../../../src/alerts/alert-pack';
import { AlertRegionScope, AlertSeverity } from '../../../src/alerts/catalog';
import { AlertRules } from '../../../src/alerts/event-rules';
import { MetricFilterAlarms } from '../../../src/alerts/metric-filter-alarms';
import { envelope, fixture } from '../../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../../util/event-pattern-evaluator';
import { matchesMetricFilter } from '../../util/metric-filter-evaluator';
import { AlertExpectation, describeAlertsAgainstFixtures } from '../fixture-harness';
import { newStack } from '../helpers';

const PACK = AlertPack.DISCOVERY;

/**
 * For count-over-window alerts the fixtures check the metric filter on each record (does this
 * event count?); the threshold and window are checked on the alarm below.
 */
const EXPECTATIONS: Record<string, AlertExpectation> = {
  'trufflehog-user-agent': {
    positives: ['sts-get-caller-identity-trufflehog', 'ec2-create-key-pair-trufflehog'],
    nearMisses: ['sts-get-caller-identity-trufflehog-suffix', 'sts-get-caller-identity'],
  },
  'trufflehog-get-caller-identity': {
    positives: ['sts-get-caller-identity-trufflehog', 'sts-get-caller-identity-trufflehog-suffix'],
    nearMisses: ['sts-get-caller-identity', 'ec2-create-key-pair-trufflehog'],
  },
  's3-bucket-enumeration': {
    positives: ['s3-list-buckets'],
    nearMisses: ['s3-list-buckets-assumed-role', 's3-get-bucket-versioning'],
  },
  'ec2-user-data-downloads': {
    positives: ['ec2-describe-instance-attribute-user-data'],
    nearMisses: ['ec2-describe-instance-attribute-instance-type', 'ec2-modify-instance-attribute-user-data-attribute'],
  },
  'ec2-backup-enumeration': {
    positives: ['ec2-describe-volumes'],
    nearMisses: ['ec2-describe-instances', 'ec2-describe-dhcp-options'],
  },
  'account-list-enumeration': {
    positives: ['s3-list-buckets', 's3-list-buckets-assumed-role'],
    nearMisses: ['s3-get-bucket-policy', 'sts-get-caller-identity'],
  },
  'ec2-network-enumeration': {
    positives: ['ec2-describe-dhcp-options'],
    nearMisses: ['ec2-describe-instances', 'ec2-describe-volumes'],
  },
  's3-storage-enumeration': {
    positives: ['s3-list-buckets', 's3-list-buckets-assumed-role', 's3-get-bucket-policy'],
    nearMisses: ['s3-get-bucket-versioning', 's3-put-bucket-acl'],
  },
};

/** Sigma's `count() > N` within a timeframe: threshold N + 1 (the alarm fires at Sum >= threshold) over the timeframe. */
const WINDOWS: Record<string, { threshold: number; minutes: number }> = {
  's3-bucket-enumeration': { threshold: 6, minutes: 10 },
  'ec2-user-data-downloads': { threshold: 11, minutes: 30 },
  'ec2-backup-enumeration': { threshold: 6, minutes: 10 },
  'account-list-enumeration': { threshold: 51, minutes: 10 },
  'ec2-network-enumeration': { threshold: 6, minutes: 10 },
  's3-storage-enumeration': { threshold: 6, minutes: 10 },
};

describeAlertsAgainstFixtures(PACK.alerts, EXPECTATIONS);

describe('discovery pack', () => {
  test('every alert names its techniques and its Sigma rule, each rule answered once', () => {
    for (const alert of PACK.alerts) {
      expect(alert.techniques.length).toBeGreaterThan(0);
      expect(alert.sourceRules).toHaveLength(1);
    }
    expect(PACK.alerts.flatMap((alert) => alert.sourceRules).sort()).toEqual([
      'sigma:aws_cloudtrail_pua_trufflehog',
      'sigma:aws_ec2_download_userdata',
      'sigma:aws_enum_backup',
      'sigma:aws_enum_buckets',
      'sigma:aws_enum_listing',
      'sigma:aws_enum_network',
      'sigma:aws_enum_storage',
      'sigma:aws_sts_getcalleridentity_trufflehog',
    ]);
  });

  test('every alert watches read-only calls and no data events', () => {
    for (const alert of PACK.alerts) {
      expect(alert.readOnlyManagementEvents).toBe(true);
      expect(alert.dataEventResourceTypes).toEqual([]);
    }
  });

  test('the TruffleHog alerts see STS calls in us-east-1 (global endpoint) and in every Region (regional endpoints)', () => {
    expect(PACK.alert('trufflehog-user-agent').regionScope).toBe(AlertRegionScope.US_EAST_1_AND_EVERY_REGION);
    expect(PACK.alert('trufflehog-get-caller-identity').regionScope).toBe(AlertRegionScope.US_EAST_1_AND_EVERY_REGION);
    expect(fixture('sts-get-caller-identity').record!.readOnly).toBe(true);
  });

  test('count-over-window alerts: exactly these thresholds and windows, a metric filter and no event pattern', () => {
    const counting = PACK.alerts.filter((alert) => alert.alarmThreshold > 1);
    expect(counting.map((alert) => alert.id).sort()).toEqual(Object.keys(WINDOWS).sort());
    for (const alert of counting) {
      expect({ threshold: alert.alarmThreshold, minutes: alert.alarmPeriod!.toMinutes() }).toEqual(WINDOWS[alert.id]);
      expect(alert.metricFilterPattern).toBeDefined();
      expect(alert.eventPattern).toBeUndefined();
    }
  });

  test('the TruffleHog alerts fire on every single event, on both paths', () => {
    for (const id of ['trufflehog-user-agent', 'trufflehog-get-caller-identity']) {
      const alert = PACK.alert(id);
      expect(alert.alarmThreshold).toBe(1);
      expect(alert.alarmPeriod).toBeUndefined();
      expect(alert.eventPattern).toBeDefined();
      expect(alert.metricFilterPattern).toBeDefined();
    }
  });

  test('TruffleHog\'s user agent matches in each spelling the metric filter lists, and EventBridge ignores case', () => {
    const record = fixture('sts-get-caller-identity').record!;
    const alert = PACK.alert('trufflehog-user-agent');
    for (const userAgent of ['TruffleHog', 'trufflehog', 'TRUFFLEHOG']) {
      expect(matchesMetricFilter(alert.metricFilterPattern!, { ...record, userAgent })).toBe(true);
      expect(matchesEventPattern(alert.eventPattern!, envelope({ ...record, userAgent }))).toBe(true);
    }
    expect(matchesEventPattern(alert.eventPattern!, envelope({ ...record, userAgent: 'truffleHOG' }))).toBe(true);
    expect(matchesMetricFilter(alert.metricFilterPattern!, { ...record, userAgent: 'TruffleHog-MassScanner/v0.3.0' })).toBe(false);
  });

  test('GetCallerIdentity with TruffleHog at the start of the user agent matches on both paths', () => {
    const record = fixture('sts-get-caller-identity').record!;
    const alert = PACK.alert('trufflehog-get-caller-identity');
    for (const userAgent of ['TruffleHog', 'trufflehog/3.88.0', 'TruffleHog-MassScanner/v0.3.0']) {
      expect(matchesMetricFilter(alert.metricFilterPattern!, { ...record, userAgent })).toBe(true);
      expect(matchesEventPattern(alert.eventPattern!, envelope({ ...record, userAgent }))).toBe(true);
    }
  });

  test('the backup enumeration leaves out GetBucketReplication, an S3 call Sigma listed under EC2', () => {
    const alert = PACK.alert('ec2-backup-enumeration');
    expect(alert.eventNames).not.toContain('GetBucketReplication');
    expect(alert.eventNames).toHaveLength(8);
    expect(alert.sourceRuleFix).toMatch(/GetBucketReplication/);
  });

  test('severities', () => {
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.severity]))).toEqual({
      'trufflehog-user-agent': AlertSeverity.MEDIUM,
      'trufflehog-get-caller-identity': AlertSeverity.MEDIUM,
      's3-bucket-enumeration': AlertSeverity.LOW,
      'ec2-user-data-downloads': AlertSeverity.MEDIUM,
      'ec2-backup-enumeration': AlertSeverity.LOW,
      'account-list-enumeration': AlertSeverity.INFORMATIONAL,
      'ec2-network-enumeration': AlertSeverity.LOW,
      's3-storage-enumeration': AlertSeverity.LOW,
    });
  });
});

describe('count-over-window alerts deployed', () => {
  function deploy() {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    const logGroup = new logs.LogGroup(stack, 'LogGroup');
    new MetricFilterAlarms(stack, 'Alarms', { logGroup, topic, alerts: PACK.alerts });
    const rules = new AlertRules(stack, 'Rules', { topic, alerts: PACK.alerts });
    return { rules, template: Template.fromStack(stack) };
  }

  test('the alarm counts the user-data reads over 30 minutes and fires at 11 (Sigma: count() > 10)', () => {
    const { template } = deploy();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ec2-user-data-downloads',
      Statistic: 'Sum',
      Period: 1800,
      EvaluationPeriods: 1,
      Threshold: 11,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterName: 'ec2-user-data-downloads',
      FilterPattern: PACK.alert('ec2-user-data-downloads').metricFilterPattern,
    });
  });

  test('every alert of the pack gets its filter and alarm, with its own threshold and window', () => {
    const { template } = deploy();
    template.resourceCountIs('AWS::Logs::MetricFilter', PACK.alerts.length);
    template.resourceCountIs('AWS::CloudWatch::Alarm', PACK.alerts.length);
    for (const [id, window] of Object.entries(WINDOWS)) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: id, Threshold: window.threshold, Period: window.minutes * 60 });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'trufflehog-user-agent', Threshold: 1, Period: 300 });
  });

  test('EventRules create no rule for the counting alerts, and a rule for each TruffleHog alert', () => {
    const { rules, template } = deploy();
    expect(Object.keys(rules.rules).sort()).toEqual(['trufflehog-get-caller-identity', 'trufflehog-user-agent']);
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.resourcePropertiesCountIs('AWS::Events::Rule', { State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }, 2);
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^\\[cdk-org-trail:trufflehog-get-caller-identity\\]'),
    });
  });
});
