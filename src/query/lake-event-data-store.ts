import { Annotations, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TRAIL_QUERIES } from './named-queries';
import { assertSameRegion } from '../private/imported-policy';
import { lakeKeyStatements, denyGrantsExceptForAwsServicesStatement } from '../private/policy-statements';
import {
  EVENT_DATA_STORE_RETENTION_MAX_DAYS, EVENT_DATA_STORE_RETENTION_MIN_DAYS, eventDataStoreNameProblems,
} from '../private/query-names';
import { calledConstruct, throwIfProblems, wholeDaysProblems } from '../private/validation';

/**
 * Props for `LakeEventDataStore`.
 */
export interface LakeEventDataStoreProps {
  /**
   * The event data store's name (3-128 letters, digits, `.`, `_` or `-`).
   *
   * @default 'organization-events'
   */
  readonly eventDataStoreName?: string;

  /**
   * The key that encrypts the event data store. It must be a key whose policy this stack can
   * change (created in this stack): CloudTrail needs its statements, and a Lake key cannot be
   * changed or removed later.
   *
   * @default - a new key with rotation on, used only by the event data store
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long events are kept (7 to 3653 days, extendable-retention pricing).
   *
   * @default Duration.days(366)
   */
  readonly retention?: Duration;

  /**
   * Which management events are stored; mirror the trail's `managementEvents`.
   *
   * @default cloudtrail.ReadWriteType.ALL
   */
  readonly managementEvents?: cloudtrail.ReadWriteType;

  /**
   * Protect the event data store from deletion.
   *
   * @default true
   */
  readonly terminationProtection?: boolean;

  /**
   * What happens to the event data store and a created key when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** One of the shipped questions in CloudTrail Lake SQL. */
export interface LakeQuery {
  /** The query's id in the catalog (the same as the Athena named query's). */
  readonly id: string;
  /** Short title. */
  readonly title: string;
  /** The SQL, over this event data store. */
  readonly queryString: string;
}

/**
 * An organization event data store in CloudTrail Lake, for organizations that already use Lake
 * (it is closed to new customers since 31 May 2026; Athena over the archive, `TrailQuery`, is the
 * default). Multi-Region, organization-wide, KMS-encrypted with a key whose policy lets CloudTrail
 * use it, termination-protected and retained.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-lake-service-availability-change.html
 */
export class LakeEventDataStore extends Construct {
  /** The event data store. */
  public readonly eventDataStore: cloudtrail.CfnEventDataStore;
  /** The key that encrypts it. */
  public readonly encryptionKey: kms.IKey;
  /** @attribute */
  public readonly eventDataStoreArn: string;
  /** The shipped questions in Lake SQL, over this event data store. */
  public readonly queries: LakeQuery[];

  constructor(scope: Construct, id: string, props: LakeEventDataStoreProps = {}) {
    super(scope, id);
    const name = props.eventDataStoreName ?? 'organization-events';
    const retention = props.retention ?? Duration.days(366);
    const managementEvents = props.managementEvents ?? cloudtrail.ReadWriteType.ALL;
    throwIfProblems(calledConstruct(props, 'LakeEventDataStore'), [
      ...eventDataStoreNameProblems(name),
      ...wholeDaysProblems('retention', retention,
        { minimum: EVENT_DATA_STORE_RETENTION_MIN_DAYS, maximum: EVENT_DATA_STORE_RETENTION_MAX_DAYS }, 'e.g. Duration.days(366)'),
      ...(managementEvents === cloudtrail.ReadWriteType.NONE
        ? ['\'managementEvents\' must record events, got ReadWriteType.NONE, which leaves the event data store nothing to store. Use ReadWriteType.ALL (the trail\'s default) or WRITE_ONLY.']
        : []),
    ]);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: 'Encrypts the CloudTrail Lake organization event data store',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy,
    });
    if (!props.encryptionKey) {
      this.encryptionKey.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
    }
    this.allowCloudTrail(props.encryptionKey !== undefined);

    this.eventDataStore = new cloudtrail.CfnEventDataStore(this, 'Resource', {
      name,
      kmsKeyId: this.encryptionKey.keyArn,
      multiRegionEnabled: true,
      organizationEnabled: true,
      billingMode: 'EXTENDABLE_RETENTION_PRICING',
      retentionPeriod: retention.toDays(),
      terminationProtectionEnabled: props.terminationProtection ?? true,
      ingestionEnabled: true,
      advancedEventSelectors: [managementSelector(managementEvents)],
    });
    this.eventDataStore.applyRemovalPolicy(removalPolicy);
    this.eventDataStoreArn = this.eventDataStore.attrEventDataStoreArn;
    // Lake queries name the store by its ID, the last segment of its ARN (`...:eventdatastore/<id>`).
    const storeId = Fn.select(1, Fn.split('/', this.eventDataStoreArn));
    this.queries = TRAIL_QUERIES.map((query) => ({ id: query.id, title: query.title, queryString: query.lakeSql(storeId) }));

    Annotations.of(this).addWarningV2('cdk-org-trail:LakeClosedToNewCustomers',
      'CloudTrail Lake no longer accepts new customers since 31 May 2026: deploying this event data store fails for an organization that did not use Lake before. TrailQuery (Athena over the archive) answers the same questions.');
  }

  private allowCloudTrail(givenKey: boolean): void {
    const missing = lakeKeyStatements().filter((statement) => !this.encryptionKey.addToResourcePolicy(statement, true).statementAdded);
    if (givenKey && missing.length > 0) {
      throw new Error(`'encryptionKey' was imported (got '${this.encryptionKey.node.path}'), so this stack cannot let CloudTrail Lake use it (kms:GenerateDataKey, kms:Decrypt and kms:DescribeKey for cloudtrail.amazonaws.com), and a Lake key cannot be changed after creation. Pass a kms.Key created in this stack, or omit 'encryptionKey' to get one.`);
    }
    if (givenKey) {
      assertSameRegion(this, 'encryptionKey', this.encryptionKey.env.region,
        'CloudTrail Lake needs a key in the event data store\'s Region; use a key, or a replica of a multi-Region key, in the stack\'s Region.');
    }
  }
}

/** The management-event selector, as the trail renders it. */
function managementSelector(readWriteType: cloudtrail.ReadWriteType): cloudtrail.CfnEventDataStore.AdvancedEventSelectorProperty {
  const fieldSelectors: cloudtrail.CfnEventDataStore.AdvancedFieldSelectorProperty[] = [{ field: 'eventCategory', equalTo: ['Management'] }];
  if (readWriteType === cloudtrail.ReadWriteType.READ_ONLY) {
    fieldSelectors.push({ field: 'readOnly', equalTo: ['true'] });
  } else if (readWriteType === cloudtrail.ReadWriteType.WRITE_ONLY) {
    fieldSelectors.push({ field: 'readOnly', equalTo: ['false'] });
  }
  return { name: 'Management events', fieldSelectors };
}
