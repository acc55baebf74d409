import { Aws, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EventCategory, EventSelector } from './event-selector';
import { MANAGEMENT_SELECTOR_NAME } from './management-events';
import { ConditionOperator, FieldCondition, SelectorField } from './selector-field';
import { selectorProblems } from './selector-rules';
import { literalParts } from '../private/tokens';

/**
 * The most condition values all advanced event selectors of one trail may hold together.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
 */
export const MAX_SELECTOR_VALUES_PER_TRAIL = 500;

/** A bucket the component writes to, which S3 data event selectors must not record. */
export interface ComponentBucket {
  /** What the bucket is, for messages ("the archive bucket"). */
  readonly description: string;
  readonly bucket: s3.IBucket;
}

export interface RenderSelectorsInput {
  /** The management selector, already rendered (undefined when management events are off). */
  readonly management?: cloudtrail.CfnTrail.AdvancedEventSelectorProperty;
  readonly selectors: EventSelector[];
  readonly componentBuckets: ComponentBucket[];
  /** The user opted in to recording the component's own deliveries. */
  readonly logComponentBucketDataEvents: boolean;
}

export interface RenderedSelectors {
  readonly selectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[];
  /** One line per exclusion the component added, for the synth output. */
  readonly exclusions: string[];
  /** Everything wrong, each naming the selector. */
  readonly problems: string[];
}

const OPERATOR_PROPERTIES: Record<ConditionOperator, keyof cloudtrail.CfnTrail.AdvancedFieldSelectorProperty> = {
  [ConditionOperator.EQUALS]: 'equalTo',
  [ConditionOperator.STARTS_WITH]: 'startsWith',
  [ConditionOperator.ENDS_WITH]: 'endsWith',
  [ConditionOperator.NOT_EQUALS]: 'notEquals',
  [ConditionOperator.NOT_STARTS_WITH]: 'notStartsWith',
  [ConditionOperator.NOT_ENDS_WITH]: 'notEndsWith',
};

/**
 * Validates the trail's selectors as a whole, adds the exclusions that keep S3 data events from
 * recording the component's own deliveries, and renders the CloudFormation shape.
 */
export function renderSelectors(input: RenderSelectorsInput): RenderedSelectors {
  const problems: string[] = [];
  const exclusions: string[] = [];
  const names = new Set<string>(input.management ? [input.management.name!] : []);
  const rendered: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] = input.management ? [input.management] : [];

  for (const selector of input.selectors) {
    const label = `'eventSelectors': selector '${selector.name}'`;
    if (names.has(selector.name) || selector.name === MANAGEMENT_SELECTOR_NAME) {
      problems.push(`${label} has the same name as another selector of the trail; give each a unique name`);
    }
    names.add(selector.name);
    const own = selectorProblems(selector);
    problems.push(...own.map((problem) => `${label} ${problem}`));
    if (own.length > 0) {
      continue;
    }
    const loop = excludeComponentBuckets(selector, input);
    problems.push(...loop.problems.map((problem) => `${label} ${problem}`));
    exclusions.push(...loop.added.map((description) => `selector '${selector.name}' excludes ${description}`));
    rendered.push({
      name: selector.name,
      fieldSelectors: [
        { field: 'eventCategory', equalTo: [selector.category] },
        ...mergeByField([...selector.conditions, ...loop.conditions]),
      ],
    });
  }

  const values = countValues(rendered);
  if (values > MAX_SELECTOR_VALUES_PER_TRAIL) {
    problems.push(`'eventSelectors' hold ${values} condition values in all (with the management selector and the component's own exclusions), but a trail allows ${MAX_SELECTOR_VALUES_PER_TRAIL}. Merge selectors or use prefixes (startsWith) instead of listing ARNs.`);
  }
  return { selectors: rendered, exclusions, problems };
}

/** Condition values across all selectors, the unit of CloudTrail's per-trail quota. */
export function countValues(selectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[]): number {
  return selectors
    .flatMap((selector) => selector.fieldSelectors as cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[])
    .flatMap((field) => Object.values(OPERATOR_PROPERTIES).map((property) => (field[property] as string[] | undefined)?.length ?? 0))
    .reduce((sum, count) => sum + count, 0);
}

/** One AdvancedFieldSelector per field, its operators' values gathered in order. */
function mergeByField(conditions: FieldCondition[]): cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[] {
  const byField = new Map<string, Record<string, unknown>>();
  for (const condition of conditions) {
    const field = byField.get(condition.field.name) ?? { field: condition.field.name };
    const property = OPERATOR_PROPERTIES[condition.operator];
    field[property] = [...(field[property] as string[] | undefined ?? []), ...condition.values];
    byField.set(condition.field.name, field);
  }
  return [...byField.values()] as unknown as cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[];
}

