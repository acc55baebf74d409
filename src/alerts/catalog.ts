import { Duration, Fn, Token, Tokenization } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { API_CALL, anyEventName, apiCalls, CONSOLE_ACTION, CONSOLE_SIGN_IN, INSIGHT } from './event-patterns';
import {
  ALARM_PERIOD_MAX_SECONDS,
  ALERT_ID_MAX_LENGTH,
  EVENT_PATTERN_MAX_LENGTH,
  METRIC_FILTER_PATTERN_MAX_LENGTH,
} from './limits';
import { namePrefixProblems } from '../private/alert-names';

/**
 * How bad an alert is. The values are Security Hub's severity labels.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html
 */
export enum AlertSeverity {
  /** Act now: the audit pipeline or the account's root is at stake. */
  CRITICAL = 'CRITICAL',
  /** Act soon. */
  HIGH = 'HIGH',
  /** Review within the day. */
  MEDIUM = 'MEDIUM',
  /** Review when convenient. */
  LOW = 'LOW',
  /** For the record. */
  INFORMATIONAL = 'INFORMATIONAL',
}

/**
 * Where the events an alert looks for are delivered to EventBridge. A rule only sees the events
 * of its own account and Region.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 */
export enum AlertRegionScope {
  /** The events are delivered in the Region where they happen: deploy the rule in every Region. */
  EVERY_REGION = 'EVERY_REGION',
  /**
   * Global-service events (IAM, STS global endpoint, AWS Organizations) are delivered only in
   * us-east-1 (in the partition's global-service Region: us-gov-west-1 in AWS GovCloud (US),
   * cn-north-1 in China): the rule must live there.
   */
  US_EAST_1 = 'US_EAST_1',
  /**
   * Root sign-ins and global-service calls arrive in us-east-1, the other events where they happen
   * (IAM-user console sign-ins land in the Region the console redirects to): the rule must live in
   * us-east-1 and in every other Region.
   */
  US_EAST_1_AND_EVERY_REGION = 'US_EAST_1_AND_EVERY_REGION',
}

/**
 * Everything an alert is made of. Used by `Alert.custom()`.
 */
export interface AlertProps {
  /**
   * Stable kebab-case id (lowercase letters, digits and single hyphens, at most 48 characters).
   * Rule descriptions and metric names carry it.
   */
  readonly id: string;

  /** A one-line title for notifications and docs. */
  readonly title: string;

  /**
   * How bad a match is.
   * @default AlertSeverity.MEDIUM
   */
  readonly severity?: AlertSeverity;

  /**
   * CIS AWS Foundations Benchmark and Security Hub control ids the alert satisfies (e.g. 'CIS 4.3', 'CloudWatch.1').
   * @default - none
   */
  readonly controls?: string[];

  /**
   * The EventBridge event pattern matching the CloudTrail events, e.g.
   * `{ detailType: ['AWS API Call via CloudTrail'], detail: { eventSource: ['iam.amazonaws.com'] } }`
   * (`events.Match` helpers work in every field). At most 2048 characters as JSON.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
   * @default - no EventBridge rule for this alert
   */
  readonly eventPattern?: events.EventPattern;

  /**
   * The CloudWatch Logs filter pattern matching the same events in the trail's log group (at most 1024 characters).
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
   * @default - no metric filter for this alert
   */
  readonly metricFilterPattern?: string;

  /**
   * The CloudTrail event names the alert covers (documentation; empty means "any").
   * @default - any event name
   */
  readonly eventNames?: string[];

  /**
   * Where the rule must be deployed to see the events.
   * @default AlertRegionScope.EVERY_REGION
   */
  readonly regionScope?: AlertRegionScope;

  /**
   * The alert must see read-only management events (Get/List/Describe), which EventBridge delivers
   * only to rules in state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
   * @default false
   */
  readonly readOnlyManagementEvents?: boolean;

  /**
   * The alert matches CloudTrail Insights events, so it can fire only on a trail with Insights on
   * (`OrganizationTrail` warns when it has no `insightTypes`).
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
   * @default false
   */
  readonly requiresInsights?: boolean;

  /**
   * The data event resource types the alert watches (e.g. 'AWS::S3::Object'): CloudTrail delivers
   * data events, to the log group and to EventBridge, only from trails whose selectors record them
   * (`OrganizationTrail` warns when none does).
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
   * @default - management events only
   */
  readonly dataEventResourceTypes?: string[];

  /**
   * MITRE ATT&CK technique ids the alert detects (e.g. 'T1562.008').
   * @see https://attack.mitre.org/matrices/enterprise/cloud/iaas/
   * @default - none
   */
  readonly techniques?: string[];

  /**
   * Community detection rules the alert answers, as '<rule set>:<rule>' (e.g.
   * 'sigma:aws_cloudtrail_disable_logging', the SigmaHQ rule file's name without '.yml').
   * @default - none
   */
  readonly sourceRules?: string[];

  /**
   * What the alert does differently from its source rules, where a rule never matches (or always
   * matches) as written, e.g. 'eventSource is route53domains.amazonaws.com, not route53'.
   * @default - the alert matches what its source rules say
   */
  readonly sourceRuleFix?: string;

  /**
   * The metric-filter alarm fires when at least this many matching events arrive within
   * `alarmPeriod` (a count over a window; EventBridge cannot count, so such an alert has no
   * `eventPattern`).
   * @default 1
   */
  readonly alarmThreshold?: number;

  /**
   * The window over which `alarmThreshold` events are counted: a whole number of minutes, at most
   * one day.
   * @default - the alarms' period (`MetricFilterAlarmsProps.period`, 5 minutes by default)
   */
  readonly alarmPeriod?: Duration;
}

/**
 * An alert as the catalog writes it: an `AlertProps` whose event pattern is already in EventBridge's
 * JSON form (`detail-type`, `$or`), which the typed `events.EventPattern` cannot express.
 */
interface AlertDefinition extends Omit<AlertProps, 'eventPattern'> {
  readonly eventPattern?: { [key: string]: any };
}

/** EventBridge's JSON names of the typed pattern's fields. */
const EVENT_PATTERN_FIELDS: { [field in keyof events.EventPattern]-?: string } = {
  version: 'version',
  id: 'id',
  detailType: 'detail-type',
  source: 'source',
  account: 'account',
  time: 'time',
  region: 'region',
  resources: 'resources',
  detail: 'detail',
};

