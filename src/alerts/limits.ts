/**
 * Quotas the alert builders check at synth time. Each names the page it comes from.
 */

/**
 * Largest event pattern EventBridge accepts on a rule (characters; the quota is adjustable).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const EVENT_PATTERN_MAX_LENGTH = 2048;

/**
 * Rules per event bus (300 in most Regions, 100 in af-south-1 and eu-south-1; adjustable).
 * The lower figure is checked so that a stack is valid in every Region.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const RULES_PER_EVENT_BUS = 100;

/**
 * Rules whose event patterns contain a `wildcard` filter, per event bus (not adjustable).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const WILDCARD_RULES_PER_EVENT_BUS = 30;

/**
 * Targets per rule (not adjustable).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const TARGETS_PER_RULE = 5;

/**
 * Rule descriptions (`AWS::Events::Rule.Description`, schema maxLength).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html
 */
export const RULE_DESCRIPTION_MAX_LENGTH = 512;

/**
 * Longest metric-filter pattern (`AWS::Logs::MetricFilter.FilterPattern`, schema maxLength).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-metricfilter.html
 */
export const METRIC_FILTER_PATTERN_MAX_LENGTH = 1024;

/**
 * Metric filters per log group (not adjustable).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
 */
export const METRIC_FILTERS_PER_LOG_GROUP = 100;

/**
 * Longest window the catalog's alarms count over (one day). Periods are 10, 20, 30 or a multiple
 * of 60 seconds, and `Period * EvaluationPeriods` may not exceed a day for periods under an hour
 * (seven days otherwise); the alarms evaluate one period, and a day is the bound that holds for
 * every period.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const ALARM_PERIOD_MAX_SECONDS = 86_400;

/**
 * Alert ids: kebab-case, short enough to prefix rule names (64 characters) and metric names.
 */
export const ALERT_ID_MAX_LENGTH = 48;

/**
 * Size of a CloudFormation template passed inline (`AWS::CloudFormation::StackSet.TemplateBody`, schema maxLength).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html
 */
export const STACK_SET_TEMPLATE_BODY_MAX_LENGTH = 51_200;

/**
 * EventBridge rule names: 1-64 characters of letters, digits, '.', '-' and '_'.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html
 */
export const RULE_NAME_MAX_LENGTH = 64;

/**
 * Prefix of the alarm and rule names `TrailAlerts` gives (`namePrefix`): short enough to leave
 * room for most alert ids within `RULE_NAME_MAX_LENGTH`.
 */
export const ALERT_NAME_PREFIX_MAX_LENGTH = 32;

/**
 * SNS topic names: 1-256 ASCII letters, digits, '_' and '-' (a FIFO topic's name ends in '.fifo';
 * the alarm topic is a standard topic, so '.' is refused).
 * @see https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
 */
export const TOPIC_NAME_MAX_LENGTH = 256;

/**
 * Metric namespaces of metric filters: at most 255 characters, none of ':', '*' or '$'
 * (CloudWatch Logs `MetricTransformation.metricNamespace`); CloudWatch needs at least 1.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html
 */
export const METRIC_NAMESPACE_MAX_LENGTH = 255;

/**
 * The namespace prefix CloudWatch reserves for AWS services' own metrics.
 * @see https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-data-request/namespace.html
 */
export const RESERVED_METRIC_NAMESPACE_PREFIX = 'AWS/';

/**
 * StackSet names: only letters and digits (case-sensitive) and hyphens, starting with a letter,
 * at most 128 characters.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 */
export const STACK_SET_NAME_MAX_LENGTH = 128;

/**
 * Event bus names: 1-256 characters of `[/\.\-_A-Za-z0-9]`; a custom bus may not contain '/' (that
 * is for partner buses) nor be named 'default'.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
 */
export const EVENT_BUS_NAME_MAX_LENGTH = 256;

/**
 * The name of every account's default event bus, which a custom bus cannot take.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
 */
export const DEFAULT_EVENT_BUS = 'default';

/** @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;

/** The longest Region code in use today ('ap-southeast-5'); Regions added later may be longer. */
export const LONGEST_REGION_CODE = 14;

/** Between the bus name and the Region in the forwarder role's name: `<eventBusName>-forwarder-<region>`. */
export const FORWARDER_ROLE_INFIX = '-forwarder-';
