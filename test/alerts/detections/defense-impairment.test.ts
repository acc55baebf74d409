import { AlertPack } from '../../../src/alerts/alert-pack';
import { AlertRegionScope } from '../../../src/alerts/catalog';
import { envelope, fixture } from '../../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../../util/event-pattern-evaluator';
import { matchesMetricFilter } from '../../util/metric-filter-evaluator';
import { describeAlertsAgainstFixtures } from '../fixture-harness';

const PACK = AlertPack.DEFENSE_IMPAIRMENT;

describeAlertsAgainstFixtures(PACK.alerts, {
  'guardduty-detector-deleted-or-disabled': {
    positives: ['guardduty-delete-detector', 'guardduty-update-detector-disable'],
    nearMisses: ['guardduty-delete-detector-failed', 'guardduty-update-detector-enable', 'guardduty-create-threat-intel-set'],
  },
  'guardduty-trusted-ip-list-changed': {
    positives: ['guardduty-create-ip-set'],
    nearMisses: ['guardduty-create-threat-intel-set', 'guardduty-delete-detector'],
  },
  'securityhub-findings-or-insights-changed': {
    positives: ['securityhub-batch-update-findings'],
    nearMisses: ['securityhub-create-insight'],
  },
  'vpc-flow-logs-deleted': {
    positives: ['ec2-delete-flow-logs'],
    nearMisses: ['ec2-delete-flow-logs-unauthorized', 'ec2-disable-ebs-encryption-by-default'],
  },
  's3-data-management-changes': {
    positives: ['s3-put-bucket-logging', 's3-put-bucket-lifecycle-archive'],
    nearMisses: ['s3-put-bucket-acl', 's3-put-bucket-versioning-archive', 's3-restore-object'],
  },
  's3-archived-object-restored': {
    positives: ['s3-restore-object'],
    nearMisses: ['s3-put-bucket-logging', 's3-put-bucket-acl'],
  },
  's3-bucket-versioning-suspended': {
    positives: ['s3-put-bucket-versioning-archive'],
    nearMisses: ['s3-put-bucket-versioning-enabled', 's3-get-bucket-versioning'],
  },
  'ebs-default-encryption-disabled': {
    positives: ['ec2-disable-ebs-encryption-by-default'],
    nearMisses: ['ec2-enable-ebs-encryption-by-default', 'ec2-delete-flow-logs'],
  },
  'kms-imported-key-material-changed': {
    positives: ['kms-import-key-material', 'kms-delete-imported-key-material'],
    nearMisses: ['kms-enable-key-rotation', 'kms-disable-key'],
  },
  'bedrock-guardrail-deleted': {
    positives: ['bedrock-delete-guardrail'],
    nearMisses: ['bedrock-update-guardrail', 'bedrock-delete-model-invocation-logging-configuration'],
  },
  'bedrock-guardrail-updated': {
    positives: ['bedrock-update-guardrail'],
    nearMisses: ['bedrock-delete-guardrail', 'bedrock-delete-model-invocation-logging-configuration'],
  },
  'ses-identity-deleted': {
    positives: ['ses-delete-identity'],
    nearMisses: ['ses-verify-email-identity'],
  },
});