/** The typed pattern in EventBridge's JSON form (unset fields left out; `events.Match` values kept as they are). */
function eventPatternJson(pattern: events.EventPattern): { [key: string]: any } {
  const json: { [key: string]: any } = {};
  for (const [field, name] of Object.entries(EVENT_PATTERN_FIELDS)) {
    const value = (pattern as { [key: string]: unknown })[field];
    if (value !== undefined) {
      json[name] = value;
    }
  }
  return json;
}

const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ATTACK_TECHNIQUE = /^T[0-9]{4}(\.[0-9]{3})?$/;
const SOURCE_RULE = /^[a-z0-9-]+:[A-Za-z0-9_.-]+$/;
const DATA_RESOURCE_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;
const OPERATORS = new Set(['prefix', 'suffix', 'anything-but', 'exists', 'equals-ignore-case', 'numeric', 'cidr', 'wildcard']);

const IAM_POLICY_EVENT_NAMES = [
  'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
  'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
];
const CLOUDTRAIL_CHANGE_EVENT_NAMES = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'];
const S3_BUCKET_POLICY_EVENT_NAMES = [
  'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
  'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
];
const CONFIG_EVENT_NAMES = ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'];
const SECURITY_GROUP_EVENT_NAMES = [
  'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
  'CreateSecurityGroup', 'DeleteSecurityGroup',
];
const NACL_EVENT_NAMES = [
  'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
];
const GATEWAY_EVENT_NAMES = [
  'CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
  'DeleteInternetGateway', 'DetachInternetGateway',
];
const ROUTE_TABLE_EVENT_NAMES = [
  'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute',
  'DisassociateRouteTable',
];
const VPC_EVENT_NAMES = [
  'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc',
  'DisableVpcClassicLink', 'EnableVpcClassicLink',
];
const ORGANIZATIONS_EVENT_NAMES = [
  'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake',
  'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType',
  'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization',
  'UpdatePolicy', 'UpdateOrganizationalUnit',
];
const SECURITY_GROUP_RULE_EVENT_NAMES = [
  'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
];
const TRAIL_TAMPERING_EVENT_NAMES = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'];
/** The CIS 4.7 pair. */
const KEY_TAMPERING_EVENT_NAMES = ['DisableKey', 'ScheduleKeyDeletion'];
/**
 * Calls that disable, delete, re-permission or grant use of the trail key. Each has a CloudTrail
 * example in the AWS KMS developer guide (ct-disablekey, ct-schedule-key-deletion,
 * ct-put-key-policy, ct-creategrant, ct-retire-grant, ct-revoke-grant), and each example lists
 * the key's ARN in `resources[].ARN`; RetireGrant records carry no `requestParameters` at all.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html
 */
const TRAIL_KEY_TAMPERING_EVENT_NAMES = [
  'DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant',
];
/**
 * Bucket-level calls that weaken or remove a component bucket, under the event names CloudTrail
 * records ("Amazon S3 CloudTrail events": lifecycle is `PutBucketLifecycle`, the notification
 * configuration `PutBucketNotification`, the public access block `PutBucketPublicAccessBlock`).
 * `PutObjectLockConfiguration` and the ownership-control calls are S3 API names that the older
 * version of that list predates (UNVERIFIED against a recorded event; a name that is never
 * recorded costs nothing).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
 */
const BUCKET_TAMPERING_EVENT_NAMES = [
  'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutBucketLifecycle', 'DeleteBucketLifecycle',
  'PutBucketVersioning', 'PutObjectLockConfiguration', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock',
  'PutBucketEncryption', 'DeleteBucketEncryption', 'PutBucketOwnershipControls', 'DeleteBucketOwnershipControls',
  'PutBucketLogging', 'PutBucketNotification', 'PutBucketReplication', 'DeleteBucketReplication', 'DeleteBucket',
];
/**
 * Calls that delete the log group or its events, shorten its retention, change its metric filters
 * (the alarms read them) or its encryption. The first seven are in the CloudWatch Logs guide's list
 * of calls CloudTrail records; AssociateKmsKey and DisassociateKmsKey are API names (UNVERIFIED
 * against a recorded event).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls_cwl.html
 */
const LOG_GROUP_TAMPERING_EVENT_NAMES = [
  'DeleteLogGroup', 'DeleteLogStream', 'PutRetentionPolicy', 'DeleteRetentionPolicy', 'PutMetricFilter',
  'DeleteMetricFilter', 'DeleteSubscriptionFilter', 'AssociateKmsKey', 'DisassociateKmsKey',
];
/**
 * CloudWatch alarm calls that delete, silence or redefine an alarm (CloudTrail records them: the
 * CloudWatch user guide lists them and shows a PutMetricAlarm record with `requestParameters.alarmName`).
 * DeleteAlarms and DisableAlarmActions name alarms in `requestParameters.alarmNames`, the API's
 * `AlarmNames` in CloudTrail's camelCase (UNVERIFIED against a recorded event).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html
 */
const ALARM_TAMPERING_EVENT_NAMES = ['DeleteAlarms', 'DisableAlarmActions', 'PutMetricAlarm'];
/**
 * EventBridge rule calls that delete, disable, redefine or retarget a rule. PutRule records carry
 * `requestParameters.name` (EventBridge user guide example); DeleteRule and DisableRule take `Name`,
 * PutTargets and RemoveTargets `Rule` (API reference; UNVERIFIED against recorded events). The
 * CloudWatch user guide lists these calls as recorded and shows the same PutRule record.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html
 */
const RULE_TAMPERING_EVENT_NAMES = ['DeleteRule', 'DisableRule', 'PutRule', 'PutTargets', 'RemoveTargets'];
/** `detail-type` S3 gives deletions it sends to EventBridge ("Using EventBridge", S3 user guide). */
const OBJECT_DELETED = 'Object Deleted';
/** `detail.reason` of deletions by S3 Lifecycle ("EventBridge event message structure", S3 user guide). */
const LIFECYCLE_EXPIRATION = 'Lifecycle Expiration';

/**
 * The trail that `Alert.trailTampering()` watches.
 */
export interface TrailTamperingOptions {
  /** The trail's name (CloudTrail requests name a trail by name or by ARN; both are matched). */
  readonly trailName: string;
}

/**
 * The key that `Alert.trailKeyTampering()` watches.
 */
export interface TrailKeyTamperingOptions {
  /** The key's ARN (`arn:<partition>:kms:<region>:<account>:key/<key-id>`); requests naming it by ARN or by key id are matched. */
  readonly keyArn: string;
}

