import { Aws, Token } from 'aws-cdk-lib';
import { EventCategory, EventSelector } from './event-selector';
import { ConditionOperator } from './selector-field';
import { literalParts } from '../private/tokens';

/**
 * What CloudTrail accepts in a trail's advanced event selectors, field by field. Each check
 * returns problems as text; the caller prefixes the selector's name and fails the synth.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html
 */

interface FieldRule {
  /** The categories whose trail selectors may use the field. */
  readonly categories: EventCategory[];
  /** The operators the field takes; undefined: all six. */
  readonly operators?: ConditionOperator[];
  /** A check of one literal value; returns what is wrong, or undefined. */
  readonly value?: (value: string, category: EventCategory, operator: ConditionOperator) => string | undefined;
}

const TRUE_OR_FALSE = (value: string): string | undefined =>
  value === 'true' || value === 'false' ? undefined : `takes 'true' or 'false', got '${value}'`;

const FIELD_RULES: Record<string, FieldRule> = {
  'readOnly': { categories: [EventCategory.DATA], operators: [ConditionOperator.EQUALS], value: TRUE_OR_FALSE },
  'resources.type': {
    categories: [EventCategory.DATA],
    operators: [ConditionOperator.EQUALS],
    value: (value) => /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(value) ? undefined : `must look like 'AWS::Service::Type', got '${value}'`,
  },
  'resources.ARN': {
    categories: [EventCategory.DATA],
    value: (value, _category, operator) => wholeArnProblem(value, operator) ?? partitionProblem(value),
  },
  'eventSource': {
    categories: [EventCategory.DATA, EventCategory.NETWORK_ACTIVITY],
    value: (value, category) => category === EventCategory.NETWORK_ACTIVITY && !/^[a-z0-9-]+\.amazonaws\.com$/.test(value)
      ? `must be a service endpoint such as 'kms.amazonaws.com', got '${value}'`
      : undefined,
  },
  'eventName': { categories: [EventCategory.DATA, EventCategory.NETWORK_ACTIVITY] },
  'eventType': { categories: [EventCategory.DATA] },
  'userIdentity.arn': { categories: [EventCategory.DATA] },
  'sessionCredentialFromConsole': {
    categories: [EventCategory.DATA],
    operators: [ConditionOperator.EQUALS, ConditionOperator.NOT_EQUALS],
    value: TRUE_OR_FALSE,
  },
  'errorCode': {
    categories: [EventCategory.NETWORK_ACTIVITY],
    operators: [ConditionOperator.EQUALS],
    value: (value) => value === 'VpceAccessDenied' ? undefined : `only takes 'VpceAccessDenied', got '${value}'`,
  },
  'vpcEndpointId': { categories: [EventCategory.NETWORK_ACTIVITY] },
};

/** `arn:partition:service:region:account:resource`, region and account possibly empty. */
const WHOLE_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

/**
 * Partitions as ARNs spell them: `aws`, `aws-cn`, `aws-us-gov` and the other `aws-...` ones.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
const PARTITION = /^aws(-[a-z]+)*$/;

const EXACT_OPERATORS = [ConditionOperator.EQUALS, ConditionOperator.NOT_EQUALS];

/**
 * Equals/NotEquals on resources.ARN must match a whole ARN exactly: a value without the six ARN
 * parts, or ending in '/', is a prefix and would never match.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
function wholeArnProblem(value: string, operator: ConditionOperator): string | undefined {
  if (!EXACT_OPERATORS.includes(operator) || (WHOLE_ARN.test(value) && !value.endsWith('/'))) {
    return undefined;
  }
  return `with equalTo/notEqualTo must be a whole ARN ('arn:partition:service:region:account:resource', not ending in '/'), got '${value}'; use startsWith/notStartsWith for a prefix`;
}

/**
 * An ARN whose partition is not one AWS has. The value may be a bare prefix ('arn:aws:s3:::'),
 * which `Arn.split` cannot parse, so only its first two fields are read.
 */
function partitionProblem(value: string): string | undefined {
  const [arn, partition] = value.split(':');
  if (arn !== 'arn' || partition === undefined || PARTITION.test(partition)) {
    return undefined;
  }
  return `names the unknown partition '${partition}' in '${value}'; use 'aws', 'aws-cn' or 'aws-us-gov' (or Aws.PARTITION)`;
}

/**
 * The checks that still apply to a value holding tokens, on its literal text: a '*' anywhere,
 * and for resources.ARN with Equals/NotEquals a trailing '/' or an unknown literal partition.
 */
function partlyKnownValueProblems(field: string, operator: ConditionOperator, value: string): string[] {
  const parts = literalParts(value);
  const shown = parts.join('${Token}');
  const problems: string[] = [];
  if (parts.some((part) => part.includes('*'))) {
    problems.push(`uses '*' in '${shown}' on '${field}', but CloudTrail matches '*' literally (a NotEquals with a wildcard excludes nothing); use startsWith/endsWith or notStartsWith/notEndsWith`);
  }
  if (field === 'resources.ARN') {
    if (EXACT_OPERATORS.includes(operator) && parts[parts.length - 1].endsWith('/')) {
      problems.push(`'${field}' with equalTo/notEqualTo must be a whole ARN, but '${shown}' ends in '/', a prefix that matches no resource; use startsWith/notStartsWith`);
    }
    const problem = parts[0].includes(':', 4) ? partitionProblem(parts[0]) : undefined;
    if (problem) {
      problems.push(`'${field}' ${problem.replace(`'${parts[0]}'`, `'${shown}'`)}`);
    }
  }
  return problems;
}

/** Longest selector name and value CloudTrail accepts. */
const MAX_NAME_LENGTH = 1000;
const MAX_VALUE_LENGTH = 2048;

