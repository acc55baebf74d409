import { Duration } from 'aws-cdk-lib';
import { Alert, AlertRegionScope, AlertSeverity } from '../catalog';
import { API_CALL, anyEventName, apiCalls } from '../event-patterns';

/*
 * Counting over a window. Sigma's `count() > N` within a timeframe becomes a metric filter and an
 * alarm with `alarmThreshold` N + 1 and `alarmPeriod` the timeframe: `MetricFilterAlarms` alarms
 * when the Sum of matching events over one period is greater than or equal to the threshold. Such
 * alerts have no event pattern (an EventBridge rule fires on every single event).
 *
 * What the alarm counts is not quite what Sigma counts:
 * - the periods are consecutive fixed windows, not a sliding window, so a burst split across two
 *   periods can stay under the threshold in both (up to 2N events unseen);
 * - the count is over the whole organization (every account, Region and principal the trail's log
 *   group receives), since a metric filter cannot group by caller; one noisy tool anywhere in the
 *   organization fires it.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */

/**
 * TruffleHog's detectors send their requests, the AWS detector's GetCallerIdentity included, with
 * the user agent `TruffleHog` (`DefaultUserAgent` of its detector HTTP client,
 * https://github.com/trufflesecurity/trufflehog/blob/main/pkg/detectors/http.go). Sigma compares
 * case-insensitively; CloudWatch Logs compares case-sensitively, so the metric filter lists the
 * spellings a client would plausibly send: the constant, the project's own lower-case name (its
 * repository and binary), and upper case.
 */
const TRUFFLEHOG_SPELLINGS = ['TruffleHog', 'trufflehog', 'TRUFFLEHOG'];

/** The EC2 calls of `aws_enum_backup` (GetBucketReplication left out: it is an S3 call, never recorded with eventSource ec2.amazonaws.com). */
const BACKUP_ENUMERATION_EVENT_NAMES = [
  'GetPasswordData', 'GetEbsEncryptionByDefault', 'GetEbsDefaultKmsKeyId', 'DescribeVolumes',
  'DescribeVolumesModifications', 'DescribeSnapshotAttribute', 'DescribeSnapshotTierStatus', 'DescribeImages',
];

/** The EC2 calls of `aws_enum_network`. */
const NETWORK_ENUMERATION_EVENT_NAMES = [
  'DescribeCarrierGateways', 'DescribeVpcEndpointConnectionNotifications', 'DescribeTransitGatewayMulticastDomains',
  'DescribeClientVpnRoutes', 'DescribeDhcpOptions', 'GetTransitGatewayRouteTableAssociations',
];

/** The S3 calls of `aws_enum_storage`. */
const STORAGE_ENUMERATION_EVENT_NAMES = [
  'ListBuckets', 'GetBucketCors', 'GetBucketInventoryConfiguration', 'GetBucketPublicAccessBlock',
  'GetBucketMetricsConfiguration', 'GetBucketPolicy', 'GetBucketTagging',
];