/**
 * A bucket of the component, for `Alert.archiveBucketTampering()`, `Alert.accessLogsBucketTampering()`
 * and `Alert.archiveObjectDeleted()`.
 */
export interface ComponentBucketOptions {
  /** The bucket's name (requests name a bucket by name). */
  readonly bucketName: string;
}

/**
 * The log group that `Alert.logGroupTampering()` watches.
 */
export interface LogGroupTamperingOptions {
  /** The log group's name (CloudWatch Logs requests name it in `logGroupName`). */
  readonly logGroupName: string;
}

/**
 * The alarms and rules that `Alert.alertingTampering()` watches.
 */
export interface AlertingTamperingOptions {
  /**
   * The prefix every alarm name and rule name of the component starts with (see `namePrefix`
   * of `TrailAlertsOptions`): letters, digits, '.', '-' and '_', 1 to 32 characters.
   */
  readonly namePrefix: string;
}

/**
 * One alert of the catalog: a CloudTrail event pattern for EventBridge and the equivalent CloudWatch
 * Logs metric-filter pattern, with the CIS AWS Foundations and Security Hub controls it satisfies.
 *
 * The CIS alerts carry the exact metric-filter patterns Security Hub checks (CloudWatch.1-14): a
 * modified pattern fails the control.
 *
 * @example
 * const alerts = [Alert.ROOT_ACCOUNT_USAGE, Alert.trailTampering({ trailName: 'org-trail' })];
 */
export class Alert {
  /** CIS 4.1 / Security Hub CloudWatch.2: API calls refused with UnauthorizedOperation or AccessDenied. */
  public static readonly UNAUTHORIZED_API_CALLS = new Alert({
    id: 'unauthorized-api-calls',
    title: 'Unauthorized API calls',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.1', 'CloudWatch.2'],
    eventPattern: {
      'detail-type': [API_CALL],
      'detail': { errorCode: [{ suffix: 'UnauthorizedOperation' }, { prefix: 'AccessDenied' }] },
    },
    metricFilterPattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
    readOnlyManagementEvents: true,
  });

  /** CIS 4.2 / Security Hub CloudWatch.3: an IAM user signed in to the console without MFA. */
  public static readonly CONSOLE_SIGN_IN_WITHOUT_MFA = new Alert({
    id: 'console-sign-in-without-mfa',
    techniques: ['T1078.004'],
    sourceRules: ['sigma:aws_cloudtrail_console_login_success_without_mfa'],
    sourceRuleFix: 'CloudTrail writes additionalEventData.MFAUsed as "No"; the rule\'s "NO" never matches case-sensitive EventBridge and CloudWatch Logs patterns, so this alert matches anything but "Yes" (Security Hub\'s pattern)',
    title: 'Console sign-in without MFA',
    severity: AlertSeverity.HIGH,
    controls: ['CIS 4.2', 'CloudWatch.3'],
    eventPattern: {
      'detail-type': [...CONSOLE_SIGN_IN],
      'detail': {
        eventSource: ['signin.amazonaws.com'],
        eventName: ['ConsoleLogin'],
        userIdentity: { type: ['IAMUser'] },
        responseElements: { ConsoleLogin: ['Success'] },
        additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
      },
    },
    metricFilterPattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    eventNames: ['ConsoleLogin'],
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
  });

