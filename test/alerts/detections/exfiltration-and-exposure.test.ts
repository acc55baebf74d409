import { AlertPack } from '../../../src/alerts/alert-pack';
import { Alert, AlertRegionScope, AlertSeverity } from '../../../src/alerts/catalog';
import { envelope, fixture } from '../../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../../util/event-pattern-evaluator';
import { matchesMetricFilter } from '../../util/metric-filter-evaluator';
import { AlertExpectation, describeAlertsAgainstFixtures } from '../fixture-harness';

const PACK = AlertPack.EXFILTRATION_AND_EXPOSURE;

const EXPECTATIONS: Record<string, AlertExpectation> = {
  's3-bucket-deleted': {
    positives: ['s3-delete-bucket-access-logs'],
    nearMisses: ['s3-delete-bucket-not-empty', 's3-put-bucket-acl'],
  },
  'ebs-snapshot-shared': {
    positives: ['ec2-modify-snapshot-attribute-share', 'ec2-modify-snapshot-attribute-public'],
    nearMisses: ['ec2-modify-snapshot-attribute-unshare'],
  },
  'rds-snapshot-shared': {
    positives: ['rds-modify-db-snapshot-attribute-share', 'rds-modify-db-cluster-snapshot-attribute-public'],
    nearMisses: ['rds-modify-db-snapshot-attribute-unshare', 'rds-create-db-instance'],
  },
  'ec2-instance-exported': {
    positives: ['ec2-create-instance-export-task'],
    nearMisses: ['ec2-create-instance-export-task-failed', 'ec2-stop-instances'],
  },
  'efs-file-system-deleted': {
    positives: ['efs-delete-file-system'],
    nearMisses: ['efs-delete-mount-target', 'efs-delete-tags'],
  },
  'efs-mount-target-deleted': {
    positives: ['efs-delete-mount-target'],
    nearMisses: ['efs-delete-file-system', 'efs-delete-tags'],
  },
  'rds-master-password-changed': {
    positives: ['rds-modify-db-instance-master-password'],
    nearMisses: ['rds-modify-db-instance-class', 'rds-create-db-instance'],
  },
  'rds-cluster-modified-or-deleted': {
    positives: ['rds-modify-db-cluster', 'rds-delete-db-cluster'],
    nearMisses: ['rds-create-db-instance', 'rds-modify-db-instance-class'],
  },
  'rds-instance-restored-public': {
    positives: ['rds-restore-db-instance-from-db-snapshot-public'],
    nearMisses: ['rds-restore-db-instance-from-db-snapshot-private', 'rds-create-db-instance'],
  },
};

describeAlertsAgainstFixtures(PACK.alerts, EXPECTATIONS);

function matchesBothPaths(alert: Alert, record: { [key: string]: any }): [boolean, boolean] {
  return [matchesEventPattern(alert.eventPattern!, envelope(record)), matchesMetricFilter(alert.metricFilterPattern!, record)];
}

/** A deep copy of a fixture's record, changed by `change`. */
function changed(name: string, change: (record: { [key: string]: any }) => void): { [key: string]: any } {
  const record = JSON.parse(JSON.stringify(fixture(name).record));
  change(record);
  return record;
}

