import { Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';

/** An insight type's name as CloudTrail spells it: `<Name>Insight`. */
const INSIGHT_TYPE_NAME = /^[A-Z][A-Za-z]*Insight$/;

/**
 * A CloudTrail Insights type. An open set: `InsightType.of()` names a type CloudTrail adds
 * after this release.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
 */
export class InsightType {
  /** Unusual volume of write management API calls. Needs write management events. */
  public static readonly API_CALL_RATE = new InsightType('ApiCallRateInsight');

  /** Unusual rate of API calls that return errors. Needs read or write management events. */
  public static readonly API_ERROR_RATE = new InsightType('ApiErrorRateInsight');

  /**
   * An insight type by the name CloudTrail gives it in `InsightSelectors` (e.g.
   * `ApiCallRateInsight`), for types newer than this library.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_InsightSelector.html
   */
  public static of(value: string): InsightType {
    if (!Token.isUnresolved(value) && !INSIGHT_TYPE_NAME.test(value)) {
      throw new Error(`InsightType.of() takes the name CloudTrail gives the type in InsightSelectors, an upper-case letter, letters and 'Insight' (e.g. 'ApiCallRateInsight'), got '${value}'. Use InsightType.API_CALL_RATE or InsightType.API_ERROR_RATE where they fit.`);
    }
    return new InsightType(value);
  }

  /**
   * @param value the type's name in `InsightSelectors`
   */
  private constructor(public readonly value: string) {}

  /** The type's name in `InsightSelectors`. */
  public toString(): string {
    return this.value;
  }
}

/**
 * Which events Insights analyses.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_InsightSelector.html
 */
export enum InsightEventCategory {
  /** Management events (the default). */
  MANAGEMENT = 'Management',
  /** Data events; the trail must record data events. */
  DATA = 'Data',
}

/**
 * Where Insights events arrive, for the alerts and queries built on them.
 */
export class InsightsDelivery {
  /**
   * The EventBridge `detail-type` of Insights events.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
   */
  public static readonly EVENTBRIDGE_DETAIL_TYPE = 'AWS Insight via CloudTrail';

  /**
   * The S3 key prefix under which an organization trail writes one account's Insights events in
   * one Region: `[prefix/]AWSLogs/<orgId>/<account>/CloudTrail-Insight/<region>/`.
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
   */
  public static s3KeyPrefix(organizationId: string, accountId: string, region: string, s3KeyPrefix?: string): string {
    const root = s3KeyPrefix ? `${s3KeyPrefix}/AWSLogs` : 'AWSLogs';
    return `${root}/${organizationId}/${accountId}/CloudTrail-Insight/${region}/`;
  }

  private constructor() {}
}

/**
 * The Insights settings, shared by `OrganizationTrail` and the insights checks.
 */
export interface InsightsOptions {
  /**
   * CloudTrail Insights types to enable. API_CALL_RATE needs write management events;
   * API_ERROR_RATE needs read or write management events.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
   * @default - Insights is off
   */
  readonly insightTypes?: InsightType[];

  /**
   * Which events Insights analyses. DATA needs data event selectors.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_InsightSelector.html
   * @default - management events only
   */
  readonly insightEventCategories?: InsightEventCategory[];
}

/** What the trail records, for the Insights prerequisites. */
export interface InsightsPrerequisites {
  readonly managementEvents: cloudtrail.ReadWriteType;
  readonly recordsDataEvents: boolean;
  /**
   * When something other than 'managementEvents' decides the management events (a Control Tower
   * profile): what records them, and the fix, for one message in place of the per-type ones.
   */
  readonly managementEventsDecidedBy?: { readonly what: string; readonly fix: string };
}

/**
 * CloudTrail's Insights prerequisites, which it would otherwise reject at deploy time with
 * InvalidInsightSelectorsException. Each problem names the prop, the value and the fix.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
 */
export function insightProblems(
  types: InsightType[],
  categories: InsightEventCategory[] | undefined,
  trail: InsightsPrerequisites,
): string[] {
  if (types.length === 0) {
    return categories === undefined ? [] : [`'insightEventCategories' (${categories.join(', ')}) needs 'insightTypes'. Add e.g. [InsightType.API_CALL_RATE] or drop it.`];
  }
  const problems: string[] = [];
  const values = types.map((type) => type.value);
  const duplicates = values.filter((value, index) => values.indexOf(value) !== index);
  if (duplicates.length > 0) {
    problems.push(`'insightTypes' lists ${duplicates.join(', ')} more than once. List each type once.`);
  }
  const eventCategories = categories ?? [InsightEventCategory.MANAGEMENT];
  const duplicateCategories = eventCategories.filter((category, index) => eventCategories.indexOf(category) !== index);
  if (duplicateCategories.length > 0) {
    problems.push(`'insightEventCategories' lists ${duplicateCategories.join(', ')} more than once. List each category once.`);
  }
  if (eventCategories.length === 0) {
    problems.push('\'insightEventCategories\' is empty. Leave it undefined for management events, or name MANAGEMENT and/or DATA.');
  }
  if (eventCategories.includes(InsightEventCategory.MANAGEMENT)) {
    problems.push(...managementInsightProblems(values, trail));
  }
  if (eventCategories.includes(InsightEventCategory.DATA) && !trail.recordsDataEvents) {
    problems.push('\'insightEventCategories\' includes DATA, but the trail records no data events. Add a data event selector to \'eventSelectors\' or drop DATA.');
  }
  return problems;
}

/** Insights on management events need them on the same trail: write events for API_CALL_RATE, any for API_ERROR_RATE. */
function managementInsightProblems(types: string[], trail: InsightsPrerequisites): string[] {
  const problems: string[] = [];
  const writes = [cloudtrail.ReadWriteType.ALL, cloudtrail.ReadWriteType.WRITE_ONLY].includes(trail.managementEvents);
  if (types.includes(InsightType.API_CALL_RATE.value) && !writes) {
    problems.push(`'insightTypes' includes API_CALL_RATE, which analyses write management events, but 'managementEvents' is ${trail.managementEvents}. Use ReadWriteType.ALL or WRITE_ONLY.`);
  }
  if (types.includes(InsightType.API_ERROR_RATE.value) && trail.managementEvents === cloudtrail.ReadWriteType.NONE) {
    problems.push('\'insightTypes\' includes API_ERROR_RATE, which analyses management events, but \'managementEvents\' is NONE. Record read or write management events.');
  }
  const decidedBy = trail.managementEventsDecidedBy;
  if (decidedBy && problems.length > 0) {
    return [`'insightTypes' analyses management events ('insightEventCategories' includes MANAGEMENT, the default), but ${decidedBy.what}. ${decidedBy.fix}`];
  }
  return problems;
}

/** The insight selectors as CloudFormation takes them (undefined when Insights is off); no checks. */
export function renderInsightSelectors(
  types: InsightType[],
  categories: InsightEventCategory[] | undefined,
): cloudtrail.CfnTrail.InsightSelectorProperty[] | undefined {
  if (types.length === 0) {
    return undefined;
  }
  return [...new Set(types.map((type) => type.value))].map((insightType) => ({ insightType, eventCategories: categories }));
}

/**
 * Renders the insight selectors after checking CloudTrail's prerequisites; throws one error
 * listing every problem.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
 */
export function insightSelectors(
  types: InsightType[],
  categories: InsightEventCategory[] | undefined,
  trail: InsightsPrerequisites,
): cloudtrail.CfnTrail.InsightSelectorProperty[] | undefined {
  const problems = insightProblems(types, categories, trail);
  if (problems.length > 0) {
    throw new Error(problems.join('\n'));
  }
  return renderInsightSelectors(types, categories);
}