  /** CIS 4.3 / Security Hub CloudWatch.1: the root user did something (not an AWS service on its behalf). */
  public static readonly ROOT_ACCOUNT_USAGE = new Alert({
    id: 'root-account-usage',
    techniques: ['T1078.004'],
    sourceRules: ['sigma:aws_root_account_usage'],
    title: 'Root user activity',
    severity: AlertSeverity.CRITICAL,
    controls: ['CIS 4.3', 'CloudWatch.1'],
    eventPattern: {
      'detail-type': [API_CALL, ...CONSOLE_SIGN_IN, CONSOLE_ACTION],
      'detail': {
        userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] },
        eventType: [{ 'anything-but': 'AwsServiceEvent' }],
      },
    },
    metricFilterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
    readOnlyManagementEvents: true,
  });

  /** CIS 4.4 / Security Hub CloudWatch.4: IAM policy changes (Security Hub's form of the pattern). */
  public static readonly IAM_POLICY_CHANGES = new Alert({
    id: 'iam-policy-changes',
    techniques: ['T1098'],
    title: 'IAM policy changes',
    severity: AlertSeverity.HIGH,
    controls: ['CIS 4.4', 'CloudWatch.4'],
    eventPattern: apiCalls('iam.amazonaws.com', IAM_POLICY_EVENT_NAMES),
    metricFilterPattern: `{($.eventSource=iam.amazonaws.com) && (${IAM_POLICY_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')})}`,
    eventNames: IAM_POLICY_EVENT_NAMES,
    regionScope: AlertRegionScope.US_EAST_1,
  });

  /** CIS 4.5 / Security Hub CloudWatch.5: CloudTrail configuration changes. */
  public static readonly CLOUDTRAIL_CONFIGURATION_CHANGES = new Alert({
    id: 'cloudtrail-configuration-changes',
    techniques: ['T1562.008'],
    sourceRules: ['sigma:aws_cloudtrail_disable_logging'],
    title: 'CloudTrail configuration changes',
    severity: AlertSeverity.HIGH,
    controls: ['CIS 4.5', 'CloudWatch.5'],
    eventPattern: apiCalls('cloudtrail.amazonaws.com', CLOUDTRAIL_CHANGE_EVENT_NAMES),
    metricFilterPattern: `{${CLOUDTRAIL_CHANGE_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')}}`,
    eventNames: CLOUDTRAIL_CHANGE_EVENT_NAMES,
  });

  /** CIS 4.6 / Security Hub CloudWatch.6: failed console sign-ins. */
  public static readonly CONSOLE_AUTHENTICATION_FAILURES = new Alert({
    id: 'console-authentication-failures',
    techniques: ['T1110'],
    sourceRules: ['sigma:aws_cloudtrail_console_login_failed_authentication'],
    title: 'Console authentication failures',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.6', 'CloudWatch.6'],
    eventPattern: {
      'detail-type': [...CONSOLE_SIGN_IN],
      'detail': { eventSource: ['signin.amazonaws.com'], eventName: ['ConsoleLogin'], errorMessage: ['Failed authentication'] },
    },
    metricFilterPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    eventNames: ['ConsoleLogin'],
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
  });

  /** CIS 4.7 / Security Hub CloudWatch.7: a customer managed key disabled or scheduled for deletion. */
  public static readonly CMK_DISABLED_OR_SCHEDULED_FOR_DELETION = new Alert({
    id: 'cmk-disabled-or-scheduled-for-deletion',
    techniques: ['T1485'],
    title: 'KMS key disabled or scheduled for deletion',
    severity: AlertSeverity.HIGH,
    controls: ['CIS 4.7', 'CloudWatch.7'],
    eventPattern: apiCalls('kms.amazonaws.com', KEY_TAMPERING_EVENT_NAMES),
    metricFilterPattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    eventNames: KEY_TAMPERING_EVENT_NAMES,
  });

  /** CIS 4.8 / Security Hub CloudWatch.8: S3 bucket policy, ACL, CORS, lifecycle or replication changes. */
  public static readonly S3_BUCKET_POLICY_CHANGES = new Alert({
    id: 's3-bucket-policy-changes',
    title: 'S3 bucket policy changes',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.8', 'CloudWatch.8'],
    eventPattern: apiCalls('s3.amazonaws.com', S3_BUCKET_POLICY_EVENT_NAMES),
    metricFilterPattern: `{($.eventSource=s3.amazonaws.com) && (${S3_BUCKET_POLICY_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')})}`,
    eventNames: S3_BUCKET_POLICY_EVENT_NAMES,
  });

  /** CIS 4.9 / Security Hub CloudWatch.9: AWS Config recorder or delivery channel changes. */
  public static readonly CONFIG_CHANGES = new Alert({
    id: 'config-changes',
    techniques: ['T1562.008'],
    sourceRules: ['sigma:aws_config_disable_recording'],
    title: 'AWS Config configuration changes',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.9', 'CloudWatch.9'],
    eventPattern: apiCalls('config.amazonaws.com', CONFIG_EVENT_NAMES),
    metricFilterPattern: `{($.eventSource=config.amazonaws.com) && (${CONFIG_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')})}`,
    eventNames: CONFIG_EVENT_NAMES,
  });

  /** CIS 4.10 / Security Hub CloudWatch.10: security group changes. */
  public static readonly SECURITY_GROUP_CHANGES = new Alert({
    id: 'security-group-changes',
    techniques: ['T1562.007'],
    sourceRules: ['sigma:aws_cloudtrail_security_group_change_ingress_egress'],
    title: 'Security group changes',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.10', 'CloudWatch.10'],
    eventPattern: apiCalls('ec2.amazonaws.com', SECURITY_GROUP_EVENT_NAMES),
    metricFilterPattern: `{${SECURITY_GROUP_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')}}`,
    eventNames: SECURITY_GROUP_EVENT_NAMES,
  });

  /** CIS 4.11 / Security Hub CloudWatch.11: network ACL changes. */
  public static readonly NACL_CHANGES = new Alert({
    id: 'nacl-changes',
    techniques: ['T1562.007'],
    sourceRules: ['sigma:aws_cloudtrail_new_acl_entries'],
    title: 'Network ACL changes',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.11', 'CloudWatch.11'],
    eventPattern: apiCalls('ec2.amazonaws.com', NACL_EVENT_NAMES),
    metricFilterPattern: `{${NACL_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')}}`,
    eventNames: NACL_EVENT_NAMES,
  });

  /** CIS 4.12 / Security Hub CloudWatch.12: network gateway changes. */
  public static readonly NETWORK_GATEWAY_CHANGES = new Alert({
    id: 'network-gateway-changes',
    title: 'Network gateway changes',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.12', 'CloudWatch.12'],
    eventPattern: apiCalls('ec2.amazonaws.com', GATEWAY_EVENT_NAMES),
    metricFilterPattern: `{${GATEWAY_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')}}`,
    eventNames: GATEWAY_EVENT_NAMES,
  });

  /** CIS 4.13 / Security Hub CloudWatch.13: route table changes. */
  public static readonly ROUTE_TABLE_CHANGES = new Alert({
    id: 'route-table-changes',
    sourceRules: ['sigma:aws_cloudtrail_new_route_added'],
    title: 'Route table changes',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.13', 'CloudWatch.13'],
    eventPattern: apiCalls('ec2.amazonaws.com', ROUTE_TABLE_EVENT_NAMES),
    metricFilterPattern: `{($.eventSource=ec2.amazonaws.com) && (${ROUTE_TABLE_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')})}`,
    eventNames: ROUTE_TABLE_EVENT_NAMES,
  });

  /** CIS 4.14 / Security Hub CloudWatch.14: VPC changes. */
  public static readonly VPC_CHANGES = new Alert({
    id: 'vpc-changes',
    title: 'VPC changes',
    severity: AlertSeverity.MEDIUM,
    controls: ['CIS 4.14', 'CloudWatch.14'],
    eventPattern: apiCalls('ec2.amazonaws.com', VPC_EVENT_NAMES),
    metricFilterPattern: `{${VPC_EVENT_NAMES.map((name) => `($.eventName=${name})`).join(' || ')}}`,
    eventNames: VPC_EVENT_NAMES,
  });

  /** CIS 4.15: AWS Organizations changes (no Security Hub control). Organizations events arrive in us-east-1. */
  public static readonly ORGANIZATIONS_CHANGES = new Alert({
    id: 'organizations-changes',
    techniques: ['T1666'],
    title: 'AWS Organizations changes',
    severity: AlertSeverity.HIGH,
    controls: ['CIS 4.15'],
    eventPattern: apiCalls('organizations.amazonaws.com', ORGANIZATIONS_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = organizations.amazonaws.com) && (${anyEventName(ORGANIZATIONS_EVENT_NAMES)}) }`,
    eventNames: ORGANIZATIONS_EVENT_NAMES,
    regionScope: AlertRegionScope.US_EAST_1,
  });

  /** The root user signed in to the console (successfully or not). Root sign-ins arrive in us-east-1. */
  public static readonly ROOT_CONSOLE_SIGN_IN = new Alert({
    id: 'root-console-sign-in',
    techniques: ['T1078.004'],
    title: 'Root user console sign-in',
    severity: AlertSeverity.CRITICAL,
    eventPattern: {
      'detail-type': [...CONSOLE_SIGN_IN],
      'detail': { eventSource: ['signin.amazonaws.com'], eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } },
    },
    metricFilterPattern: '{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") }',
    eventNames: ['ConsoleLogin'],
    regionScope: AlertRegionScope.US_EAST_1,
  });

  /** Security group ingress or egress rules authorized or revoked. */
  public static readonly SECURITY_GROUP_RULE_CHANGES = new Alert({
    id: 'security-group-rule-changes',
    techniques: ['T1562.007'],
    sourceRules: ['sigma:aws_cloudtrail_security_group_change_ingress_egress'],
    title: 'Security group ingress or egress rules changed',
    severity: AlertSeverity.MEDIUM,
    eventPattern: apiCalls('ec2.amazonaws.com', SECURITY_GROUP_RULE_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = "ec2.amazonaws.com") && (${anyEventName(SECURITY_GROUP_RULE_EVENT_NAMES)}) }`,
    eventNames: SECURITY_GROUP_RULE_EVENT_NAMES,
  });

  /** EC2 instances terminated. */
  public static readonly EC2_INSTANCE_TERMINATION = new Alert({
    id: 'ec2-instance-termination',
    techniques: ['T1485'],
    title: 'EC2 instances terminated',
    severity: AlertSeverity.LOW,
    eventPattern: apiCalls('ec2.amazonaws.com', ['TerminateInstances']),
    metricFilterPattern: '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "TerminateInstances") }',
    eventNames: ['TerminateInstances'],
  });

  /**
   * CloudTrail Insights: an unusual rate of write management API calls started. Needs Insights
   * (`ApiCallRateInsight`) on the trail.
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
   */
  public static readonly INSIGHTS_API_CALL_RATE = new Alert({
    id: 'insights-api-call-rate',
    title: 'Unusual API call rate (CloudTrail Insights)',
    severity: AlertSeverity.MEDIUM,
    eventPattern: {
      'detail-type': [INSIGHT],
      'detail': { eventType: ['AwsCloudTrailInsight'], insightDetails: { state: ['Start'], insightType: ['ApiCallRateInsight'] } },
    },
    metricFilterPattern: '{ ($.eventType = "AwsCloudTrailInsight") && ($.insightDetails.state = "Start") && ($.insightDetails.insightType = "ApiCallRateInsight") }',
    requiresInsights: true,
  });

  /**
   * CloudTrail Insights: an unusual rate of API calls returning errors started. Needs Insights
   * (`ApiErrorRateInsight`) on the trail.
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
   */
  public static readonly INSIGHTS_API_ERROR_RATE = new Alert({
    id: 'insights-api-error-rate',
    title: 'Unusual API error rate (CloudTrail Insights)',
    severity: AlertSeverity.MEDIUM,
    eventPattern: {
      'detail-type': [INSIGHT],
      'detail': { eventType: ['AwsCloudTrailInsight'], insightDetails: { state: ['Start'], insightType: ['ApiErrorRateInsight'] } },
    },
    metricFilterPattern: '{ ($.eventType = "AwsCloudTrailInsight") && ($.insightDetails.state = "Start") && ($.insightDetails.insightType = "ApiErrorRateInsight") }',
    requiresInsights: true,
  });

  /**
   * Selector or logging changes on any trail of the organization: StopLogging, DeleteTrail,
   * UpdateTrail, PutEventSelectors or PutInsightSelectors, whoever calls it on whichever trail (a
   * member account's own trail included). CIS 4.5 (`CLOUDTRAIL_CONFIGURATION_CHANGES`) does not
   * cover selector changes, which silence a trail as surely as StopLogging.
   *
   * Calls on this component's trail match too (and `trailTampering()` raises them as CRITICAL):
   * an event pattern cannot exclude a trail named either by name or by ARN without also excluding
   * other trails whose name ends the same, and a second notification is better than a blind spot.
   */
  public static readonly ANY_TRAIL_LOGGING_CHANGES = new Alert({
    id: 'any-trail-logging-changes',
    techniques: ['T1562.008'],
    sourceRules: ['sigma:aws_cloudtrail_disable_logging'],
    title: 'A trail of the organization stopped, deleted, updated or its selectors changed',
    severity: AlertSeverity.HIGH,
    eventPattern: apiCalls('cloudtrail.amazonaws.com', TRAIL_TAMPERING_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = "cloudtrail.amazonaws.com") && (${anyEventName(TRAIL_TAMPERING_EVENT_NAMES)}) }`,
    eventNames: TRAIL_TAMPERING_EVENT_NAMES,
  });

  /**
   * This component's trail stopped, deleted, updated, or its event or insight selectors changed.
   * Matches requests that name the trail by name or by ARN.
   */
  public static trailTampering(options: TrailTamperingOptions): Alert {
    const name = options.trailName;
    const byNameOrArn = [name, { suffix: `:trail/${name}` }];
    return new Alert({
      id: 'trail-tampering',
      techniques: ['T1562.008'],
      title: `Trail '${name}' stopped, deleted, updated or its selectors changed`,
      severity: AlertSeverity.CRITICAL,
      eventPattern: {
        'detail-type': [API_CALL],
        'detail': {
          eventSource: ['cloudtrail.amazonaws.com'],
          eventName: [...TRAIL_TAMPERING_EVENT_NAMES],
          $or: [
            { requestParameters: { name: byNameOrArn } },
            { requestParameters: { trailName: byNameOrArn } },
          ],
        },
      },
      metricFilterPattern: `{ ($.eventSource = "cloudtrail.amazonaws.com") && (${anyEventName(TRAIL_TAMPERING_EVENT_NAMES)}) && (($.requestParameters.name = "${name}") || ($.requestParameters.name = "*:trail/${name}") || ($.requestParameters.trailName = "${name}") || ($.requestParameters.trailName = "*:trail/${name}")) }`,
      eventNames: TRAIL_TAMPERING_EVENT_NAMES,
    });
  }

  /**
   * This component's KMS key disabled, scheduled for deletion, its policy replaced, or a grant on
   * it created, retired or revoked. Matches the key in the record's `resources` (where CloudTrail
   * lists the key's ARN however the request named the key; RetireGrant records have no request
   * parameters at all) and in `requestParameters.keyId` (key id or ARN).
   */
  public static trailKeyTampering(options: TrailKeyTamperingOptions): Alert {
    const keyArn = options.keyArn;
    const keyId = keyIdOf(keyArn);
    return new Alert({
      id: 'trail-key-tampering',
      techniques: ['T1562.008'],
      title: 'The trail\'s KMS key disabled, scheduled for deletion, its policy or grants changed',
      severity: AlertSeverity.CRITICAL,
      eventPattern: apiCalls('kms.amazonaws.com', TRAIL_KEY_TAMPERING_EVENT_NAMES, {
        $or: [
          { requestParameters: { keyId: [keyArn, keyId] } },
          { resources: { ARN: [keyArn] } },
        ],
      }),
      // CloudWatch Logs selects array elements by index (`$.resources[0].ARN`); KMS records of
      // these calls list the one key they act on.
      metricFilterPattern: `{ ($.eventSource = "kms.amazonaws.com") && (${anyEventName(TRAIL_KEY_TAMPERING_EVENT_NAMES)}) && (($.requestParameters.keyId = "${keyArn}") || ($.requestParameters.keyId = "${keyId}") || ($.resources[0].ARN = "${keyArn}")) }`,
      eventNames: TRAIL_KEY_TAMPERING_EVENT_NAMES,
    });
  }

  /**
   * The archive bucket deleted, or its policy, ACL, lifecycle, versioning, Object Lock, public
   * access block, encryption, ownership controls, access logging, notifications or replication changed.
   */
  public static archiveBucketTampering(options: ComponentBucketOptions): Alert {
    return bucketTampering('archive-bucket-tampering', 'The trail archive bucket deleted or its protection changed',
      AlertSeverity.CRITICAL, options.bucketName);
  }

  /** The same changes as `archiveBucketTampering()` on the bucket that keeps the archive's S3 server access logs. */
  public static accessLogsBucketTampering(options: ComponentBucketOptions): Alert {
    return bucketTampering('access-logs-bucket-tampering', 'The archive\'s access-log bucket deleted or its protection changed',
      AlertSeverity.HIGH, options.bucketName);
  }

  /**
   * An object deleted from the archive bucket by a request (a delete marker or a permanent
   * deletion); deletions by the archive's lifecycle rules (`reason` 'Lifecycle Expiration') are
   * left out. EventBridge only: S3 sends these events when the bucket's EventBridge notifications
   * are on (`archiveEventBridgeNotifications`), while object calls reach the log group only as data events.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
   */
  public static archiveObjectDeleted(options: ComponentBucketOptions): Alert {
    return new Alert({
      id: 'archive-object-deleted',
      techniques: ['T1070'],
      title: 'A log file deleted from the trail archive bucket',
      severity: AlertSeverity.CRITICAL,
      eventPattern: {
        'source': ['aws.s3'],
        'detail-type': [OBJECT_DELETED],
        'detail': {
          bucket: { name: [options.bucketName] },
          reason: [{ 'anything-but': LIFECYCLE_EXPIRATION }],
        },
      },
      eventNames: ['DeleteObject', 'DeleteObjects'],
    });
  }

  /**
   * The trail's log group deleted, its log streams deleted, its retention, metric filters,
   * subscription filters or encryption changed.
   */
  public static logGroupTampering(options: LogGroupTamperingOptions): Alert {
    const name = options.logGroupName;
    return new Alert({
      id: 'log-group-tampering',
      techniques: ['T1562.008'],
      title: 'The trail\'s log group, its retention, metric filters or encryption changed',
      severity: AlertSeverity.HIGH,
      eventPattern: apiCalls('logs.amazonaws.com', LOG_GROUP_TAMPERING_EVENT_NAMES, { requestParameters: { logGroupName: [name] } }),
      metricFilterPattern: `{ ($.eventSource = "logs.amazonaws.com") && (${anyEventName(LOG_GROUP_TAMPERING_EVENT_NAMES)}) && ($.requestParameters.logGroupName = "${name}") }`,
      eventNames: LOG_GROUP_TAMPERING_EVENT_NAMES,
    });
  }

  /**
   * The component's own alarms or EventBridge rules deleted, disabled, redefined or retargeted,
   * matched by the prefix of their names. The alarm and the rule of this alert watch each other:
   * whichever is attacked first, the other reports it (with only one of the two paths on, the
   * first call can silence this alert itself). The metric filter checks the first name of
   * DeleteAlarms and DisableAlarmActions (CloudWatch Logs selects array elements by index); the
   * rule checks every name.
   */
  public static alertingTampering(options: AlertingTamperingOptions): Alert {
    const prefix = options.namePrefix;
    throwIfProblems(namePrefixProblems('namePrefix', prefix));
    const startsWith = [{ prefix }];
    return new Alert({
      id: 'alerting-tampering',
      techniques: ['T1562.001'],
      title: 'An alarm or rule of the trail\'s alerts deleted, disabled or changed',
      severity: AlertSeverity.HIGH,
      eventPattern: {
        'detail-type': [API_CALL],
        'detail': {
          $or: [
            { eventSource: ['monitoring.amazonaws.com'], eventName: ['DeleteAlarms', 'DisableAlarmActions'], requestParameters: { alarmNames: startsWith } },
            { eventSource: ['monitoring.amazonaws.com'], eventName: ['PutMetricAlarm'], requestParameters: { alarmName: startsWith } },
            { eventSource: ['events.amazonaws.com'], eventName: ['DeleteRule', 'DisableRule', 'PutRule'], requestParameters: { name: startsWith } },
            { eventSource: ['events.amazonaws.com'], eventName: ['PutTargets', 'RemoveTargets'], requestParameters: { rule: startsWith } },
          ],
        },
      },
      metricFilterPattern: `{ (($.eventSource = "monitoring.amazonaws.com") && (($.eventName = "DeleteAlarms") || ($.eventName = "DisableAlarmActions")) && ($.requestParameters.alarmNames[0] = "${prefix}*")) || (($.eventSource = "monitoring.amazonaws.com") && ($.eventName = "PutMetricAlarm") && ($.requestParameters.alarmName = "${prefix}*")) || (($.eventSource = "events.amazonaws.com") && (($.eventName = "DeleteRule") || ($.eventName = "DisableRule") || ($.eventName = "PutRule")) && ($.requestParameters.name = "${prefix}*")) || (($.eventSource = "events.amazonaws.com") && (($.eventName = "PutTargets") || ($.eventName = "RemoveTargets")) && ($.requestParameters.rule = "${prefix}*")) }`,
      eventNames: [...ALARM_TAMPERING_EVENT_NAMES, ...RULE_TAMPERING_EVENT_NAMES],
    });
  }

  /**
   * An alert of your own. Fails with an error naming the problem when the id is not kebab-case,
   * when neither pattern is given, or when a pattern exceeds its quota.
   */
  public static custom(props: AlertProps): Alert {
    return new Alert({ ...props, eventPattern: props.eventPattern === undefined ? undefined : eventPatternJson(props.eventPattern) });
  }

  /**
   * An alert whose event pattern is already in EventBridge's JSON form (the catalog's own).
   * @internal
   */
  public static _define(definition: AlertDefinition): Alert {
    return new Alert(definition);
  }

  /** Stable kebab-case id. */
  public readonly id: string;
  /** One-line title. */
  public readonly title: string;
  /** Severity. */
  public readonly severity: AlertSeverity;
  /** CIS AWS Foundations / Security Hub control ids. */
  public readonly controls: string[];
  /** The CloudWatch Logs filter pattern, if the alert has one. */
  public readonly metricFilterPattern?: string;
  /** The CloudTrail event names covered (empty: any). */
  public readonly eventNames: string[];
  /** Where the EventBridge rule must be deployed. */
  public readonly regionScope: AlertRegionScope;
  /** Whether the rule must be in state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`. */
  public readonly readOnlyManagementEvents: boolean;
  /** Whether the alert matches CloudTrail Insights events (it needs Insights on the trail). */
  public readonly requiresInsights: boolean;
  /** The data event resource types the alert watches (empty: management events only). */
  public readonly dataEventResourceTypes: string[];
  /** MITRE ATT&CK technique ids. */
  public readonly techniques: string[];
  /** Community rules the alert answers ('<rule set>:<rule>'). */
  public readonly sourceRules: string[];
  /** What the alert does differently from its source rules, if anything. */
  public readonly sourceRuleFix?: string;
  /** Matching events within `alarmPeriod` that fire the metric-filter alarm. */
  public readonly alarmThreshold: number;
  /** The window of `alarmThreshold`, if the alert sets its own. */
  public readonly alarmPeriod?: Duration;
  private readonly pattern?: { [key: string]: any };

  private constructor(props: AlertDefinition) {
    throwIfProblems(alertProblems(props));
    this.id = props.id;
    this.title = props.title;
    this.severity = props.severity ?? AlertSeverity.MEDIUM;
    this.controls = [...(props.controls ?? [])];
    this.pattern = props.eventPattern === undefined ? undefined : deepCopy(props.eventPattern);
    this.metricFilterPattern = props.metricFilterPattern;
    this.eventNames = [...(props.eventNames ?? [])];
    this.regionScope = props.regionScope ?? AlertRegionScope.EVERY_REGION;
    this.readOnlyManagementEvents = props.readOnlyManagementEvents ?? false;
    this.requiresInsights = props.requiresInsights ?? false;
    this.dataEventResourceTypes = [...(props.dataEventResourceTypes ?? [])];
    this.techniques = [...(props.techniques ?? [])];
    this.sourceRules = [...(props.sourceRules ?? [])];
    this.sourceRuleFix = props.sourceRuleFix;
    this.alarmThreshold = props.alarmThreshold ?? 1;
    this.alarmPeriod = props.alarmPeriod;
  }

  /**
   * The CloudTrail event sources the event pattern names (e.g. 'kms.amazonaws.com'); empty when
   * the pattern does not restrict the source.
   */
  public get eventSources(): string[] {
    const sources = new Set<string>();
    const collect = (detail: { [key: string]: any } | undefined): void => {
      if (!detail || typeof detail !== 'object') return;
      for (const source of Array.isArray(detail.eventSource) ? detail.eventSource : []) {
        if (typeof source === 'string') sources.add(source);
      }
      for (const branch of Array.isArray(detail.$or) ? detail.$or : []) collect(branch);
    };
    collect(this.pattern?.detail);
    return [...sources].sort();
  }

  /** The EventBridge event pattern (a fresh copy), if the alert has one. */
  public get eventPattern(): { [key: string]: any } | undefined {
    return this.pattern === undefined ? undefined : deepCopy(this.pattern);
  }

  /** Whether the events arrive only (or also) in us-east-1, so a rule elsewhere misses them. */
  public get globalService(): boolean {
    return this.regionScope !== AlertRegionScope.EVERY_REGION;
  }
}

