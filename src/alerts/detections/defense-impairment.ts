import { Alert, AlertSeverity } from '../catalog';
import { anyEventName, API_CALL, apiCalls } from '../event-patterns';

/*
 * Every service here records its calls in the Region where they are made (none of GuardDuty,
 * Security Hub, EC2, S3, AWS KMS, Amazon Bedrock or Amazon SES is a global service on
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events),
 * so every alert keeps the default region scope (a rule in every Region). None of the calls is
 * read-only.
 *
 * SigmaHQ's CloudTrail rules already answered elsewhere: `aws_cloudtrail_disable_logging`
 * (StopLogging, UpdateTrail, DeleteTrail) by `any-trail-logging-changes` and
 * `cloudtrail-configuration-changes`, `aws_config_disable_recording` by `config-changes`.
 */

const GUARDDUTY = 'guardduty.amazonaws.com';
const SECURITY_HUB = 'securityhub.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';
const S3 = 's3.amazonaws.com';
const KMS = 'kms.amazonaws.com';
const BEDROCK = 'bedrock.amazonaws.com';
const SES = 'ses.amazonaws.com';

/**
 * GuardDuty's own CloudTrail example (CreateThreatIntelSet) writes the API's boolean request
 * members as JSON booleans (`"activate": false`), so UpdateDetector's `Enable` is
 * `requestParameters.enable` with a JSON boolean.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/logging-using-cloudtrail.html
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html
 */
const GUARDDUTY_DETECTOR_DELETED_OR_DISABLED = Alert._define({
  id: 'guardduty-detector-deleted-or-disabled',
  title: 'GuardDuty detector deleted or disabled',
  severity: AlertSeverity.HIGH,
  techniques: ['T1562.001', 'T1562.008'],
  sourceRules: ['sigma:aws_cloudtrail_guardduty_detector_deleted_or_updated'],
  sourceRuleFix: 'requestParameters.enable is the JSON boolean false (the rule compares it with the string \'false\'); success is errorCode absent (CloudTrail never writes errorCode \'Success\').',
  eventPattern: {
    'detail-type': [API_CALL],
    'detail': {
      eventSource: [GUARDDUTY],
      errorCode: [{ exists: false }],
      $or: [
        { eventName: ['DeleteDetector'] },
        { eventName: ['UpdateDetector'], requestParameters: { enable: [false] } },
      ],
    },
  },
  metricFilterPattern: `{ ($.eventSource = "${GUARDDUTY}") && ($.errorCode NOT EXISTS) && (($.eventName = "DeleteDetector") || (($.eventName = "UpdateDetector") && ($.requestParameters.enable IS FALSE))) }`,
  eventNames: ['DeleteDetector', 'UpdateDetector'],
});

/**
 * A trusted IP list created or changed: GuardDuty raises no findings for traffic from the listed
 * addresses. UpdateIPSet (which can point an existing list at a new file or activate it) is added
 * to the rule's CreateIPSet: the rule's description is "updates of the GuardDuty list of trusted IPs".
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_upload-lists.html
 */
const GUARDDUTY_TRUSTED_IP_LIST_CHANGED_NAMES = ['CreateIPSet', 'UpdateIPSet'];
const GUARDDUTY_TRUSTED_IP_LIST_CHANGED = Alert._define({
  id: 'guardduty-trusted-ip-list-changed',
  title: 'GuardDuty trusted IP list created or updated',
  severity: AlertSeverity.HIGH,
  techniques: ['T1562.001'],
  sourceRules: ['sigma:aws_guardduty_disruption'],
  eventPattern: apiCalls(GUARDDUTY, GUARDDUTY_TRUSTED_IP_LIST_CHANGED_NAMES),
  metricFilterPattern: `{ ($.eventSource = "${GUARDDUTY}") && (${anyEventName(GUARDDUTY_TRUSTED_IP_LIST_CHANGED_NAMES)}) }`,
  eventNames: GUARDDUTY_TRUSTED_IP_LIST_CHANGED_NAMES,
});

