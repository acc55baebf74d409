import { Aws, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataResourceType } from './data-resource-type';
import { FieldCondition, SelectorField } from './selector-field';
import { bucketNameProblems } from '../private/names';
import { throwIfProblems } from '../private/validation';

/**
 * The event categories a trail's advanced event selectors record.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
export enum EventCategory {
  /** Management (control plane) events. */
  MANAGEMENT = 'Management',
  /** Data (resource operation) events. */
  DATA = 'Data',
  /** Network activity events: calls made through VPC endpoints. */
  NETWORK_ACTIVITY = 'NetworkActivity',
}

/** Options shared by the data event presets. */
export interface DataEventPresetOptions {
  /**
   * The selector's name (unique within the trail; shown in the console).
   *
   * @default - a name describing the preset
   */
  readonly name?: string;

  /**
   * Record only read (`true`) or only write (`false`) calls.
   *
   * @default - both read and write calls
   */
  readonly readOnly?: boolean;
}

/** Options for `EventSelector.dataEvents()`. */
export interface DataEventsOptions {
  /** The selector's name, unique within the trail. */
  readonly name: string;

  /** The resource type (`resources.type`), exactly one per selector. */
  readonly resourceType: DataResourceType;

  /**
   * Record only read (`true`) or only write (`false`) calls.
   *
   * @default - both read and write calls
   */
  readonly readOnly?: boolean;

  /**
   * Further conditions (`resources.ARN`, `eventName`, `userIdentity.arn`...), ANDed.
   *
   * @default - every event of the resource type (in every account of the organization)
   */
  readonly conditions?: FieldCondition[];
}

/** Options for `EventSelector.networkActivityEvents()`. */
export interface NetworkActivityEventsOptions {
  /** The selector's name, unique within the trail. */
  readonly name: string;

  /** The service whose VPC endpoint calls are recorded, e.g. `kms.amazonaws.com` (one per selector). */
  readonly eventSource: string;

  /**
   * Record only calls the VPC endpoint policy denied (`errorCode = VpceAccessDenied`).
   *
   * @default false
   */
  readonly deniedOnly?: boolean;

  /**
   * Further conditions (`eventName`, `vpcEndpointId`), ANDed.
   *
   * @default - every network activity event of the source
   */
  readonly conditions?: FieldCondition[];
}

/**
 * An advanced event selector for data or network activity events. Management events are set on
 * the trail itself (`managementEvents`), so that there is always exactly one management selector.
 *
 * Validation (operators per field, values, required fields, the trail's 500-value budget) runs
 * when the trail renders its selectors, and every message names the selector.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html
 */
export class EventSelector {
  /** Data events of one resource type, narrowed by any conditions. */
  public static dataEvents(options: DataEventsOptions): EventSelector {
    const conditions = [FieldCondition.equalTo(SelectorField.RESOURCES_TYPE, [options.resourceType.value])];
    if (options.readOnly !== undefined) {
      conditions.push(FieldCondition.equalTo(SelectorField.READ_ONLY, [String(options.readOnly)]));
    }
    return new EventSelector(options.name, EventCategory.DATA, [...conditions, ...(options.conditions ?? [])]);
  }

  /** Network activity events (calls through VPC endpoints) of one service. */
  public static networkActivityEvents(options: NetworkActivityEventsOptions): EventSelector {
    const conditions = [FieldCondition.equalTo(SelectorField.EVENT_SOURCE, [options.eventSource])];
    if (options.deniedOnly) {
      conditions.push(FieldCondition.equalTo(SelectorField.ERROR_CODE, ['VpceAccessDenied']));
    }
    return new EventSelector(options.name, EventCategory.NETWORK_ACTIVITY, [...conditions, ...(options.conditions ?? [])]);
  }

  /**
   * A data or network activity selector written condition by condition: the escape hatch for
   * anything the presets do not cover.
   */
  public static custom(name: string, category: EventCategory, conditions: FieldCondition[]): EventSelector {
    return new EventSelector(name, category, conditions);
  }

  /**
   * S3 object events in the given buckets or prefixes, written `bucket` or `bucket/prefix/`
   * (the walkthrough's `my-sensitive-bucket/`).
   */
  public static s3Objects(locations: string[], options: DataEventPresetOptions = {}): EventSelector {
    return EventSelector.dataEvents({
      name: options.name ?? 'S3 objects in selected locations',
      resourceType: DataResourceType.S3_OBJECT,
      readOnly: options.readOnly,
      conditions: [FieldCondition.startsWith(SelectorField.RESOURCES_ARN, s3ObjectArnPrefixes('EventSelector.s3Objects(locations)', locations))],
    });
  }