function alertProblems(props: AlertDefinition): string[] {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(props.id) || props.id.length > ALERT_ID_MAX_LENGTH) {
    problems.push(`'id' must be kebab-case (lowercase letters, digits, single hyphens) and at most ${ALERT_ID_MAX_LENGTH} characters, got '${props.id}'. For example 'my-team-console-sign-in'.`);
  }
  if (props.title.trim() === '') {
    problems.push(`'title' of alert '${props.id}' must not be empty, got '${props.title}'. Give it a one-line description.`);
  }
  if (props.eventPattern === undefined && props.metricFilterPattern === undefined) {
    problems.push(`Alert '${props.id}' needs an 'eventPattern', a 'metricFilterPattern', or both; got neither.`);
  }
  if (props.eventPattern !== undefined) {
    problems.push(...eventPatternProblems(props.id, props.eventPattern));
  }
  if (props.metricFilterPattern !== undefined) {
    problems.push(...metricFilterPatternProblems(props.id, props.metricFilterPattern));
  }
  problems.push(...countingProblems(props), ...referenceProblems(props));
  return problems;
}

/** Count-over-window alerts: a positive whole threshold, a window CloudWatch can evaluate, no rule. */
function countingProblems(props: AlertDefinition): string[] {
  const problems: string[] = [];
  const threshold = props.alarmThreshold;
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) {
    problems.push(`'alarmThreshold' of alert '${props.id}' must be a whole number of at least 1, got ${threshold}. Use e.g. 10 for "more than 9 events in the window".`);
  }
  if (threshold !== undefined && threshold > 1 && props.eventPattern !== undefined) {
    problems.push(`Alert '${props.id}' has 'alarmThreshold' ${threshold} and an 'eventPattern', but an EventBridge rule fires on every single event: counting is for metric filters only. Remove the 'eventPattern'.`);
  }
  if (threshold !== undefined && threshold > 1 && props.metricFilterPattern === undefined) {
    problems.push(`Alert '${props.id}' has 'alarmThreshold' ${threshold} but no 'metricFilterPattern' to count. Add one.`);
  }
  const period = props.alarmPeriod;
  if (period !== undefined && !Token.isUnresolved(period.toSeconds())) {
    const seconds = period.toSeconds();
    if (seconds < 60 || seconds % 60 !== 0 || seconds > ALARM_PERIOD_MAX_SECONDS) {
      problems.push(`'alarmPeriod' of alert '${props.id}' must be a whole number of minutes from 1 minute to 1 day (CloudWatch evaluates 60-second multiples up to a day), got ${seconds} seconds. Use e.g. Duration.minutes(10).`);
    }
  }
  return problems;
}

