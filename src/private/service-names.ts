import { Token } from 'aws-cdk-lib';
import {
  DEFAULT_EVENT_BUS, EVENT_BUS_NAME_MAX_LENGTH, METRIC_NAMESPACE_MAX_LENGTH, RESERVED_METRIC_NAMESPACE_PREFIX,
  STACK_SET_NAME_MAX_LENGTH, TOPIC_NAME_MAX_LENGTH,
} from '../alerts/limits';

/**
 * Name and endpoint rules of the services the alert room deploys to, each returning the problems it
 * finds (empty when the value is fine or an unresolved token). `prop` is the name the user wrote
 * (see `propNamer`), so each message names it, shows the value and says the fix.
 */

const TOPIC_NAME = /^[A-Za-z0-9_-]+$/;

/** A standard SNS topic's name. @see https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
export function topicNameProblems(prop: string, value: string | undefined): string[] {
  if (value === undefined || Token.isUnresolved(value)) {
    return [];
  }
  if (value.length >= 1 && value.length <= TOPIC_NAME_MAX_LENGTH && TOPIC_NAME.test(value)) {
    return [];
  }
  const fifo = value.endsWith('.fifo') ? ' (the alarm topic is a standard topic, so no \'.fifo\')' : '';
  return [`'${prop}' must be 1-${TOPIC_NAME_MAX_LENGTH} letters, digits, '-' or '_' (SNS topic names)${fifo}, got '${value}'. Use e.g. 'cloudtrail-alerts'.`];
}

/**
 * The shape of an e-mail address: one '@' between a local part and a domain with a dot, no spaces,
 * commas, semicolons or angle brackets (SNS's `email` protocol takes one address per subscription).
 * SNS documents no stricter format; this catches lists and typos that would only fail at deploy.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
 */
const EMAIL_ADDRESS = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>().]+$/;

/** E-mail endpoints of SNS subscriptions: each an address, each once. */
export function emailAddressProblems(prop: string, values: readonly string[] | undefined): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const value of values ?? []) {
    if (Token.isUnresolved(value)) {
      continue;
    }
    if (!EMAIL_ADDRESS.test(value)) {
      problems.push(`'${prop}' must hold one e-mail address per entry, such as 'security@example.com', got '${value}'. Split lists into separate entries and remove spaces or display names.`);
      continue;
    }
    const key = value.toLowerCase();
    if (seen.has(key)) {
      problems.push(`'${prop}' lists '${value}' twice (addresses are compared ignoring case). Remove the duplicate.`);
    }
    seen.add(key);
  }
  return problems;
}

/**
 * A metric filter's CloudWatch namespace: 1-255 printable ASCII characters, none of ':', '*' or
 * '$' (CloudWatch Logs), at least one not a space, and not in the `AWS/` namespace CloudWatch
 * reserves for AWS services.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStreamFilter.html
 */
export function metricNamespaceProblems(prop: string, value: string | undefined): string[] {
  if (value === undefined || Token.isUnresolved(value)) {
    return [];
  }
  const problems: string[] = [];
  if (value.length < 1 || value.length > METRIC_NAMESPACE_MAX_LENGTH) {
    problems.push(`be 1-${METRIC_NAMESPACE_MAX_LENGTH} characters long (it has ${value.length})`);
  }
  if (!/^[\x20-\x7e]*$/.test(value) || /[:*$]/.test(value)) {
    problems.push('use only printable ASCII characters other than \':\', \'*\' and \'$\'');
  } else if (value.length > 0 && value.trim().length === 0) {
    problems.push('contain a character other than spaces');
  }
  if (value.startsWith(RESERVED_METRIC_NAMESPACE_PREFIX)) {
    problems.push(`not start with '${RESERVED_METRIC_NAMESPACE_PREFIX}', which CloudWatch reserves for AWS services`);
  }
  return problems.length === 0 ? [] : [`'${prop}' must ${problems.join(', ')}; got '${value}'. Use e.g. 'LogMetrics' or 'CloudTrailMetrics'.`];
}

const STACK_SET_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

/** A StackSet's name. @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html */
export function stackSetNameProblems(prop: string, value: string | undefined): string[] {
  if (value === undefined || Token.isUnresolved(value)) {
    return [];
  }
  if (value.length <= STACK_SET_NAME_MAX_LENGTH && STACK_SET_NAME.test(value)) {
    return [];
  }
  return [`'${prop}' must start with a letter and hold 1-${STACK_SET_NAME_MAX_LENGTH} letters, digits or '-' (CloudFormation StackSet names), got '${value}'. Use e.g. 'cdk-org-trail-alert-forwarding'.`];
}

const EVENT_BUS_NAME = /^[.\-_A-Za-z0-9]+$/;

/**
 * A custom event bus's name: 1-256 letters, digits, '.', '-' or '_' ('/' is for partner buses),
 * not 'default' (every account's default bus). We also refuse names starting with 'aws.', the
 * prefix of AWS's partner event sources, so that a bus is never mistaken for one.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
 */
export function eventBusNameProblems(prop: string, value: string | undefined): string[] {
  if (value === undefined || Token.isUnresolved(value)) {
    return [];
  }
  if (value === DEFAULT_EVENT_BUS) {
    return [`'${prop}' must not be '${DEFAULT_EVENT_BUS}': that is every account's default event bus, which cannot be created. Use e.g. 'cdk-org-trail-alerts'.`];
  }
  if (value.length >= 1 && value.length <= EVENT_BUS_NAME_MAX_LENGTH && EVENT_BUS_NAME.test(value) && !value.startsWith('aws.')) {
    return [];
  }
  return [`'${prop}' must be 1-${EVENT_BUS_NAME_MAX_LENGTH} letters, digits, '.', '_' or '-' (EventBridge's rule for custom buses) and not start with 'aws.', got '${value}'. Use e.g. 'cdk-org-trail-alerts'.`];
}