/**
 * Findings updated (workflow status, severity, suppression) or insights changed or deleted.
 * MEDIUM rather than the rule's high: BatchUpdateFindings is the everyday triage call of
 * analysts and ticketing integrations.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ct.html
 */
const SECURITY_HUB_FINDING_EVASION_NAMES = ['BatchUpdateFindings', 'DeleteInsight', 'UpdateFindings', 'UpdateInsight'];
const SECURITY_HUB_FINDINGS_OR_INSIGHTS_CHANGED = Alert._define({
  id: 'securityhub-findings-or-insights-changed',
  title: 'Security Hub findings updated or insights changed or deleted',
  severity: AlertSeverity.MEDIUM,
  techniques: ['T1562'],
  sourceRules: ['sigma:aws_securityhub_finding_evasion'],
  eventPattern: apiCalls(SECURITY_HUB, SECURITY_HUB_FINDING_EVASION_NAMES),
  metricFilterPattern: `{ ($.eventSource = "${SECURITY_HUB}") && (${anyEventName(SECURITY_HUB_FINDING_EVASION_NAMES)}) }`,
  eventNames: SECURITY_HUB_FINDING_EVASION_NAMES,
});

/**
 * VPC (and subnet, interface, transit gateway) flow logs deleted. The rule names no event source
 * and no technique: DeleteFlowLogs is an EC2 API call, and flow logs are cloud logs (T1562.008,
 * whose procedure examples include Pacu disabling VPC flow logs).
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteFlowLogs.html
 * @see https://attack.mitre.org/techniques/T1562/008/
 */
const VPC_FLOW_LOGS_DELETED = Alert._define({
  id: 'vpc-flow-logs-deleted',
  title: 'VPC flow logs deleted',
  severity: AlertSeverity.HIGH,
  techniques: ['T1562.008'],
  sourceRules: ['sigma:aws_cloudtrail_vpc_flow_logs_deleted'],
  sourceRuleFix: 'Success is errorCode absent (CloudTrail never writes errorCode \'Success\'); the event source is pinned to ec2.amazonaws.com.',
  eventPattern: apiCalls(EC2, ['DeleteFlowLogs'], { errorCode: [{ exists: false }] }),
  metricFilterPattern: `{ ($.eventSource = "${EC2}") && ($.eventName = "DeleteFlowLogs") && ($.errorCode NOT EXISTS) }`,
  eventNames: ['DeleteFlowLogs'],
});

/**
 * The names CloudTrail records for S3 bucket configuration calls ("Amazon S3 bucket-level actions
 * tracked by CloudTrail logging"): the rule's PutEncryptionConfiguration, PutLifecycleConfiguration
 * and PutReplicationConfiguration are IAM action names that no CloudTrail event carries; the
 * events are PutBucketEncryption, PutBucketLifecycle and PutBucketReplication.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
 */
const S3_DATA_MANAGEMENT_NAMES = ['PutBucketLogging', 'PutBucketWebsite', 'PutBucketEncryption', 'PutBucketLifecycle', 'PutBucketReplication'];
const S3_DATA_MANAGEMENT_FIX = 'PutEncryptionConfiguration, PutLifecycleConfiguration and PutReplicationConfiguration are IAM action names, never CloudTrail event names: the events are PutBucketEncryption, PutBucketLifecycle and PutBucketReplication. RestoreObject is an object-level data event (alert \'s3-archived-object-restored\'); ReplicateObject is not among the object-level calls CloudTrail records and is left out.';
const S3_DATA_MANAGEMENT_CHANGES = Alert._define({
  id: 's3-data-management-changes',
  title: 'S3 bucket logging, website, encryption, lifecycle or replication changed',
  severity: AlertSeverity.LOW,
  techniques: ['T1537'],
  sourceRules: ['sigma:aws_s3_data_management_tampering'],
  sourceRuleFix: S3_DATA_MANAGEMENT_FIX,
  eventPattern: apiCalls(S3, S3_DATA_MANAGEMENT_NAMES),
  metricFilterPattern: `{ ($.eventSource = "${S3}") && (${anyEventName(S3_DATA_MANAGEMENT_NAMES)}) }`,
  eventNames: S3_DATA_MANAGEMENT_NAMES,
});