describe('exfiltration and exposure pack', () => {
  test('holds these alerts, with these severities', () => {
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.severity]))).toEqual({
      's3-bucket-deleted': AlertSeverity.MEDIUM,
      'ebs-snapshot-shared': AlertSeverity.HIGH,
      'rds-snapshot-shared': AlertSeverity.HIGH,
      'ec2-instance-exported': AlertSeverity.MEDIUM,
      'efs-file-system-deleted': AlertSeverity.MEDIUM,
      'efs-mount-target-deleted': AlertSeverity.MEDIUM,
      'rds-master-password-changed': AlertSeverity.MEDIUM,
      'rds-cluster-modified-or-deleted': AlertSeverity.MEDIUM,
      'rds-instance-restored-public': AlertSeverity.HIGH,
    });
  });

  test('techniques and source rules; only the RDS snapshot alert has no SigmaHQ rule', () => {
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, [...alert.techniques, ...alert.sourceRules]]))).toEqual({
      's3-bucket-deleted': ['T1485', 'sigma:aws_cloudtrail_bucket_deleted'],
      'ebs-snapshot-shared': ['T1537', 'sigma:aws_snapshot_backup_exfiltration'],
      'rds-snapshot-shared': ['T1537'],
      'ec2-instance-exported': ['T1005', 'T1537', 'sigma:aws_ec2_vm_export_failure'],
      'efs-file-system-deleted': ['T1485', 'sigma:aws_efs_fileshare_modified_or_deleted'],
      'efs-mount-target-deleted': ['T1485', 'sigma:aws_efs_fileshare_mount_modified_or_deleted'],
      'rds-master-password-changed': ['T1020', 'sigma:aws_rds_change_master_password'],
      'rds-cluster-modified-or-deleted': ['T1020', 'sigma:aws_rds_dbcluster_actions'],
      'rds-instance-restored-public': ['T1020', 'sigma:aws_rds_public_db_restore'],
    });
    for (const alert of PACK.alerts) {
      expect(alert.techniques.length).toBeGreaterThan(0);
      expect(alert.eventPattern).toBeDefined();
      expect(alert.metricFilterPattern).toBeDefined();
    }
  });

  test('the fixed rules say what was fixed', () => {
    expect(Object.fromEntries(PACK.alerts.filter((alert) => alert.sourceRuleFix !== undefined).map((alert) => [alert.id, alert.sourceRuleFix])))
      .toEqual({
        'ebs-snapshot-shared': expect.stringMatching(/createVolumePermission\.add.*removals included/),
        'ec2-instance-exported': expect.stringMatching(/title says failure.*errorCode absent/),
        'rds-instance-restored-public': expect.stringMatching(/JSON boolean.*IS TRUE/),
      });
  });

  test('every alert is regional, write-only, management-only and fires on one event', () => {
    for (const alert of PACK.alerts) {
      expect(alert.regionScope).toBe(AlertRegionScope.EVERY_REGION);
      expect(alert.readOnlyManagementEvents).toBe(false);
      expect(alert.dataEventResourceTypes).toEqual([]);
      expect(alert.requiresInsights).toBe(false);
      expect(alert.alarmThreshold).toBe(1);
    }
  });

  test('a public restore is matched on the JSON boolean only, never on the string the SigmaHQ rule writes', () => {
    const alert = PACK.alert('rds-instance-restored-public');
    expect(alert.eventPattern!.detail.responseElements).toEqual({ publiclyAccessible: [true] });
    expect(alert.metricFilterPattern).toContain('$.responseElements.publiclyAccessible IS TRUE');
    const asString = changed('rds-restore-db-instance-from-db-snapshot-public', (record) => {
      record.responseElements.publiclyAccessible = 'true';
    });
    expect(matchesBothPaths(alert, asString)).toEqual([false, false]);
  });

  test('a VM export matches only without an error, whatever the response says', () => {
    const alert = PACK.alert('ec2-instance-exported');
    const accessDenied = changed('ec2-create-instance-export-task', (record) => {
      record.errorCode = 'Client.UnauthorizedOperation';
      record.responseElements = null;
    });
    expect(matchesBothPaths(alert, accessDenied)).toEqual([false, false]);
    expect(matchesBothPaths(AlertPack.BASELINE.alert('unauthorized-api-calls'), accessDenied)).toEqual([true, true]);
  });

  test('a snapshot shared with several accounts: the rule sees every permission, the metric filter the first', () => {
    const alert = PACK.alert('ebs-snapshot-shared');
    const publicSecond = changed('ec2-modify-snapshot-attribute-unshare', (record) => {
      record.requestParameters.createVolumePermission.add = { items: [{ userId: '111122223333' }, { group: 'all' }] };
    });
    expect(matchesBothPaths(alert, publicSecond)).toEqual([true, true]);
    const addAfterRemove = changed('ec2-modify-snapshot-attribute-unshare', (record) => {
      record.requestParameters.createVolumePermission.add = { items: [] };
    });
    expect(matchesBothPaths(alert, addAfterRemove)).toEqual([false, false]);
  });

  test('an RDS snapshot shared with no values added, or another attribute, does not match', () => {
    const alert = PACK.alert('rds-snapshot-shared');
    const emptyAdd = changed('rds-modify-db-snapshot-attribute-share', (record) => {
      record.requestParameters.valuesToAdd = [];
    });
    expect(matchesBothPaths(alert, emptyAdd)).toEqual([false, false]);
    const otherAttribute = changed('rds-modify-db-snapshot-attribute-share', (record) => {
      record.requestParameters.attributeName = 'other';
    });
    expect(matchesBothPaths(alert, otherAttribute)).toEqual([false, false]);
  });

  test('a bucket deletion in any bucket matches; the component\'s own buckets also have their tampering alerts', () => {
    const alert = PACK.alert('s3-bucket-deleted');
    const other = changed('s3-delete-bucket-access-logs', (record) => {
      record.requestParameters.bucketName = 'amzn-s3-demo-bucket';
    });
    expect(matchesBothPaths(alert, other)).toEqual([true, true]);
  });
});