interface LoopExclusion {
  readonly conditions: FieldCondition[];
  readonly added: string[];
  readonly problems: string[];
}

/**
 * An S3 object selector that could cover a bucket the component writes to gets a
 * `resources.ARN NotStartsWith <bucket>/` for it, or every delivery would log an event about
 * itself (Landing Zone Accelerator issue 1192: 1.5 billion self-inflicted PutObject events).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
function excludeComponentBuckets(selector: EventSelector, input: RenderSelectorsInput): LoopExclusion {
  const none: LoopExclusion = { conditions: [], added: [], problems: [] };
  const isS3Objects = selector.category === EventCategory.DATA && selector.conditions.some((condition) =>
    condition.field.name === 'resources.type' && condition.values.includes('AWS::S3::Object'));
  if (!isS3Objects || input.logComponentBucketDataEvents) {
    return none;
  }
  const arnConditions = selector.conditions.filter((condition) => condition.field.name === 'resources.ARN');
  const positive = arnConditions
    .filter((condition) => [ConditionOperator.EQUALS, ConditionOperator.STARTS_WITH, ConditionOperator.ENDS_WITH].includes(condition.operator))
    .flatMap((condition) => condition.values);
  const alreadyExcluded = arnConditions
    .filter((condition) => condition.operator === ConditionOperator.NOT_STARTS_WITH)
    .flatMap((condition) => condition.values);

  const exclusions: string[] = [];
  const added: string[] = [];
  const problems: string[] = [];
  for (const { description, bucket } of input.componentBuckets) {
    const objectsPrefix = `${bucket.bucketArn}/`;
    const coverages = positive.map((value) => ({ value, coverage: coverageOf(value, bucket) }));
    const coverage = positive.length === 0 ? 'covers' : strongest(coverages.map((entry) => entry.coverage));
    if (coverage === 'targets') {
      const named = coverages.filter((entry) => entry.coverage === 'targets').map((entry) => `'${shownValue(entry.value, bucket)}'`).join(', ');
      problems.push(`records ${description} by name, so every log delivery would record an event about itself. Remove it, or set 'logComponentBucketDataEvents' to true if you really want those events ('resources.ARN' ${named} names ${shownBucket(bucket)})`);
    } else if (coverage === 'covers' && !alreadyExcluded.includes(objectsPrefix)) {
      exclusions.push(objectsPrefix);
      added.push(description);
    }
  }
  const conditions = exclusions.length === 0 ? [] : [FieldCondition.notStartsWith(SelectorField.RESOURCES_ARN, exclusions)];
  return { conditions, added, problems };
}

type Coverage = 'none' | 'covers' | 'targets';

function strongest(coverages: Coverage[]): Coverage {
  return coverages.includes('targets') ? 'targets' : coverages.includes('covers') ? 'covers' : 'none';
}

/** Whether one positive resources.ARN value can match objects of the bucket. */
function coverageOf(value: string, bucket: s3.IBucket): Coverage {
  if (value.startsWith(`${bucket.bucketArn}/`)) {
    return 'targets';
  }
  // The presets write literal bucket names behind the partition pseudo-parameter.
  const literal = value.split(Aws.PARTITION).join('aws');
  if (Token.isUnresolved(literal)) {
    return 'none'; // another resource's ARN
  }
  const pinned = /^arn:[^:]*:s3:::([^/]+)\//.exec(literal);
  if (!pinned) {
    return 'covers'; // a bucket-name prefix, a suffix or an unusual form: assume it can match
  }
  return !Token.isUnresolved(bucket.bucketName) && pinned[1] === bucket.bucketName ? 'targets' : 'none';
}

/** A bucket for messages: its literal name, or its construct path. */
function shownBucket(bucket: s3.IBucket): string {
  return Token.isUnresolved(bucket.bucketName) ? `bucket ${bucket.node.path}` : `bucket '${bucket.bucketName}'`;
}

/**
 * A selector value for messages: the bucket's ARN written `<ARN of path>`, the partition
 * pseudo-parameter 'aws', and other tokens marked.
 */
function shownValue(value: string, bucket: s3.IBucket): string {
  const readable = value.split(bucket.bucketArn).join(`<ARN of ${bucket.node.path}>`).split(Aws.PARTITION).join('aws');
  return literalParts(readable).join('${Token}');
}