  /** S3 object events in the given buckets (all their objects). */
  public static s3ObjectsOfBuckets(buckets: s3.IBucket[], options: DataEventPresetOptions = {}): EventSelector {
    return EventSelector.dataEvents({
      name: options.name ?? 'S3 objects in selected buckets',
      resourceType: DataResourceType.S3_OBJECT,
      readOnly: options.readOnly,
      conditions: [FieldCondition.startsWith(SelectorField.RESOURCES_ARN, bucketObjectPrefixes(buckets))],
    });
  }

  /**
   * S3 object events in every bucket of the organization except the named ones. The trail's own
   * buckets are excluded in any case.
   */
  public static s3ObjectsExcept(excludedBuckets: string[], options: DataEventPresetOptions = {}): EventSelector {
    const conditions = excludedBuckets.length === 0 ? [] :
      [FieldCondition.notStartsWith(SelectorField.RESOURCES_ARN, s3ObjectArnPrefixes('EventSelector.s3ObjectsExcept(excludedBuckets)', excludedBuckets))];
    return EventSelector.dataEvents({
      name: options.name ?? 'S3 objects in all buckets but excluded ones',
      resourceType: DataResourceType.S3_OBJECT,
      readOnly: options.readOnly,
      conditions,
    });
  }

  /** Lambda invocations of the given functions (by exact function ARN). */
  public static lambdaInvocations(functions: lambda.IFunction[], options: DataEventPresetOptions = {}): EventSelector {
    return EventSelector.dataEvents({
      name: options.name ?? 'Lambda invocations of selected functions',
      resourceType: DataResourceType.LAMBDA_FUNCTION,
      readOnly: options.readOnly,
      conditions: [FieldCondition.equalTo(SelectorField.RESOURCES_ARN, functions.map((fn) => fn.functionArn))],
    });
  }

  /** DynamoDB item-level events of the given tables (by exact table ARN). */
  public static dynamoDbTables(tables: dynamodb.ITable[], options: DataEventPresetOptions = {}): EventSelector {
    return EventSelector.dataEvents({
      name: options.name ?? 'DynamoDB items of selected tables',
      resourceType: DataResourceType.DYNAMODB_TABLE,
      readOnly: options.readOnly,
      conditions: [FieldCondition.equalTo(SelectorField.RESOURCES_ARN, tables.map((table) => table.tableArn))],
    });
  }

  /** Only the write calls of one resource type, everywhere (e.g. S3 PutObject/DeleteObject). */
  public static writeOnlyDataEvents(resourceType: DataResourceType, name?: string): EventSelector {
    return EventSelector.dataEvents({
      name: name ?? `Write-only data events of ${resourceType.value}`,
      resourceType,
      readOnly: false,
    });
  }

  private constructor(
    /** The selector's name, unique within the trail. */
    public readonly name: string,
    /** The event category the selector records. */
    public readonly category: EventCategory,
    /** The conditions besides `eventCategory`, ANDed. */
    public readonly conditions: FieldCondition[],
  ) {}
}

/**
 * `bucket` or `bucket/prefix/` to the object ARN prefix CloudTrail matches. Without a trailing
 * '/', 'arn:aws:s3:::logs' would also match the bucket 'logs-archive'. Every location is
 * checked, and all problems are reported at once, naming the method (`prop`).
 */
function s3ObjectArnPrefixes(prop: string, locations: string[]): string[] {
  const problems: string[] = [];
  for (const location of locations) {
    if (Token.isUnresolved(location)) {
      continue;
    }
    if (location.startsWith('arn:')) {
      problems.push(`${prop}: S3 locations are written 'bucket' or 'bucket/prefix/', not as ARNs; got '${location}'. Drop the 'arn:...:s3:::' part.`);
      continue;
    }
    const bucket = location.split('/')[0];
    problems.push(...bucketNameProblems(`${prop} entry '${location}'`, bucket));
  }
  throwIfProblems('EventSelector', problems);
  return locations.map((location) => `arn:${Aws.PARTITION}:s3:::${location.includes('/') ? location : `${location}/`}`);
}

/** `<bucket ARN>/` for each bucket, after checking the names known at synth time. */
function bucketObjectPrefixes(buckets: s3.IBucket[]): string[] {
  throwIfProblems('EventSelector', buckets.flatMap((bucket) =>
    bucketNameProblems(`EventSelector.s3ObjectsOfBuckets(buckets) entry '${bucket.node.path}'`, bucket.bucketName)));
  return buckets.map((bucket) => `${bucket.bucketArn}/`);
}
