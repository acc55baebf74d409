import { Alert, AlertSeverity } from '../catalog';
import { anyEventName, apiCalls } from '../event-patterns';

/**
 * `ModifySnapshotAttribute` records name the accounts a snapshot is shared with in
 * `requestParameters.createVolumePermission.add.items[].userId`, and removals under `.remove`
 * (Stratus Red Team's detonation log of aws.exfiltration.ec2-share-ebs-snapshot). Making a snapshot
 * public adds the group `all` (the API's `CreateVolumePermission.Group`); other public rule
 * repositories record it as `group`, Stratus Red Team's prose as `groups` (UNVERIFIED which one
 * CloudTrail writes, so both are matched).
 * @see https://github.com/DataDog/stratus-red-team/blob/main/docs/attack-techniques/AWS/aws.exfiltration.ec2-share-ebs-snapshot.md
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolumePermission.html
 */
const SNAPSHOT_PERMISSION_MEMBERS = ['userId', 'group', 'groups'];

/**
 * `ModifyDBSnapshotAttribute` records carry `attributeName: restore` and the accounts added in
 * `valuesToAdd` (`all` makes the snapshot public; Stratus Red Team's detonation log of
 * aws.exfiltration.rds-share-snapshot). Aurora cluster snapshots are shared with
 * `ModifyDBClusterSnapshotAttribute`, whose request has the same `AttributeName` and `ValuesToAdd`
 * (API reference; its record shape is UNVERIFIED).
 * @see https://github.com/DataDog/stratus-red-team/blob/main/docs/attack-techniques/AWS/aws.exfiltration.rds-share-snapshot.md
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshotAttribute.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBClusterSnapshotAttribute.html
 */
const RDS_SNAPSHOT_SHARE_EVENT_NAMES = ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'];

const RDS_CLUSTER_EVENT_NAMES = ['ModifyDBCluster', 'DeleteDBCluster'];

/**
 * Exfiltration and exposure: buckets, file systems and database clusters deleted, snapshots shared,
 * instances exported, databases restored public, master passwords reset.
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written. Only `s3-bucket-deleted` and
 * `ec2-instance-exported` require a successful call, because their rules do.
 */