/** Techniques, source rules and data resource types in the forms the catalog table prints. */
function referenceProblems(props: AlertDefinition): string[] {
  const problems: string[] = [];
  for (const technique of props.techniques ?? []) {
    if (!ATTACK_TECHNIQUE.test(technique)) {
      problems.push(`'techniques' of alert '${props.id}' must be MITRE ATT&CK ids such as 'T1562' or 'T1562.008', got '${technique}'.`);
    }
  }
  for (const rule of props.sourceRules ?? []) {
    if (!SOURCE_RULE.test(rule)) {
      problems.push(`'sourceRules' of alert '${props.id}' must be '<rule set>:<rule>' such as 'sigma:aws_cloudtrail_disable_logging', got '${rule}'.`);
    }
  }
  for (const type of props.dataEventResourceTypes ?? []) {
    if (!DATA_RESOURCE_TYPE.test(type)) {
      problems.push(`'dataEventResourceTypes' of alert '${props.id}' must be CloudTrail resource types such as 'AWS::S3::Object', got '${type}'.`);
    }
  }
  if (props.sourceRuleFix !== undefined && (props.sourceRules ?? []).length === 0) {
    problems.push(`Alert '${props.id}' has a 'sourceRuleFix' but no 'sourceRules' it fixes. Name the rules in 'sourceRules'.`);
  }
  return problems;
}