/**
 * An archived object (S3 Glacier storage classes) restored: the object-level half of the same
 * rule. RestoreObject is a data event, recorded only by a trail whose selectors log
 * `AWS::S3::Object` data events.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
 */
const S3_ARCHIVED_OBJECT_RESTORED = Alert._define({
  id: 's3-archived-object-restored',
  title: 'An archived S3 object restored (needs S3 data events)',
  severity: AlertSeverity.LOW,
  techniques: ['T1537'],
  sourceRules: ['sigma:aws_s3_data_management_tampering'],
  sourceRuleFix: S3_DATA_MANAGEMENT_FIX,
  eventPattern: apiCalls(S3, ['RestoreObject']),
  metricFilterPattern: `{ ($.eventSource = "${S3}") && ($.eventName = "RestoreObject") }`,
  eventNames: ['RestoreObject'],
  dataEventResourceTypes: ['AWS::S3::Object'],
});

/**
 * Versioning suspended. S3 records the XML request body as an object named after its root
 * element (the S3 guide's PutBucketAcl example: `requestParameters.AccessControlPolicy`), so the
 * body `<VersioningConfiguration><Status>Suspended</Status>` is
 * `requestParameters.VersioningConfiguration.Status`. AWS publishes no PutBucketVersioning record:
 * the path is UNVERIFIED against an AWS sample (public rule repositories read the same path).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
 */
const S3_BUCKET_VERSIONING_SUSPENDED = Alert._define({
  id: 's3-bucket-versioning-suspended',
  title: 'S3 bucket versioning suspended',
  severity: AlertSeverity.MEDIUM,
  techniques: ['T1490'],
  sourceRules: ['sigma:aws_disable_bucket_versioning'],
  sourceRuleFix: 'requestParameters is an object, so \'requestParameters contains Suspended\' cannot be a pattern: the alert reads requestParameters.VersioningConfiguration.Status = \'Suspended\'.',
  eventPattern: apiCalls(S3, ['PutBucketVersioning'], { requestParameters: { VersioningConfiguration: { Status: ['Suspended'] } } }),
  metricFilterPattern: `{ ($.eventSource = "${S3}") && ($.eventName = "PutBucketVersioning") && ($.requestParameters.VersioningConfiguration.Status = "Suspended") }`,
  eventNames: ['PutBucketVersioning'],
});

/**
 * EBS encryption by default turned off in a Region (existing volumes stay encrypted).
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableEbsEncryptionByDefault.html
 */
const EBS_DEFAULT_ENCRYPTION_DISABLED = Alert._define({
  id: 'ebs-default-encryption-disabled',
  title: 'EBS encryption by default disabled',
  severity: AlertSeverity.MEDIUM,
  techniques: ['T1486', 'T1565'],
  sourceRules: ['sigma:aws_ec2_disable_encryption'],
  eventPattern: apiCalls(EC2, ['DisableEbsEncryptionByDefault']),
  metricFilterPattern: `{ ($.eventSource = "${EC2}") && ($.eventName = "DisableEbsEncryptionByDefault") }`,
  eventNames: ['DisableEbsEncryptionByDefault'],
});

/**
 * Key material imported into, or deleted from, a KMS key: with material the attacker holds, data
 * encrypted under the key can be held to ransom. The rule's second tag, T1608.003 (Install
 * Digital Certificate), describes certificates on adversary infrastructure and is left out.
 * Lost when the trail leaves out KMS events (`kms.amazonaws.com` excluded from management events).
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/ct-importkeymaterial.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/ct-deleteimportedkeymaterial.html
 */