/** The problems of one selector, each phrased to follow "selector 'name' ". */
export function selectorProblems(selector: EventSelector): string[] {
  const problems: string[] = [];
  if (selector.category === EventCategory.MANAGEMENT) {
    problems.push('records management events; set them with \'managementEvents\' and \'excludeManagementEventSources\' on the trail, which keeps exactly one management selector');
  }
  // `?? ''`: from plain JavaScript a selector can arrive without the name its type requires.
  const name: string = selector.name ?? '';
  if (!Token.isUnresolved(name) && (name.length === 0 || name.length > MAX_NAME_LENGTH)) {
    problems.push(`needs a name of 1-${MAX_NAME_LENGTH} characters (it has ${name.length})`);
  }
  for (const condition of selector.conditions) {
    problems.push(...conditionProblems(selector.category, condition.field.name, condition.operator, condition.values));
  }
  problems.push(...duplicateValueProblems(selector));
  problems.push(...requiredFieldProblems(selector));
  return problems;
}

function conditionProblems(category: EventCategory, field: string, operator: ConditionOperator, values: string[]): string[] {
  const problems: string[] = [];
  if (field === 'eventCategory') {
    return ['sets \'eventCategory\' itself; the selector\'s category does that (use EventSelector.custom(name, category, ...))'];
  }
  if (values.length === 0) {
    problems.push(`has an empty ${operator} condition on '${field}'; give at least one value`);
  }
  const rule = FIELD_RULES[field];
  if (rule && !rule.categories.includes(category)) {
    problems.push(`uses '${field}', which ${category} selectors of a trail do not accept (it applies to ${rule.categories.join(', ')} events)`);
  }
  if (rule?.operators && !rule.operators.includes(operator)) {
    problems.push(`uses ${operator} on '${field}', which only takes ${rule.operators.join(' or ')}`);
  }
  if (field === 'eventSource' && category === EventCategory.NETWORK_ACTIVITY && operator !== ConditionOperator.EQUALS) {
    problems.push(`uses ${operator} on 'eventSource', which network activity selectors only take with Equals`);
  }
  for (const value of values) {
    if (Token.isUnresolved(value)) {
      problems.push(...partlyKnownValueProblems(field, operator, value));
      continue;
    }
    if (value.length === 0 || value.length > MAX_VALUE_LENGTH) {
      problems.push(`has a value of ${value.length} characters on '${field}'; values are 1-${MAX_VALUE_LENGTH} characters`);
    }
    if (value.includes('*')) {
      problems.push(`uses '*' in '${value}' on '${field}', but CloudTrail matches '*' literally (a NotEquals with a wildcard excludes nothing); use startsWith/endsWith or notStartsWith/notEndsWith`);
    }
    const valueProblem = rule?.value?.(value, category, operator);
    if (valueProblem) {
      problems.push(`'${field}' ${valueProblem}`);
    }
  }
  return problems;
}

/**
 * The trail renders one field selector per field, so conditions on the same field and operator
 * are merged, and CloudFormation rejects a value listed twice in the merged list.
 */
function duplicateValueProblems(selector: EventSelector): string[] {
  const seen = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const { field, operator, values } of selector.conditions) {
    const key = `${operator} on '${field.name}'`;
    const listed = seen.get(key) ?? new Set<string>();
    for (const value of values) {
      if (listed.has(value)) {
        problems.push(`lists '${Token.isUnresolved(value) ? '(token)' : value}' twice under ${key}`);
      }
      listed.add(value);
    }
    seen.set(key, listed);
  }
  return problems;
}

function requiredFieldProblems(selector: EventSelector): string[] {
  const fieldConditions = (name: string) => selector.conditions.filter((condition) => condition.field.name === name);
  if (selector.category === EventCategory.DATA) {
    const types = fieldConditions('resources.type');
    if (types.length !== 1 || types[0].values.length !== 1) {
      return ['needs exactly one \'resources.type\' condition with one value (add a selector per resource type), e.g. EventSelector.dataEvents({ resourceType: DataResourceType.S3_OBJECT, ... })'];
    }
    return s3ArnPrefixProblems(selector, types[0].values[0]);
  }
  if (selector.category === EventCategory.NETWORK_ACTIVITY) {
    const sources = fieldConditions('eventSource');
    if (sources.length !== 1 || sources[0].values.length !== 1) {
      const given = sources.flatMap((condition) => condition.values).map((value) => Token.isUnresolved(value) ? '(token)' : `'${value}'`);
      return [`needs exactly one 'eventSource' condition with one value (one service per network activity selector), got ${given.length === 0 ? 'none' : given.join(', ')}; add a selector per service`];
    }
  }
  return [];
}

/** `arn:aws:s3:::logs` as a prefix also matches the bucket `logs-archive`: demand the '/'. */
function s3ArnPrefixProblems(selector: EventSelector, resourceType: string): string[] {
  if (resourceType !== 'AWS::S3::Object') {
    return [];
  }
  const prefixOperators = [ConditionOperator.STARTS_WITH, ConditionOperator.NOT_STARTS_WITH];
  return selector.conditions
    .filter((condition) => condition.field.name === 'resources.ARN' && prefixOperators.includes(condition.operator))
    .flatMap((condition) => condition.values)
    .map((value) => value.split(Aws.PARTITION).join('aws'))
    .filter((value) => !Token.isUnresolved(value) && /^arn:[^:]+:s3:::[^/]+$/.test(value))
    .map((value) => `'resources.ARN' prefix '${value}' ends at a bucket name, so it also matches every bucket whose name starts with it; end it with '/' ('${value}/')`);
}