function eventPatternProblems(id: string, pattern: { [key: string]: any }): string[] {
  const problems: string[] = [];
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
    return [`'eventPattern' of alert '${id}' must be a non-empty JSON object such as {"detail-type": ["AWS API Call via CloudTrail"]}, got ${JSON.stringify(pattern)}.`];
  }
  const json = JSON.stringify(pattern);
  if (!containsResolvable(pattern) && !Token.isUnresolved(json) && json.length > EVENT_PATTERN_MAX_LENGTH) {
    problems.push(`'eventPattern' of alert '${id}' is ${json.length} characters; EventBridge accepts at most ${EVENT_PATTERN_MAX_LENGTH}. Split the alert in two.`);
  }
  walkPattern(pattern, '', (path, problem) => problems.push(`'eventPattern' of alert '${id}' at '${path}': ${problem}`));
  return problems;
}

function containsResolvable(value: unknown): boolean {
  if (Tokenization.isResolvable(value)) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(containsResolvable);
  }
  return value !== null && typeof value === 'object' && Object.values(value).some(containsResolvable);
}

function walkPattern(node: { [key: string]: any }, path: string, report: (path: string, problem: string) => void): void {
  for (const [key, value] of Object.entries(node)) {
    const here = path ? `${path}.${key}` : key;
    if (Tokenization.isResolvable(value)) {
      continue; // an events.Match (or another token): EventBridge checks it when the rule is created
    }
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        report(here, `$or needs an array of at least two patterns, got ${JSON.stringify(value)}.`);
      } else {
        value.forEach((branch, index) => walkPattern(branch, `${here}[${index}]`, report));
      }
    } else if (Array.isArray(value)) {
      if (value.length === 0) {
        report(here, 'an empty array (got []) matches nothing; list at least one value.');
      }
      for (const matcher of value) {
        if (typeof matcher === 'object' && matcher !== null) {
          const operators = Object.keys(matcher);
          const unknown = operators.filter((operator) => !OPERATORS.has(operator));
          if (operators.length !== 1 || unknown.length > 0) {
            report(here, `unknown or combined operator ${JSON.stringify(matcher)}; use one of ${[...OPERATORS].join(', ')}.`);
          }
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      walkPattern(value, here, report);
    } else {
      report(here, `leaf values must be arrays (e.g. [${JSON.stringify(value)}]).`);
    }
  }
}