const KMS_KEY_MATERIAL_NAMES = ['ImportKeyMaterial', 'DeleteImportedKeyMaterial'];
const KMS_IMPORTED_KEY_MATERIAL_CHANGED = Alert._define({
  id: 'kms-imported-key-material-changed',
  title: 'KMS key material imported or deleted',
  severity: AlertSeverity.HIGH,
  techniques: ['T1486'],
  sourceRules: ['sigma:aws_kms_import_key_material'],
  eventPattern: apiCalls(KMS, KMS_KEY_MATERIAL_NAMES),
  metricFilterPattern: `{ ($.eventSource = "${KMS}") && (${anyEventName(KMS_KEY_MATERIAL_NAMES)}) }`,
  eventNames: KMS_KEY_MATERIAL_NAMES,
});

/**
 * T1685 (Disable or Modify Tools) is the ATT&CK v19 technique of the Defense Impairment tactic
 * that the Bedrock rules are tagged with.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteGuardrail.html
 */
const BEDROCK_GUARDRAIL_DELETED = Alert._define({
  id: 'bedrock-guardrail-deleted',
  title: 'Bedrock guardrail deleted',
  severity: AlertSeverity.MEDIUM,
  techniques: ['T1685'],
  sourceRules: ['sigma:aws_cloudtrail_bedrock_guardrail_deleted'],
  eventPattern: apiCalls(BEDROCK, ['DeleteGuardrail']),
  metricFilterPattern: `{ ($.eventSource = "${BEDROCK}") && ($.eventName = "DeleteGuardrail") }`,
  eventNames: ['DeleteGuardrail'],
});

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_UpdateGuardrail.html */
const BEDROCK_GUARDRAIL_UPDATED = Alert._define({
  id: 'bedrock-guardrail-updated',
  title: 'Bedrock guardrail updated',
  severity: AlertSeverity.MEDIUM,
  techniques: ['T1685'],
  sourceRules: ['sigma:aws_cloudtrail_bedrock_guardrail_updated'],
  eventPattern: apiCalls(BEDROCK, ['UpdateGuardrail']),
  metricFilterPattern: `{ ($.eventSource = "${BEDROCK}") && ($.eventName = "UpdateGuardrail") }`,
  eventNames: ['UpdateGuardrail'],
});

/**
 * An SES identity (email address or domain) deleted, e.g. after it sent spam or phishing. The SES
 * API v2 call DeleteEmailIdentity is not matched (no CloudTrail sample of it was found).
 * @see https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html
 */
const SES_IDENTITY_DELETED = Alert._define({
  id: 'ses-identity-deleted',
  title: 'SES identity deleted',
  severity: AlertSeverity.MEDIUM,
  techniques: ['T1070'],
  sourceRules: ['sigma:aws_delete_identity'],
  eventPattern: apiCalls(SES, ['DeleteIdentity']),
  metricFilterPattern: `{ ($.eventSource = "${SES}") && ($.eventName = "DeleteIdentity") }`,
  eventNames: ['DeleteIdentity'],
});

/**
 * Defense impairment: turning off or blinding logging, monitoring, findings and security controls (GuardDuty, Security Hub, flow logs, S3 logging and versioning, EBS encryption, KMS key material, Bedrock guardrails).
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const DEFENSE_IMPAIRMENT_ALERTS: Alert[] = [
  GUARDDUTY_DETECTOR_DELETED_OR_DISABLED,
  GUARDDUTY_TRUSTED_IP_LIST_CHANGED,
  SECURITY_HUB_FINDINGS_OR_INSIGHTS_CHANGED,
  VPC_FLOW_LOGS_DELETED,
  S3_DATA_MANAGEMENT_CHANGES,
  S3_ARCHIVED_OBJECT_RESTORED,
  S3_BUCKET_VERSIONING_SUSPENDED,
  EBS_DEFAULT_ENCRYPTION_DISABLED,
  KMS_IMPORTED_KEY_MATERIAL_CHANGED,
  BEDROCK_GUARDRAIL_DELETED,
  BEDROCK_GUARDRAIL_UPDATED,
  SES_IDENTITY_DELETED,
];