describe('defense-impairment pack', () => {
  test('answers exactly its Sigma rules (the CloudTrail and Config ones are answered by the baseline)', () => {
    expect([...new Set(PACK.alerts.flatMap((alert) => alert.sourceRules))].sort()).toEqual([
      'sigma:aws_cloudtrail_bedrock_guardrail_deleted',
      'sigma:aws_cloudtrail_bedrock_guardrail_updated',
      'sigma:aws_cloudtrail_guardduty_detector_deleted_or_updated',
      'sigma:aws_cloudtrail_vpc_flow_logs_deleted',
      'sigma:aws_delete_identity',
      'sigma:aws_disable_bucket_versioning',
      'sigma:aws_ec2_disable_encryption',
      'sigma:aws_guardduty_disruption',
      'sigma:aws_kms_import_key_material',
      'sigma:aws_s3_data_management_tampering',
      'sigma:aws_securityhub_finding_evasion',
    ]);
  });

  test('every alert has techniques, one source rule, both paths and a regional scope, and sees no read-only call', () => {
    for (const alert of PACK.alerts) {
      expect({ id: alert.id, techniques: alert.techniques.length > 0 }).toEqual({ id: alert.id, techniques: true });
      expect({ id: alert.id, rules: alert.sourceRules.length }).toEqual({ id: alert.id, rules: 1 });
      expect({ id: alert.id, eventPattern: alert.eventPattern !== undefined, metricFilter: alert.metricFilterPattern !== undefined })
        .toEqual({ id: alert.id, eventPattern: true, metricFilter: true });
      expect({ id: alert.id, scope: alert.regionScope }).toEqual({ id: alert.id, scope: AlertRegionScope.EVERY_REGION });
      expect({ id: alert.id, readOnly: alert.readOnlyManagementEvents }).toEqual({ id: alert.id, readOnly: false });
      expect({ id: alert.id, threshold: alert.alarmThreshold }).toEqual({ id: alert.id, threshold: 1 });
      expect(alert.eventNames.length).toBeGreaterThan(0);
    }
  });

  test('only the RestoreObject alert needs data events, and only S3 object ones', () => {
    expect(PACK.alerts.filter((alert) => alert.dataEventResourceTypes.length > 0)
      .map((alert) => [alert.id, alert.dataEventResourceTypes])).toEqual([['s3-archived-object-restored', ['AWS::S3::Object']]]);
  });

  test('the S3 rule is split: management-event names in one alert, the data event in the other, both fixing the rule', () => {
    expect(PACK.alert('s3-data-management-changes').eventNames).toEqual(
      ['PutBucketLogging', 'PutBucketWebsite', 'PutBucketEncryption', 'PutBucketLifecycle', 'PutBucketReplication']);
    expect(PACK.alert('s3-archived-object-restored').eventNames).toEqual(['RestoreObject']);
    for (const id of ['s3-data-management-changes', 's3-archived-object-restored']) {
      expect(PACK.alert(id).sourceRuleFix).toMatch(/PutEncryptionConfiguration, PutLifecycleConfiguration and PutReplicationConfiguration are IAM action names/);
    }
  });

  test('the rules fixed as written say what was fixed; the others match what their rule says', () => {
    expect(PACK.alerts.filter((alert) => alert.sourceRuleFix !== undefined).map((alert) => alert.id).sort()).toEqual([
      'guardduty-detector-deleted-or-disabled', 's3-archived-object-restored', 's3-bucket-versioning-suspended',
      's3-data-management-changes', 'vpc-flow-logs-deleted',
    ]);
  });

  test.each([
    // Sigma's `requestParameters.enable: 'false'` is a string; CloudTrail writes a JSON boolean.
    ['the string "false" (the rule as written)', 'false', false],
    ['the JSON boolean false', false, true],
  ])('UpdateDetector with enable %s', (_name, enable, matches) => {
    const alert = PACK.alert('guardduty-detector-deleted-or-disabled');
    const record = fixture('guardduty-update-detector-disable').record!;
    const variant = { ...record, requestParameters: { ...record.requestParameters, enable } };
    expect(matchesEventPattern(alert.eventPattern!, envelope(variant))).toBe(matches);
    expect(matchesMetricFilter(alert.metricFilterPattern!, variant)).toBe(matches);
  });

  test('an UpdateDetector that only changes the publishing frequency is no impairment', () => {
    const alert = PACK.alert('guardduty-detector-deleted-or-disabled');
    const record = fixture('guardduty-update-detector-disable').record!;
    const variant = { ...record, requestParameters: { detectorId: record.requestParameters.detectorId, findingPublishingFrequency: 'SIX_HOURS' } };
    expect(matchesEventPattern(alert.eventPattern!, envelope(variant))).toBe(false);
    expect(matchesMetricFilter(alert.metricFilterPattern!, variant)).toBe(false);
  });

  test('versioning: the rule\'s "requestParameters contains Suspended" becomes the Status field, case-sensitively', () => {
    const alert = PACK.alert('s3-bucket-versioning-suspended');
    const record = fixture('s3-put-bucket-versioning-archive').record!;
    const configuration = record.requestParameters.VersioningConfiguration;
    const withStatus = (status: string) => ({
      ...record,
      requestParameters: { ...record.requestParameters, VersioningConfiguration: { ...configuration, Status: status } },
    });
    for (const [status, matches] of [['Suspended', true], ['suspended', false], ['Enabled', false]] as const) {
      const variant = withStatus(status);
      expect({ status, eventBridge: matchesEventPattern(alert.eventPattern!, envelope(variant)) }).toEqual({ status, eventBridge: matches });
      expect({ status, metricFilter: matchesMetricFilter(alert.metricFilterPattern!, variant) }).toEqual({ status, metricFilter: matches });
    }
  });

  test('the rule\'s S3 event names (IAM action names) match nothing; the recorded names do', () => {
    const alert = PACK.alert('s3-data-management-changes');
    const record = fixture('s3-put-bucket-logging').record!;
    const named = (eventName: string) => ({ ...record, eventName });
    for (const name of ['PutEncryptionConfiguration', 'PutLifecycleConfiguration', 'PutReplicationConfiguration']) {
      expect({ name, matches: matchesEventPattern(alert.eventPattern!, envelope(named(name))) }).toEqual({ name, matches: false });
    }
    for (const name of ['PutBucketEncryption', 'PutBucketLifecycle', 'PutBucketReplication', 'PutBucketWebsite']) {
      expect({ name, eventBridge: matchesEventPattern(alert.eventPattern!, envelope(named(name))) }).toEqual({ name, eventBridge: true });
      expect({ name, metricFilter: matchesMetricFilter(alert.metricFilterPattern!, named(name)) }).toEqual({ name, metricFilter: true });
    }
  });

  test('a trusted IP list updated matches too (UpdateIPSet)', () => {
    const alert = PACK.alert('guardduty-trusted-ip-list-changed');
    const record = { ...fixture('guardduty-create-ip-set').record!, eventName: 'UpdateIPSet' };
    expect(matchesEventPattern(alert.eventPattern!, envelope(record))).toBe(true);
    expect(matchesMetricFilter(alert.metricFilterPattern!, record)).toBe(true);
  });

  test('severities', () => {
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.severity]))).toEqual({
      'guardduty-detector-deleted-or-disabled': 'HIGH',
      'guardduty-trusted-ip-list-changed': 'HIGH',
      'securityhub-findings-or-insights-changed': 'MEDIUM',
      'vpc-flow-logs-deleted': 'HIGH',
      's3-data-management-changes': 'LOW',
      's3-archived-object-restored': 'LOW',
      's3-bucket-versioning-suspended': 'MEDIUM',
      'ebs-default-encryption-disabled': 'MEDIUM',
      'kms-imported-key-material-changed': 'HIGH',
      'bedrock-guardrail-deleted': 'MEDIUM',
      'bedrock-guardrail-updated': 'MEDIUM',
      'ses-identity-deleted': 'MEDIUM',
    });
  });
});
