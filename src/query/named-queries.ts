import { ACCOUNT_PARTITION, LOG_DATE_PARTITION, REGION_PARTITION } from './cloudtrail-table-schema';

/**
 * The questions the query layer answers out of the box, as plain data: each has an Athena SQL
 * builder (over the organization table) and the same question in CloudTrail Lake's SQL.
 *
 * Every Athena query filters on all three partition keys, so Athena reads only the days, accounts
 * and Regions asked for:
 * - `log_date >= ?`: the first parameter, the first delivery day to read, a quoted
 *   `'yyyy/MM/dd'` literal such as `'2026/05/01'` (the comparison AWS documents for date
 *   projection; events are delivered on or after the day they happen);
 * - `account IN (...)` with the enumerated accounts, or `account = ?` (second parameter) when
 *   accounts are injected;
 * - `region IN (...)` with the enumerated Regions (delete some to read less).
 *
 * The event names follow the CIS AWS Foundations Benchmark monitoring items as Security Hub
 * publishes them (CloudWatch.1-14) and CIS 4.15.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements-querying-using-execution-parameters.html
 */

/** Where a query runs and which partitions it reads. */
export interface QueryTarget {
  /** The Glue database. */
  readonly database: string;
  /** The table in it. */
  readonly table: string;
  /** The enumerated account IDs; empty when accounts are injected (the query then asks for one). */
  readonly accounts: string[];
  /** The enumerated Regions. */
  readonly regions: string[];
}

/** One shipped question. */
export interface TrailQueryDefinition {
  /** Stable id, kebab-case. */
  readonly id: string;
  /** Short title: the Athena named query's name. */
  readonly title: string;
  /** What it answers, with its parameters: the named query's description. */
  readonly description: string;
  /** The Athena (Trino) SQL over the organization table. */
  readonly athenaSql: (target: QueryTarget) => string;
  /** The same question in CloudTrail Lake SQL, over the event data store with this ID. */
  readonly lakeSql: (eventDataStoreId: string) => string;
}

/** How far back the Lake queries look; Lake has no query parameters. */
export const LAKE_LOOKBACK_DAYS = 7;

/** What each query selects about an event (Athena columns). */
const EVENT_COLUMNS = [
  'from_iso8601_timestamp(eventtime) AS event_time',
  `${ACCOUNT_PARTITION}`,
  `${REGION_PARTITION}`,
  'useridentity.arn AS principal_arn',
  'useridentity.type AS principal_type',
  'sourceipaddress',
  'eventsource',
  'eventname',
];
const LAKE_EVENT_COLUMNS = [
  'eventTime',
  'recipientAccountId',
  'awsRegion',
  'userIdentity.arn AS principal_arn',
  'userIdentity.type AS principal_type',
  'sourceIPAddress',
  'eventSource',
  'eventName',
];

function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, '\'\'')}'`).join(', ');
}

/** The partition filter every Athena query starts its WHERE clause with. */
export function partitionFilter(target: QueryTarget): string {
  const accounts = target.accounts.length > 0 ? `${ACCOUNT_PARTITION} IN (${quoted(target.accounts)})` : `${ACCOUNT_PARTITION} = ?`;
  return [
    `${LOG_DATE_PARTITION} >= ?`,
    `  AND ${accounts}`,
    `  AND ${REGION_PARTITION} IN (${quoted(target.regions)})`,
  ].join('\n');
}

function athena(target: QueryTarget, columns: string[], condition: string): string {
  return [
    `SELECT ${columns.join(',\n       ')}`,
    `FROM "${target.database}"."${target.table}"`,
    `WHERE ${partitionFilter(target)}`,
    `  AND (${condition})`,
    'ORDER BY eventtime DESC',
    'LIMIT 10000',
  ].join('\n');
}

function lake(eventDataStoreId: string, columns: string[], condition: string): string {
  return [
    `SELECT ${columns.join(',\n       ')}`,
    `FROM ${eventDataStoreId}`,
    `WHERE eventTime >= date_add('day', -${LAKE_LOOKBACK_DAYS}, now())`,
    `  AND (${condition})`,
    'ORDER BY eventTime DESC',
    'LIMIT 10000',
  ].join('\n');
}

function inList(column: string, values: readonly string[]): string {
  return `${column} IN (${quoted(values)})`;
}