function metricFilterPatternProblems(id: string, pattern: string): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(pattern) && pattern.length > METRIC_FILTER_PATTERN_MAX_LENGTH) {
    problems.push(`'metricFilterPattern' of alert '${id}' is ${pattern.length} characters; CloudWatch Logs accepts at most ${METRIC_FILTER_PATTERN_MAX_LENGTH}. Split the alert in two.`);
  }
  const trimmed = pattern.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) {
    problems.push(`'metricFilterPattern' of alert '${id}' must be a JSON filter pattern in braces, such as '{ $.eventName = "ConsoleLogin" }', got '${pattern}'.`);
  }
  return problems;
}

function throwIfProblems(problems: string[]): void {
  if (problems.length > 0) {
    throw new Error(problems.join('\n'));
  }
}

/** A copy of a pattern's plain objects and arrays; tokens (`events.Match`) are shared, not copied. */
function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item) => deepCopy(item)) as unknown as T;
  }
  if (value === null || typeof value !== 'object' || Tokenization.isResolvable(value)) {
    return value;
  }
  return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, deepCopy(item)])) as T;
}

function bucketTampering(id: string, title: string, severity: AlertSeverity, bucketName: string): Alert {
  return Alert._define({
    id,
    title,
    severity,
    techniques: ['T1562.008'],
    eventPattern: apiCalls('s3.amazonaws.com', BUCKET_TAMPERING_EVENT_NAMES, { requestParameters: { bucketName: [bucketName] } }),
    metricFilterPattern: `{ ($.eventSource = "s3.amazonaws.com") && (${BUCKET_TAMPERING_EVENT_NAMES.map((name) => `($.eventName = ${name})`).join(' || ')}) && ($.requestParameters.bucketName = "${bucketName}") }`,
    eventNames: BUCKET_TAMPERING_EVENT_NAMES,
  });
}

/** The key id of a key ARN (`.../key/<id>`), also when the ARN is a token. */
function keyIdOf(keyArn: string): string {
  if (!Token.isUnresolved(keyArn)) {
    const index = keyArn.lastIndexOf('/');
    return index >= 0 ? keyArn.slice(index + 1) : keyArn;
  }
  return Fn.select(1, Fn.split('/', keyArn));
}
