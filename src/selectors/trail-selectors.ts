import { Annotations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { EventCategory, EventSelector } from './event-selector';
import { managementEventSelector } from './management-events';
import { ComponentBucket, RenderedSelectors, renderSelectors } from './render-selectors';
import { ConditionOperator, SelectorField } from './selector-field';

/**
 * What a trail records, shared by `OrganizationTrail` and its selector state.
 */
export interface TrailSelectorsOptions {
  /**
   * Which management events the trail records. Anything but `ALL` fails CIS AWS Foundations 3.1
   * and Security Hub CloudTrail.1 and warns at synth.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
   * @default cloudtrail.ReadWriteType.ALL
   */
  readonly managementEvents?: cloudtrail.ReadWriteType;

  /**
   * Management event sources to leave out of the trail (CloudTrail accepts KMS and the RDS Data
   * API only). Excluding KMS removes DisableKey and ScheduleKeyDeletion too, which blinds the CIS
   * 4.7 / Security Hub CloudWatch.7 alarm, and warns. Needs management events.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
   * @default - no source is excluded
   */
  readonly excludeManagementEventSources?: cloudtrail.ManagementEventSources[];

  /**
   * Data and network activity event selectors. S3 data event selectors never record the buckets
   * this component writes to (archive, access-log and Athena results buckets): the component adds
   * the exclusion itself and says so at synth.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
   * @default - no data or network activity events
   */
  readonly eventSelectors?: EventSelector[];

  /**
   * Let S3 data event selectors record the component's own buckets (the archive, access-log and
   * Athena results buckets). Every log delivery then records an event about itself, which is
   * billed; it warns.
   *
   * @default false
   */
  readonly logComponentBucketDataEvents?: boolean;
}

/** What is wrong with the selector options alone, for the constructor's checks. */
export function selectorOptionProblems(options: TrailSelectorsOptions): string[] {
  if (options.managementEvents === cloudtrail.ReadWriteType.NONE && (options.excludeManagementEventSources ?? []).length > 0) {
    return ['\'excludeManagementEventSources\' needs management events, but \'managementEvents\' is ReadWriteType.NONE. Drop the exclusions or record management events.'];
  }
  return [];
}

/**
 * A trail's advanced event selectors while the app is built: the management selector, the
 * selectors given in props or added later, and the component's buckets that S3 data event
 * selectors must leave out. Rendered once, at synth, after every selector and bucket is known.
 */
export class TrailSelectors {
  /** The management events recorded. */
  public readonly managementEvents: cloudtrail.ReadWriteType;
  private readonly management?: cloudtrail.CfnTrail.AdvancedEventSelectorProperty;
  private readonly selectors: EventSelector[];
  private readonly componentBuckets: ComponentBucket[] = [];
  private rendered?: RenderedSelectors;

  /**
   * @param scope where the synth messages go (the trail's construct)
   * @param recordedElsewhere what records the management events this trail leaves out (a Control
   * Tower profile, e.g. 'ControlTowerProfile.complementData()'): no CIS warning then
   */
  constructor(private readonly scope: IConstruct, private readonly options: TrailSelectorsOptions, private readonly recordedElsewhere?: string) {
    this.managementEvents = options.managementEvents ?? cloudtrail.ReadWriteType.ALL;
    this.management = managementEventSelector(this.managementEvents, options.excludeManagementEventSources);
    this.selectors = [...(options.eventSelectors ?? [])];
    this.warnAboutWeakenedDefaults();
  }

  /** Adds a selector; fails once the selectors were rendered. */
  public add(selector: EventSelector): void {
    if (this.rendered) {
      throw new Error(`addEventSelector('${selector.name}') was called after the trail's selectors were rendered. Add selectors before synthesis.`);
    }
    this.selectors.push(selector);
  }

  /** Marks a bucket the component writes to: S3 data event selectors leave it out. */
  public addComponentBucket(description: string, bucket: s3.IBucket): void {
    this.componentBuckets.push({ description, bucket });
  }

  /** Whether any selector records data events (for the Insights prerequisites). */
  public get recordsDataEvents(): boolean {
    return this.selectors.some((selector) => selector.category === EventCategory.DATA);
  }

  /** The data event resource types the selectors record (`resources.type` Equals values). */
  public get dataResourceTypes(): string[] {
    return [...new Set(this.selectors
      .filter((selector) => selector.category === EventCategory.DATA)
      .flatMap((selector) => selector.conditions)
      .filter((condition) => condition.field === SelectorField.RESOURCES_TYPE && condition.operator === ConditionOperator.EQUALS)
      .flatMap((condition) => condition.values))];
  }

  /** Management event sources left out of the trail. */
  public get excludedEventSources(): string[] {
    return (this.options.excludeManagementEventSources ?? []).map((source) => String(source));
  }

  /** The selectors in CloudFormation's shape (for a `Lazy` value of the trail). */
  public render(): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
    return this.renderOnce().selectors;
  }

  /** Everything wrong with the selectors as a whole, for the node's validation. */
  public problems(): string[] {
    const problems = [...this.renderOnce().problems];
    if (!this.management && this.selectors.length === 0 && this.recordedElsewhere) {
      problems.push(`'besideControlTower' is ${this.recordedElsewhere}, which records data and network activity events only, but there are no 'eventSelectors', which leaves the trail nothing to record. Add selectors (e.g. EventSelector.s3Objects([...])), or use ControlTowerProfile.complementInsights().`);
    } else if (!this.management && this.selectors.length === 0) {
      problems.push('\'managementEvents\' is ReadWriteType.NONE and there are no \'eventSelectors\', which leaves the trail nothing to record (CloudTrail would then record all management events). Use ReadWriteType.ALL (the CIS default) or add data event selectors.');
    }
    return problems;
  }

  private renderOnce(): RenderedSelectors {
    if (!this.rendered) {
      this.rendered = renderSelectors({
        management: this.management,
        selectors: this.selectors,
        componentBuckets: this.componentBuckets,
        logComponentBucketDataEvents: this.options.logComponentBucketDataEvents ?? false,
      });
      for (const exclusion of this.rendered.exclusions) {
        Annotations.of(this.scope).addInfo(`cdk-org-trail: ${exclusion} (resources.ARN NotStartsWith), so the trail does not record its own log deliveries.`);
      }
    }
    return this.rendered;
  }

  private warnAboutWeakenedDefaults(): void {
    if (this.managementEvents !== cloudtrail.ReadWriteType.ALL && !this.recordedElsewhere) {
      Annotations.of(this.scope).addWarningV2('cdk-org-trail:ManagementEventsNotAll',
        `'managementEvents' is ${this.managementEvents}: the trail no longer records both read and write management events, so CIS AWS Foundations 3.1 and Security Hub CloudTrail.1 fail.`);
    }
    if (this.options.excludeManagementEventSources?.includes(cloudtrail.ManagementEventSources.KMS)) {
      Annotations.of(this.scope).addWarningV2('cdk-org-trail:KmsEventsExcluded',
        '\'excludeManagementEventSources\' leaves out kms.amazonaws.com, and with it DisableKey and ScheduleKeyDeletion: the CIS 4.7 / Security Hub CloudWatch.7 alarm on customer-managed keys can no longer fire.');
    }
    if (this.options.logComponentBucketDataEvents) {
      Annotations.of(this.scope).addWarningV2('cdk-org-trail:ComponentBucketDataEventsLogged',
        '\'logComponentBucketDataEvents\' is true: S3 data event selectors also record the archive, access-log and Athena results buckets, so every log delivery records (and bills) an event about itself.');
    }
  }
}