/** A question that is "these event names from this source". */
function eventNamesQuery(id: string, title: string, description: string, source: string | undefined, names: readonly string[]): TrailQueryDefinition {
  const athenaCondition = [source ? `eventsource = '${source}'` : undefined, inList('eventname', names)].filter(Boolean).join(' AND ');
  const lakeCondition = [source ? `eventSource = '${source}'` : undefined, inList('eventName', names)].filter(Boolean).join(' AND ');
  return {
    id,
    title,
    description,
    athenaSql: (target) => athena(target, [...EVENT_COLUMNS, 'errorcode', 'requestparameters'], athenaCondition),
    lakeSql: (eds) => lake(eds, [...LAKE_EVENT_COLUMNS, 'errorCode', 'requestParameters'], lakeCondition),
  };
}

const PARAMETERS = 'Parameters: 1) first delivery day to read, quoted, e.g. \'2026/05/01\'; 2) only when accounts are injected: the account ID, quoted.';

/** The shipped questions, in catalog order. */
export const TRAIL_QUERIES: readonly TrailQueryDefinition[] = [
  {
    id: 'ec2-instances-terminated',
    title: 'Who terminated EC2 instances',
    description: `TerminateInstances calls: time, account, Region, principal ARN, source IP and the request parameters (instance IDs). ${PARAMETERS}`,
    athenaSql: (target) => athena(target, [...EVENT_COLUMNS, 'errorcode', 'requestparameters', 'responseelements'],
      'eventsource = \'ec2.amazonaws.com\' AND eventname = \'TerminateInstances\''),
    lakeSql: (eds) => lake(eds, [...LAKE_EVENT_COLUMNS, 'errorCode', 'requestParameters', 'responseElements'],
      'eventSource = \'ec2.amazonaws.com\' AND eventName = \'TerminateInstances\''),
  },
  {
    id: 'access-denied',
    title: 'Denied calls (AccessDenied, UnauthorizedOperation)',
    description: `Calls refused with an AccessDenied* or *UnauthorizedOperation error (CIS 4.1, Security Hub CloudWatch.2). ${PARAMETERS}`,
    athenaSql: (target) => athena(target, [...EVENT_COLUMNS, 'errorcode', 'errormessage'],
      'errorcode LIKE \'AccessDenied%\' OR errorcode LIKE \'%UnauthorizedOperation\''),
    lakeSql: (eds) => lake(eds, [...LAKE_EVENT_COLUMNS, 'errorCode', 'errorMessage'],
      'errorCode LIKE \'AccessDenied%\' OR errorCode LIKE \'%UnauthorizedOperation\''),
  },
  {
    id: 'console-sign-in-without-mfa',
    title: 'Console sign-ins without MFA',
    description: `Successful IAM user console sign-ins without MFA (CIS 4.2, Security Hub CloudWatch.3). ${PARAMETERS}`,
    athenaSql: (target) => athena(target, [...EVENT_COLUMNS, 'additionaleventdata'], [
      'eventname = \'ConsoleLogin\'',
      'useridentity.type = \'IAMUser\'',
      'json_extract_scalar(responseelements, \'$.ConsoleLogin\') = \'Success\'',
      'coalesce(json_extract_scalar(additionaleventdata, \'$.MFAUsed\'), \'No\') <> \'Yes\'',
    ].join(' AND ')),
    lakeSql: (eds) => lake(eds, [...LAKE_EVENT_COLUMNS, 'additionalEventData'], [
      'eventName = \'ConsoleLogin\'',
      'userIdentity.type = \'IAMUser\'',
      'element_at(responseElements, \'ConsoleLogin\') = \'Success\'',
      'coalesce(element_at(additionalEventData, \'MFAUsed\'), \'No\') <> \'Yes\'',
    ].join(' AND ')),
  },
  {
    id: 'root-activity',
    title: 'Root user activity',
    description: `Calls made by an account's root user, not on behalf of a service (CIS 4.3, Security Hub CloudWatch.1). ${PARAMETERS}`,
    athenaSql: (target) => athena(target, [...EVENT_COLUMNS, 'errorcode', 'useragent'],
      'useridentity.type = \'Root\' AND useridentity.invokedby IS NULL AND eventtype <> \'AwsServiceEvent\''),
    lakeSql: (eds) => lake(eds, [...LAKE_EVENT_COLUMNS, 'errorCode', 'userAgent'],
      'userIdentity.type = \'Root\' AND userIdentity.invokedBy IS NULL AND eventType <> \'AwsServiceEvent\''),
  },
  eventNamesQuery('iam-policy-changes', 'IAM policy changes',
    `Changes to IAM policies (CIS 4.4, Security Hub CloudWatch.4). ${PARAMETERS}`, 'iam.amazonaws.com', [
      'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    ]),
  eventNamesQuery('cloudtrail-changes', 'CloudTrail configuration changes',
    `Trails created, changed, deleted, started or stopped (CIS 4.5, Security Hub CloudWatch.5). ${PARAMETERS}`, 'cloudtrail.amazonaws.com',
    ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']),
  {
    id: 'console-sign-in-failures',
    title: 'Console sign-in failures',
    description: `Console sign-ins that failed authentication (CIS 4.6, Security Hub CloudWatch.6). ${PARAMETERS}`,
    athenaSql: (target) => athena(target, [...EVENT_COLUMNS, 'errormessage', 'useragent'],
      'eventname = \'ConsoleLogin\' AND errormessage = \'Failed authentication\''),
    lakeSql: (eds) => lake(eds, [...LAKE_EVENT_COLUMNS, 'errorMessage', 'userAgent'],
      'eventName = \'ConsoleLogin\' AND errorMessage = \'Failed authentication\''),
  },
  eventNamesQuery('kms-key-disabled-or-scheduled-for-deletion', 'KMS keys disabled or scheduled for deletion',
    `Customer managed keys disabled or scheduled for deletion (CIS 4.7, Security Hub CloudWatch.7). ${PARAMETERS}`, 'kms.amazonaws.com',
    ['DisableKey', 'ScheduleKeyDeletion']),
  eventNamesQuery('s3-bucket-policy-changes', 'S3 bucket policy changes',
    `Bucket ACL, policy, CORS, lifecycle and replication changes (CIS 4.8, Security Hub CloudWatch.8). ${PARAMETERS}`, 's3.amazonaws.com', [
      'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
      'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
    ]),
  eventNamesQuery('config-changes', 'AWS Config changes',
    `Configuration recorder and delivery channel changes (CIS 4.9, Security Hub CloudWatch.9). ${PARAMETERS}`, 'config.amazonaws.com',
    ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder']),
  eventNamesQuery('security-group-changes', 'Security group changes',
    `Security groups created, deleted or with rules changed (CIS 4.10, Security Hub CloudWatch.10). ${PARAMETERS}`, 'ec2.amazonaws.com', [
      'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'CreateSecurityGroup', 'DeleteSecurityGroup',
    ]),
  eventNamesQuery('network-acl-changes', 'Network ACL changes',
    `Network ACLs and their entries changed (CIS 4.11, Security Hub CloudWatch.11). ${PARAMETERS}`, 'ec2.amazonaws.com', [
      'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ]),
  eventNamesQuery('network-gateway-changes', 'Network gateway changes',
    `Customer and internet gateways changed (CIS 4.12, Security Hub CloudWatch.12). ${PARAMETERS}`, 'ec2.amazonaws.com', [
      'CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
      'DeleteInternetGateway', 'DetachInternetGateway',
    ]),
  eventNamesQuery('route-table-changes', 'Route table changes',
    `Route tables and routes changed (CIS 4.13, Security Hub CloudWatch.13). ${PARAMETERS}`, 'ec2.amazonaws.com', [
      'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute',
      'DisassociateRouteTable',
    ]),
  eventNamesQuery('vpc-changes', 'VPC changes',
    `VPCs and peering connections changed (CIS 4.14, Security Hub CloudWatch.14). ${PARAMETERS}`, 'ec2.amazonaws.com', [
      'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc',
      'DisableVpcClassicLink', 'EnableVpcClassicLink',
    ]),
  eventNamesQuery('organizations-changes', 'AWS Organizations changes',
    `Changes to the organization, its accounts, OUs and policies (CIS 4.15). ${PARAMETERS}`, 'organizations.amazonaws.com', [
      'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake',
      'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType',
      'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy',
      'UpdateOrganizationalUnit',
    ]),
];