/**
 * Discovery: enumeration counted over a window (metric filters with thresholds) and known scanning tools (TruffleHog).
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const DISCOVERY_ALERTS: Alert[] = [
  Alert._define({
    id: 'trufflehog-user-agent',
    title: 'A call was made with TruffleHog\'s user agent',
    // Sigma level medium.
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1555', 'T1003'],
    sourceRules: ['sigma:aws_cloudtrail_pua_trufflehog'],
    eventPattern: {
      'detail-type': [API_CALL],
      'detail': { userAgent: [{ 'equals-ignore-case': 'TruffleHog' }] },
    },
    metricFilterPattern: `{ ${TRUFFLEHOG_SPELLINGS.map((spelling) => `($.userAgent = "${spelling}")`).join(' || ')} }`,
    // Any call: STS (global endpoint) and IAM calls arrive in us-east-1, the others where they happen.
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
    // GetCallerIdentity, TruffleHog's key check, is read-only.
    readOnlyManagementEvents: true,
  }),

  Alert._define({
    id: 'trufflehog-get-caller-identity',
    title: 'TruffleHog validated credentials with STS GetCallerIdentity',
    // Sigma level medium.
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1087.004'],
    sourceRules: ['sigma:aws_sts_getcalleridentity_trufflehog'],
    // "Contains TruffleHog": an EventBridge wildcard per spelling. CloudWatch Logs has `*` only at
    // the start or end of a value, so the metric filter matches user agents that start or end with
    // it (TruffleHog's own is exactly "TruffleHog"), not ones that only carry it in the middle.
    eventPattern: apiCalls('sts.amazonaws.com', ['GetCallerIdentity'], {
      userAgent: [{ wildcard: '*TruffleHog*' }, { wildcard: '*trufflehog*' }],
    }),
    metricFilterPattern: '{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "GetCallerIdentity") && (($.userAgent = "TruffleHog*") || ($.userAgent = "*TruffleHog") || ($.userAgent = "trufflehog*") || ($.userAgent = "*trufflehog")) }',
    eventNames: ['GetCallerIdentity'],
    // STS global-endpoint calls are delivered in us-east-1, regional-endpoint calls in their
    // Region (CloudTrail concepts, global service events).
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
    regionScope: AlertRegionScope.US_EAST_1_AND_EVERY_REGION,
    // GetCallerIdentity records carry readOnly: true (Stratus Red Team's
    // aws.persistence.sts-federation-token detonation logs).
    readOnlyManagementEvents: true,
  }),

  Alert._define({
    id: 's3-bucket-enumeration',
    title: 'Buckets listed repeatedly by users other than role sessions (more than 5 ListBuckets in 10 minutes)',
    // Sigma level low.
    severity: AlertSeverity.LOW,
    techniques: ['T1580', 'T1619'],
    sourceRules: ['sigma:aws_enum_buckets'],
    // The rule matches every single ListBuckets outside role sessions, which every console visit
    // to S3 makes; counted instead, with the window and threshold of its related rule
    // aws_enum_storage ("count() > 5" in 10 minutes), whose calls include ListBuckets.
    metricFilterPattern: '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "ListBuckets") && ($.userIdentity.type != "AssumedRole") }',
    eventNames: ['ListBuckets'],
    readOnlyManagementEvents: true,
    alarmThreshold: 6,
    alarmPeriod: Duration.minutes(10),
  }),

  Alert._define({
    id: 'ec2-user-data-downloads',
    title: 'Instance user data read repeatedly (more than 10 DescribeInstanceAttribute userData in 30 minutes)',
    // Sigma level medium.
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1020'],
    sourceRules: ['sigma:aws_ec2_download_userdata'],
    // Attempts count too (Sigma does not ask for success): a refused read is still a probe.
    metricFilterPattern: '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "DescribeInstanceAttribute") && ($.requestParameters.attribute = "userData") }',
    eventNames: ['DescribeInstanceAttribute'],
    readOnlyManagementEvents: true,
    alarmThreshold: 11,
    alarmPeriod: Duration.minutes(30),
  }),

  Alert._define({
    id: 'ec2-backup-enumeration',
    title: 'Volumes, snapshots, images and EBS encryption settings enumerated (more than 5 calls in 10 minutes)',
    // Sigma level medium, lowered: counted over the whole organization, inventory and backup
    // tools reach it without any intruder.
    severity: AlertSeverity.LOW,
    techniques: ['T1580'],
    sourceRules: ['sigma:aws_enum_backup'],
    sourceRuleFix: 'GetBucketReplication is left out: it is an S3 call and never has eventSource ec2.amazonaws.com',
    metricFilterPattern: `{ ($.eventSource = "ec2.amazonaws.com") && (${anyEventName(BACKUP_ENUMERATION_EVENT_NAMES)}) }`,
    eventNames: BACKUP_ENUMERATION_EVENT_NAMES,
    readOnlyManagementEvents: true,
    alarmThreshold: 6,
    alarmPeriod: Duration.minutes(10),
  }),

  Alert._define({
    id: 'account-list-enumeration',
    title: 'List calls in bulk (more than 50 List* calls in 10 minutes)',
    // Sigma level low, lowered: counted over the whole organization, every service, tool and
    // console page that inventories resources adds to the same count.
    severity: AlertSeverity.INFORMATIONAL,
    techniques: ['T1592'],
    sourceRules: ['sigma:aws_enum_listing'],
    // Sigma's `list*` is case-insensitive; CloudTrail event names are the API's PascalCase names,
    // so CloudWatch Logs' case-sensitive "List*" matches the same calls.
    metricFilterPattern: '{ $.eventName = "List*" }',
    readOnlyManagementEvents: true,
    alarmThreshold: 51,
    alarmPeriod: Duration.minutes(10),
  }),

  Alert._define({
    id: 'ec2-network-enumeration',
    title: 'Network configuration enumerated (more than 5 calls in 10 minutes)',
    // Sigma level low.
    severity: AlertSeverity.LOW,
    techniques: ['T1016'],
    sourceRules: ['sigma:aws_enum_network'],
    metricFilterPattern: `{ ($.eventSource = "ec2.amazonaws.com") && (${anyEventName(NETWORK_ENUMERATION_EVENT_NAMES)}) }`,
    eventNames: NETWORK_ENUMERATION_EVENT_NAMES,
    readOnlyManagementEvents: true,
    alarmThreshold: 6,
    alarmPeriod: Duration.minutes(10),
  }),

  Alert._define({
    id: 's3-storage-enumeration',
    title: 'Bucket listings and bucket settings enumerated (more than 5 calls in 10 minutes)',
    // Sigma level medium, lowered: counted over the whole organization, routine console and
    // inventory use of S3 anywhere adds to the same count.
    severity: AlertSeverity.LOW,
    techniques: ['T1619'],
    sourceRules: ['sigma:aws_enum_storage'],
    metricFilterPattern: `{ ($.eventSource = "s3.amazonaws.com") && (${anyEventName(STORAGE_ENUMERATION_EVENT_NAMES)}) }`,
    eventNames: STORAGE_ENUMERATION_EVENT_NAMES,
    readOnlyManagementEvents: true,
    alarmThreshold: 6,
    alarmPeriod: Duration.minutes(10),
  }),
];