export const EXFILTRATION_AND_EXPOSURE_ALERTS: Alert[] = [
  /**
   * A bucket deleted (successfully: `errorCode` absent; the rule's `errorCode: Success` branch
   * never occurs in CloudTrail and is dropped). Sigma tags only the defense-evasion tactic; the
   * technique is Data Destruction. The archive and access-log buckets of this component have their
   * own CRITICAL/HIGH tampering alerts.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
   */
  Alert._define({
    id: 's3-bucket-deleted',
    title: 'S3 bucket deleted',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1485'],
    sourceRules: ['sigma:aws_cloudtrail_bucket_deleted'],
    eventPattern: apiCalls('s3.amazonaws.com', ['DeleteBucket'], { errorCode: [{ exists: false }] }),
    metricFilterPattern: '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "DeleteBucket") && ($.errorCode NOT EXISTS) }',
    eventNames: ['DeleteBucket'],
  }),

  /**
   * Create volume permission added to an EBS snapshot, for another account or for everyone.
   * Raised from Sigma's medium to high: narrowed to additions, every match is a copy of a disk
   * leaving the account's control. The metric filter reads the first permission of the request
   * (CloudWatch Logs selects array elements by index); the rule reads every one.
   */
  Alert._define({
    id: 'ebs-snapshot-shared',
    title: 'EBS snapshot shared with another account or made public',
    severity: AlertSeverity.HIGH,
    techniques: ['T1537'],
    sourceRules: ['sigma:aws_snapshot_backup_exfiltration'],
    sourceRuleFix: 'narrowed to create volume permissions added (requestParameters.createVolumePermission.add); '
      + 'the rule as written fires on every ModifySnapshotAttribute, removals included',
    eventPattern: apiCalls('ec2.amazonaws.com', ['ModifySnapshotAttribute'], {
      $or: SNAPSHOT_PERMISSION_MEMBERS.map((member) => ({
        requestParameters: { createVolumePermission: { add: { items: { [member]: [{ exists: true }] } } } },
      })),
    }),
    metricFilterPattern: `{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "ModifySnapshotAttribute") && (${SNAPSHOT_PERMISSION_MEMBERS
      .map((member) => `($.requestParameters.createVolumePermission.add.items[0].${member} = "*")`).join(' || ')}) }`,
    eventNames: ['ModifySnapshotAttribute'],
  }),

  /**
   * An RDS DB or cluster snapshot shared with another account or made public: the `restore`
   * attribute with values added. No SigmaHQ rule covers it; it is the RDS form of
   * `ebs-snapshot-shared`. `attributeName` and `valuesToAdd` are checked in the request; the
   * metric filter reads its first value (CloudWatch Logs' `= "*"` is the "field exists" form that
   * CDK's `FilterPattern.exists()` writes).
   */
  Alert._define({
    id: 'rds-snapshot-shared',
    title: 'RDS snapshot shared with another account or made public',
    severity: AlertSeverity.HIGH,
    techniques: ['T1537'],
    eventPattern: apiCalls('rds.amazonaws.com', RDS_SNAPSHOT_SHARE_EVENT_NAMES, {
      requestParameters: { attributeName: ['restore'], valuesToAdd: [{ exists: true }] },
    }),
    metricFilterPattern: `{ ($.eventSource = "rds.amazonaws.com") && (${anyEventName(RDS_SNAPSHOT_SHARE_EVENT_NAMES)}) && ($.requestParameters.attributeName = "restore") && ($.requestParameters.valuesToAdd[0] = "*") }`,
    eventNames: RDS_SNAPSHOT_SHARE_EVENT_NAMES,
  }),

  /**
   * An instance exported to S3 (`CreateInstanceExportTask` without an error). The rule's title says
   * "failure", but its logic and description select exports with no error: an export that worked is
   * the one that moved a disk image out. Raised from Sigma's low to medium: exports are rare and
   * copy whole disks. A refused export for lack of permission is reported by
   * `unauthorized-api-calls` (CIS 4.1).
   * @see https://docs.aws.amazon.com/vm-import/latest/userguide/vmexport.html
   */
  Alert._define({
    id: 'ec2-instance-exported',
    title: 'EC2 instance exported to S3',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1005', 'T1537'],
    sourceRules: ['sigma:aws_ec2_vm_export_failure'],
    sourceRuleFix: 'the title says failure but the logic selects exports without an error: we alert on successful CreateInstanceExportTask calls (errorCode absent) '
      + 'and drop responseElements|contains "Failure", which tests an object as a string and never matches',
    eventPattern: apiCalls('ec2.amazonaws.com', ['CreateInstanceExportTask'], { errorCode: [{ exists: false }] }),
    metricFilterPattern: '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "CreateInstanceExportTask") && ($.errorCode NOT EXISTS) }',
    eventNames: ['CreateInstanceExportTask'],
  }),

  /**
   * An EFS file system deleted. Sigma tags only the impact tactic; the technique is Data Destruction.
   * @see https://docs.aws.amazon.com/efs/latest/ug/logging-using-cloudtrail.html
   */
  Alert._define({
    id: 'efs-file-system-deleted',
    title: 'EFS file system deleted',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1485'],
    sourceRules: ['sigma:aws_efs_fileshare_modified_or_deleted'],
    eventPattern: apiCalls('elasticfilesystem.amazonaws.com', ['DeleteFileSystem']),
    metricFilterPattern: '{ ($.eventSource = "elasticfilesystem.amazonaws.com") && ($.eventName = "DeleteFileSystem") }',
    eventNames: ['DeleteFileSystem'],
  }),

  /** An EFS mount target deleted (a file system's mount targets go before the file system can). */
  Alert._define({
    id: 'efs-mount-target-deleted',
    title: 'EFS mount target deleted',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1485'],
    sourceRules: ['sigma:aws_efs_fileshare_mount_modified_or_deleted'],
    eventPattern: apiCalls('elasticfilesystem.amazonaws.com', ['DeleteMountTarget']),
    metricFilterPattern: '{ ($.eventSource = "elasticfilesystem.amazonaws.com") && ($.eventName = "DeleteMountTarget") }',
    eventNames: ['DeleteMountTarget'],
  }),

  /**
   * A DB instance's master password changed: `ModifyDBInstance` whose response lists
   * `pendingModifiedValues.masterUserPassword` (RDS masks it as `****`, as the RDS guide's
   * CreateDBInstance record shows).
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/logging-using-cloudtrail.html
   */
  Alert._define({
    id: 'rds-master-password-changed',
    title: 'RDS DB instance master password changed',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1020'],
    sourceRules: ['sigma:aws_rds_change_master_password'],
    eventPattern: apiCalls('rds.amazonaws.com', ['ModifyDBInstance'], {
      responseElements: { pendingModifiedValues: { masterUserPassword: [{ exists: true }] } },
    }),
    metricFilterPattern: '{ ($.eventSource = "rds.amazonaws.com") && ($.eventName = "ModifyDBInstance") && ($.responseElements.pendingModifiedValues.masterUserPassword = "*") }',
    eventNames: ['ModifyDBInstance'],
  }),

  /**
   * An RDS or Aurora cluster modified or deleted. Lowered from Sigma's high to medium:
   * `ModifyDBCluster` is also every routine configuration change (backups, maintenance windows,
   * scaling).
   */
  Alert._define({
    id: 'rds-cluster-modified-or-deleted',
    title: 'RDS cluster modified or deleted',
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1020'],
    sourceRules: ['sigma:aws_rds_dbcluster_actions'],
    eventPattern: apiCalls('rds.amazonaws.com', RDS_CLUSTER_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = "rds.amazonaws.com") && (${anyEventName(RDS_CLUSTER_EVENT_NAMES)}) }`,
    eventNames: RDS_CLUSTER_EVENT_NAMES,
  }),

  /**
   * A DB instance restored from a snapshot as publicly accessible. CloudTrail writes
   * `responseElements.publiclyAccessible` as a JSON boolean (RDS guide example), which EventBridge
   * matches only as `true` and CloudWatch Logs only with `IS TRUE`.
   */
  Alert._define({
    id: 'rds-instance-restored-public',
    title: 'RDS DB instance restored from a snapshot as publicly accessible',
    severity: AlertSeverity.HIGH,
    techniques: ['T1020'],
    sourceRules: ['sigma:aws_rds_public_db_restore'],
    sourceRuleFix: 'responseElements.publiclyAccessible is a JSON boolean: matched as true (EventBridge) and IS TRUE (CloudWatch Logs), '
      + 'where the rule\'s string "true" never matches in either',
    eventPattern: apiCalls('rds.amazonaws.com', ['RestoreDBInstanceFromDBSnapshot'], { responseElements: { publiclyAccessible: [true] } }),
    metricFilterPattern: '{ ($.eventSource = "rds.amazonaws.com") && ($.eventName = "RestoreDBInstanceFromDBSnapshot") && ($.responseElements.publiclyAccessible IS TRUE) }',
    eventNames: ['RestoreDBInstanceFromDBSnapshot'],
  }),
];
