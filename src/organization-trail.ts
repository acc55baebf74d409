import { Annotations, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TrailAlerts, TrailAlertsOptions } from './alerts/trail-alerts';
import { ArchiveLifecycle } from './archive/archive-lifecycle';
import { TrailArchive } from './archive/trail-archive';
import { CloudWatchDelivery } from './delivery/cloudwatch-delivery';
import { InsightEventCategory, insightProblems, InsightType, renderInsightSelectors } from './insights/insights';
import { ContinuousValidation, IntegrityValidationOptions } from './integrity/continuous-validation';
import { TrailKey } from './key/trail-key';
import { logsRootPath, trailArn } from './private/arns';
import { addStatementsOrWarn, assertSameRegion } from './private/imported-policy';
import { kmsKeyProblems } from './private/key-checks';
import { organizationIdProblems, s3KeyPrefixProblems, throwIfProblems, trailNameProblems } from './private/names';
import { defaultQueryDatabaseName, defaultQueryWorkGroupName, physicalNameProblems } from './private/physical-names';
import { deliveryTopicKeyStatement, deliveryTopicStatement, logReaderDecryptGrants, logValidatorGrant } from './private/policy-statements';
import { registerFacadePropNames } from './private/prop-names';
import { withPropPath } from './private/prop-path';
import { ArchiveQueryOptions } from './query/archive-query-options';
import { TrailQuery } from './query/trail-query';
import { EventCategory, EventSelector } from './selectors/event-selector';
import { managementEventSelector, ManagementEventSource } from './selectors/management-events';
import { ComponentBucket, RenderedSelectors, renderSelectors } from './selectors/render-selectors';

/** How the facade spells the props of its parts (part prop name to facade prop name), for messages. */
const FACADE_PROP_NAMES: Readonly<Record<string, string>> = {
  rotationPeriod: 'keyRotationPeriod',
  bucket: 'archiveBucket',
  lifecycle: 'archiveLifecycle',
  eventBridgeNotifications: 'archiveEventBridgeNotifications',
  breakGlassPrincipalArns: 'archiveBreakGlassPrincipalArns',
  retention: 'logRetention',
};

/**
 * Props for `OrganizationTrail`.
 */
export interface OrganizationTrailProps {
  /**
   * The ID of the AWS Organization whose accounts the trail records (`o-` and 10-32 lowercase
   * letters or digits). The stack must be deployed in that organization's management account.
   */
  readonly organizationId: string;

  /**
   * The trail's name. It must be known at synth time: the bucket, key and role policies name the
   * trail in `aws:SourceArn`. Changing it replaces the trail.
   *
   * @default 'organization-trail'
   */
  readonly trailName?: string;

  /**
   * A prefix for the log files' object keys (`<prefix>/AWSLogs/...`), honoured by every policy.
   *
   * @default - no prefix: log files start at `AWSLogs/`
   */
  readonly s3KeyPrefix?: string;

  /**
   * Which management events the trail records. Anything but `ALL` fails CIS AWS Foundations 3.1
   * and Security Hub CloudTrail.1 and warns at synth.
   *
   * @default cloudtrail.ReadWriteType.ALL
   */
  readonly managementEvents?: cloudtrail.ReadWriteType;

  /**
   * Management event sources to leave out of the trail (CloudTrail accepts KMS and the RDS Data
   * API only). Excluding KMS removes DisableKey and ScheduleKeyDeletion too, which blinds the CIS
   * 4.7 / Security Hub CloudWatch.7 alarm, and warns.
   *
   * @default - no source is excluded
   */
  readonly excludeManagementEventSources?: ManagementEventSource[];

  /**
   * Data and network activity event selectors. S3 data event selectors never record the buckets
   * this component writes to (archive, access-log and Athena results buckets): the component adds
   * the exclusion itself and says so at synth.
   *
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

  /**
   * CloudTrail Insights types to enable. API_CALL_RATE needs write management events;
   * API_ERROR_RATE needs read or write management events.
   *
   * @default - Insights is off
   */
  readonly insightTypes?: InsightType[];

  /**
   * Which events Insights analyses. DATA needs data event selectors.
   *
   * @default - management events only
   */
  readonly insightEventCategories?: InsightEventCategory[];

  /**
   * The KMS key that encrypts log files, digest files and the CloudWatch Logs group. It must be a
   * symmetric key in the stack's Region. If it was imported, a warning lists the key policy
   * statements to add.
   *
   * @default - a new key with automatic rotation, retained when removed from the stack
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How often a created key rotates (90 to 2560 days).
   *
   * @default Duration.days(365)
   */
  readonly keyRotationPeriod?: Duration;

  /**
   * The bucket that archives the log files. If it was imported, a warning lists the bucket policy
   * statements to add, and the lifecycle, Object Lock and access-log settings do not apply.
   *
   * @default - a new hardened, KMS-encrypted bucket with an access-log bucket beside it
   */
  readonly archiveBucket?: s3.IBucket;

  /**
   * Lifecycle of the log files in the created archive bucket.
   *
   * @default - Infrequent Access after 90 days, Glacier Instant Retrieval after 365 days, expiry after 2557 days (7 years)
   */
  readonly archiveLifecycle?: ArchiveLifecycle;

  /**
   * Object Lock default retention for the created archive bucket (governance or compliance mode).
   * Compliance mode cannot be shortened or removed by anyone, including the root user.
   *
   * @default - Object Lock is not enabled.
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;

  /**
   * How long the access-log bucket keeps the archive's S3 server access logs.
   *
   * @default Duration.days(365)
   */
  readonly accessLogsExpiration?: Duration;

  /**
   * Send the created archive and access-log buckets' object events to the default EventBridge
   * bus (free for AWS service events), so deleted or overwritten log files can be alerted on.
   *
   * @default true
   */
  readonly archiveEventBridgeNotifications?: boolean;

  /**
   * The IAM roles or users exempt from the archive guard. The archive bucket's policy denies
   * everyone else (`Principal: *`, statements `DenyArchiveShortening` and
   * `DenyArchiveLegalHoldRemoval`) deleting log files or their versions, bypassing governance
   * retention, removing legal holds, changing the lifecycle, versioning or Object Lock
   * configuration, and deleting the bucket. That includes the role CloudFormation deploys with:
   * to change `archiveLifecycle` or `objectLockRetention` later, first deploy with the deploy role
   * listed here (e.g. the CDK bootstrap's
   * `arn:aws:iam::<account>:role/cdk-hnb659fds-cfn-exec-role-<account>-<region>`), then make the
   * change. ARNs must be role or user ARNs with a literal partition and account; the name may
   * use `*` or `?`. With an imported `archiveBucket` the statements are printed instead.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
   * @default - no exemption: nobody can shorten the archive without first changing its bucket policy
   */
  readonly archiveBreakGlassPrincipalArns?: string[];

  /**
   * Deliver events to CloudWatch Logs too (needed by metric-filter alarms, Security Hub
   * CloudTrail.5 and Control Tower CT.CLOUDTRAIL.PR.3). When false, `logGroup` and `logRetention` must not be set.
   *
   * @default true
   */
  readonly cloudWatchLogs?: boolean;

  /**
   * Deliver to this log group instead of creating one.
   *
   * @default - a log group named `cloudtrail/<trailName>`, encrypted with the trail key
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * How long the created log group keeps events.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * An SNS topic CloudTrail notifies each time it delivers a log file. The topic policy gets the
   * statement CloudTrail needs; an imported topic draws a warning with that statement instead.
   * If the topic is encrypted with a key this stack owns, its key policy gets the statement too.
   *
   * @default - no delivery notifications
   */
  readonly snsTopic?: sns.ITopic;

  /**
   * Alerts on the trail: a catalog of CIS, walkthrough, Insights and tampering alerts as
   * metric-filter alarms on the log group and EventBridge rules, notifying an encrypted topic,
   * optionally fanned out to every member account.
   *
   * @default - no alerts
   */
  readonly alerts?: TrailAlertsOptions;

  /**
   * Create the Athena query layer over the archive: a Glue table with organization-wide partition
   * projection, a workgroup with its own results bucket and scan limit, and named queries.
   *
   * @default true
   */
  readonly archiveQuery?: boolean;

  /**
   * Settings of the Athena query layer (accounts and Regions the table reads, names, limits).
   * Only with `archiveQuery` true.
   *
   * @default - see `ArchiveQueryOptions`
   */
  readonly archiveQueryOptions?: ArchiveQueryOptions;

  /**
   * What happens to the key, buckets and log group this component creates when they leave the
   * stack. Anything but RETAIN can destroy audit evidence.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Validate the archive's digest chains continuously (`ContinuousValidation`): each digest as it lands, every
   * partition hourly, with an alarm on the alerts' topic. Needs the created archive's EventBridge notifications
   * (`archiveEventBridgeNotifications`, on by default).
   *
   * @default - no continuous validation
   */
  readonly integrityValidation?: IntegrityValidationOptions;
}

/**
 * An organization's CloudTrail audit pipeline: a multi-Region organization trail with log file
 * validation, a KMS key whose policy allows only this trail, a hardened S3 archive with access
 * logs, and CloudWatch Logs delivery.
 *
 * Deploy it in the organization's management account, in the trail's home Region.
 *
 * @example
 * new OrganizationTrail(this, 'OrgTrail', {
 *   organizationId: 'o-a1b2c3d4e5',
 * });
 */
export class OrganizationTrail extends Construct {
  /**
   * The trail's name.
   * @attribute
   */
  public readonly trailName: string;

  /**
   * The trail's ARN (in the management account, the stack's account).
   * @attribute
   */
  public readonly trailArn: string;

  /** The trail resource. */
  public readonly trail: cloudtrail.CfnTrail;

  /** The key that encrypts log files, digest files and the log group. */
  public readonly encryptionKey: kms.IKey;

  /** The bucket that archives the log files. */
  public readonly archiveBucket: s3.IBucket;

  /** The bucket that receives the archive's S3 server access logs (undefined for an imported archive). */
  public readonly accessLogsBucket?: s3.IBucket;

  /** The CloudWatch Logs group the trail delivers to (undefined when `cloudWatchLogs` is false). */
  public readonly logGroup?: logs.ILogGroup;

  /** The role CloudTrail assumes to deliver to CloudWatch Logs (undefined when `cloudWatchLogs` is false). */
  public readonly cloudWatchLogsRole?: iam.IRole;

  /** The topic notified on log delivery, if any. */
  public readonly snsTopic?: sns.ITopic;

  /** The alerts (undefined when `alerts` is not set). */
  public readonly alerting?: TrailAlerts;

  /** The Athena query layer over the archive (undefined when `archiveQuery` is false). */
  public readonly query?: TrailQuery;

  /** The organization the trail records. */
  public readonly organizationId: string;

  /** The object key prefix, if any. */
  public readonly s3KeyPrefix?: string;

  /** Continuous log file validation (undefined when `integrityValidation` is not set). */
  public readonly integrityValidation?: ContinuousValidation;

  private readonly eventSelectors: EventSelector[];
  private readonly componentBuckets: ComponentBucket[] = [];
  private renderedSelectors?: RenderedSelectors;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    this.trailName = props.trailName ?? 'organization-trail';
    this.organizationId = props.organizationId;
    this.s3KeyPrefix = props.s3KeyPrefix;
    this.eventSelectors = [...(props.eventSelectors ?? [])];
    this.validateProps(props);
    registerFacadePropNames(this, FACADE_PROP_NAMES);

    const stack = Stack.of(this);
    this.trailArn = trailArn(stack, this.trailName);

    const trailKey = new TrailKey(this, 'Key', {
      trailArn: this.trailArn,
      encryptionKey: props.encryptionKey,
      rotationPeriod: props.keyRotationPeriod,
      removalPolicy: props.removalPolicy,
    });
    this.encryptionKey = trailKey.key;

    const archive = new TrailArchive(this, 'Archive', {
      trailArn: this.trailArn,
      organizationId: this.organizationId,
      s3KeyPrefix: this.s3KeyPrefix,
      encryptionKey: this.encryptionKey,
      bucket: props.archiveBucket,
      lifecycle: props.archiveLifecycle,
      objectLockRetention: props.objectLockRetention,
      accessLogsExpiration: props.accessLogsExpiration,
      eventBridgeNotifications: props.archiveEventBridgeNotifications,
      removalPolicy: props.removalPolicy,
      breakGlassPrincipalArns: props.archiveBreakGlassPrincipalArns,
    });
    this.archiveBucket = archive.bucket;
    this.accessLogsBucket = archive.accessLogsBucket;
    this.componentBuckets.push({ description: 'the archive bucket', bucket: archive.bucket });
    if (archive.accessLogsBucket) {
      this.componentBuckets.push({ description: 'the access-log bucket', bucket: archive.accessLogsBucket });
    }

    if (props.archiveQuery !== false) {
      this.query = new TrailQuery(this, 'Query', withPropPath({
        databaseName: defaultQueryDatabaseName(this.trailName),
        workGroupName: defaultQueryWorkGroupName(this.trailName),
        ...props.archiveQueryOptions,
        archiveBucket: this.archiveBucket,
        encryptionKey: this.encryptionKey,
        organizationId: this.organizationId,
        s3KeyPrefix: this.s3KeyPrefix,
        accessLogsBucket: this.accessLogsBucket,
        removalPolicy: props.removalPolicy,
      }, { prefix: 'archiveQueryOptions.' }));
      this.componentBuckets.push({ description: 'the Athena results bucket', bucket: this.query.resultsBucket });
    }

    const delivery = props.cloudWatchLogs === false ? undefined : new CloudWatchDelivery(this, 'CloudWatchDelivery', {
      organizationId: this.organizationId,
      trailName: this.trailName,
      trailArn: this.trailArn,
      trailKey,
      logGroup: props.logGroup,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = delivery?.logGroup;
    this.cloudWatchLogsRole = delivery?.role;

    if (props.alerts) {
      this.alerting = new TrailAlerts(this, 'Alerts', withPropPath({
        ...props.alerts,
        organizationId: this.organizationId,
        trailName: this.trailName,
        keyArn: this.encryptionKey.keyArn,
        bucketName: this.archiveBucket.bucketName,
        // Only the buckets this component creates send object events to EventBridge.
        archiveEventBridgeNotifications: archive.accessLogsBucket !== undefined && props.archiveEventBridgeNotifications !== false,
        accessLogsBucketName: this.accessLogsBucket?.bucketName,
        logGroup: this.logGroup,
        removalPolicy: props.removalPolicy,
      }, { prefix: 'alerts.' }));
      const insightsAlerts = this.alerting.alerts.filter((alert) => alert.requiresInsights);
      if (insightsAlerts.length > 0 && (props.insightTypes ?? []).length === 0) {
        Annotations.of(this).addWarningV2('cdk-org-trail:InsightsAlertsWithoutInsights',
          `'alerts' includes ${insightsAlerts.map((alert) => alert.id).join(', ')}, but 'insightTypes' is empty, so they can never fire. Enable Insights or drop AlertPack.INSIGHTS.`);
      }
    }

    this.snsTopic = props.snsTopic;
    if (this.snsTopic) {
      const topic = this.snsTopic;
      assertSameRegion(this, 'snsTopic', topic.env.region,
        'CloudTrail notifies a topic in the trail\'s home Region (KmsKeyNotFoundException for its key otherwise); pass a topic of that Region.');
      addStatementsOrWarn(this, 'TopicPolicyNeedsCloudTrail', 'The notification topic (\'snsTopic\')',
        [deliveryTopicStatement(topic.topicArn, this.trailArn)], (statement) => topic.addToResourcePolicy(statement));
      const topicKey = topic.masterKey;
      if (topicKey) {
        throwIfProblems(kmsKeyProblems('snsTopic.masterKey', topicKey, 'CloudTrail (publishing to an encrypted topic)'));
        addStatementsOrWarn(this, 'TopicKeyPolicyNeedsCloudTrail', 'The notification topic\'s KMS key',
          [deliveryTopicKeyStatement(this.trailArn)], (statement) => topicKey.addToResourcePolicy(statement, true));
      }
    }

    const managementEvents = props.managementEvents ?? cloudtrail.ReadWriteType.ALL;
    const managementSelector = managementEventSelector(managementEvents, props.excludeManagementEventSources);
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: this.trailName,
      isLogging: true,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      s3BucketName: this.archiveBucket.bucketName,
      s3KeyPrefix: this.s3KeyPrefix,
      kmsKeyId: this.encryptionKey.keyArn,
      cloudWatchLogsLogGroupArn: delivery?.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: delivery?.role.roleArn,
      snsTopicName: this.snsTopic?.topicArn,
      advancedEventSelectors: Lazy.any({ produce: () => this.selectors(props, managementSelector).selectors }),
      insightSelectors: renderInsightSelectors(props.insightTypes ?? [], props.insightEventCategories),
    });
    this.addCreationOrder(archive, delivery);
    this.integrityValidation = this.addIntegrityValidation(props, archive);
    this.warnAboutWeakenedDefaults(props);
    this.node.addValidation({ validate: () => this.validateSelectorsAndInsights(props, managementSelector, managementEvents) });
    this.node.addValidation({ validate: () => physicalNameProblems(this) });
  }

  /**
   * Adds a data or network activity event selector (validated at synth with the others).
   */
  public addEventSelector(selector: EventSelector): void {
    if (this.renderedSelectors) {
      throw new Error(`addEventSelector('${selector.name}') was called after the trail's selectors were rendered. Add selectors before synthesis.`);
    }
    this.eventSelectors.push(selector);
  }

  /**
   * Lets a principal read the trail's log and digest files: list and get objects under the
   * trail's `AWSLogs/` path, and decrypt only data keys CloudTrail generated (the
   * `kms:EncryptionContext:aws:cloudtrail:arn` key must be present) or the archive's S3 Bucket Key
   * (requested by S3 with the bucket's ARN as encryption context); and call
   * `cloudtrail:ListPublicKeys`, so that the principal can also validate the digest chains (for
   * example with `npx cdk-org-trail validate`).
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const root = logsRootPath(this.s3KeyPrefix);
    const objects = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resourceArns: [this.archiveBucket.arnForObjects(`${root}/*`)],
      resource: this.archiveBucket,
    });
    const listing = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resourceArns: [this.archiveBucket.bucketArn],
      resource: this.archiveBucket,
    });
    const decrypt = logReaderDecryptGrants(grantee, this.encryptionKey, this.archiveBucket.bucketArn, Stack.of(this).region);
    return objects.combine(listing).combine(decrypt).combine(logValidatorGrant(grantee));
  }

  // ---- Continuous validation (integrityValidation) ----

  /** Wires `ContinuousValidation` to this trail's archive, key and alerts' topic. */
  private addIntegrityValidation(props: OrganizationTrailProps, archive: TrailArchive): ContinuousValidation | undefined {
    const options = props.integrityValidation;
    if (!options) return undefined;
    const problems: string[] = [];
    if (options.alarm === true && !this.alerting) {
      problems.push('\'integrityValidation.alarm\' is true, but there is no alarm topic without \'alerts\'. Set \'alerts\' (for example { emailAddresses: [...] }) or leave \'integrityValidation.alarm\' unset.');
    }
    if (archive.accessLogsBucket && props.archiveEventBridgeNotifications === false) {
      problems.push('\'integrityValidation\' validates digests as they land, which needs the archive\'s object events on EventBridge, but \'archiveEventBridgeNotifications\' is false. Set it to true (the default) or remove \'integrityValidation\'.');
    }
    throwIfProblems(problems);
    if (!archive.accessLogsBucket) {
      Annotations.of(this).addWarningV2('cdk-org-trail:IntegrityValidationNeedsArchiveEvents',
        '\'integrityValidation\' with an imported \'archiveBucket\': turn on its Amazon EventBridge notifications (S3 console, Properties, or NotificationConfiguration.EventBridgeConfiguration), or digests are validated only by the hourly sweep.');
    }
    const { alarm, ...validationOptions } = options;
    return new ContinuousValidation(this, 'IntegrityValidation', {
      ...validationOptions,
      archiveBucket: this.archiveBucket,
      encryptionKey: this.encryptionKey,
      organizationId: this.organizationId,
      s3KeyPrefix: this.s3KeyPrefix,
      trailName: this.trailName,
      alarmTopic: alarm === false ? undefined : this.alerting?.alarmTopic.topic,
      accessLogsBucket: this.accessLogsBucket,
      removalPolicy: props.removalPolicy,
    });
  }

  /** Renders the selectors once, after every selector has been added. */
  private selectors(props: OrganizationTrailProps, management?: cloudtrail.CfnTrail.AdvancedEventSelectorProperty): RenderedSelectors {
    if (!this.renderedSelectors) {
      this.renderedSelectors = renderSelectors({
        management,
        selectors: this.eventSelectors,
        componentBuckets: this.componentBuckets,
        logComponentBucketDataEvents: props.logComponentBucketDataEvents ?? false,
      });
      for (const exclusion of this.renderedSelectors.exclusions) {
        Annotations.of(this).addInfo(`cdk-org-trail: ${exclusion} (resources.ARN NotStartsWith), so the trail does not record its own log deliveries.`);
      }
    }
    return this.renderedSelectors;
  }

  /**
   * Insights prerequisites. Those that depend on props alone are checked in the constructor
   * (`recordsDataEvents` assumed true); whether the trail records data events is only known once
   * every selector was added, so that one check runs in the node's validation.
   */
  private insightProblems(props: OrganizationTrailProps, managementEvents: cloudtrail.ReadWriteType, recordsDataEvents: boolean): string[] {
    return insightProblems(props.insightTypes ?? [], props.insightEventCategories, { managementEvents, recordsDataEvents });
  }

  private validateSelectorsAndInsights(
    props: OrganizationTrailProps,
    management: cloudtrail.CfnTrail.AdvancedEventSelectorProperty | undefined,
    managementEvents: cloudtrail.ReadWriteType,
  ): string[] {
    const problems = [...this.selectors(props, management).problems];
    if (!management && this.eventSelectors.length === 0) {
      problems.push('\'managementEvents\' is ReadWriteType.NONE and there are no \'eventSelectors\', which leaves the trail nothing to record (CloudTrail would then record all management events). Use ReadWriteType.ALL (the CIS default) or add data event selectors.');
    }
    problems.push(...this.insightProblems(props, managementEvents,
      this.eventSelectors.some((selector) => selector.category === EventCategory.DATA)));
    return problems;
  }

  /**
   * Lets a principal run the named queries and its own over the archive: the Athena workgroup,
   * the Glue catalog objects, archive read with decryption of CloudTrail data keys, and the
   * results bucket.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    if (!this.query) {
      throw new Error('grantQuery() needs the Athena query layer, but \'archiveQuery\' is false. Set it to true (the default) or grant access to your own query setup.');
    }
    return this.query.grantQuery(grantee);
  }

  private validateProps(props: OrganizationTrailProps): void {
    const problems = [
      ...organizationIdProblems(props.organizationId),
      ...trailNameProblems(this.trailName),
      ...(props.s3KeyPrefix === undefined ? [] : s3KeyPrefixProblems(props.s3KeyPrefix)),
      // Eager: all but the data-events prerequisite, which waits for addEventSelector().
      ...this.insightProblems(props, props.managementEvents ?? cloudtrail.ReadWriteType.ALL, true),
    ];
    if (props.managementEvents === cloudtrail.ReadWriteType.NONE && (props.excludeManagementEventSources ?? []).length > 0) {
      problems.push('\'excludeManagementEventSources\' needs management events, but \'managementEvents\' is ReadWriteType.NONE. Drop the exclusions or record management events.');
    }
    if (props.archiveQuery === false && props.archiveQueryOptions !== undefined) {
      problems.push('\'archiveQuery\' is false, but \'archiveQueryOptions\' is set. Remove it or set \'archiveQuery\' to true.');
    }
    if (props.cloudWatchLogs === false) {
      const needsLogs = [['logGroup', props.logGroup], ['logRetention', props.logRetention]]
        .filter(([, value]) => value !== undefined).map(([name]) => `'${name}'`);
      if (needsLogs.length > 0) {
        problems.push(`'cloudWatchLogs' is false, but ${needsLogs.join(' and ')} need CloudWatch Logs delivery. Remove them or set 'cloudWatchLogs' to true.`);
      }
      if (props.alerts !== undefined && props.alerts.metricFilterAlarms !== false) {
        problems.push(`'alerts.metricFilterAlarms' is ${props.alerts.metricFilterAlarms === undefined ? 'on by default' : 'true'} and needs CloudWatch Logs delivery, but 'cloudWatchLogs' is false. Turn delivery on, or set 'alerts.metricFilterAlarms' to false and rely on EventBridge rules.`);
      }
    }
    throwIfProblems(problems);
  }

  /**
   * CloudTrail checks the bucket policy, the delivery role and the topic policy when it creates
   * the trail, so the trail must come after them (a race otherwise fails the deployment with
   * InsufficientS3BucketPolicyException or InvalidCloudWatchLogsRoleArnException).
   */
  private addCreationOrder(archive: TrailArchive, delivery?: CloudWatchDelivery): void {
    const bucketPolicy = archive.bucket.policy;
    if (bucketPolicy) {
      this.trail.node.addDependency(bucketPolicy);
    }
    if (delivery) {
      this.trail.node.addDependency(delivery.rolePolicy);
    }
    const topicPolicy = this.snsTopic?.node.tryFindChild('Policy');
    if (topicPolicy) {
      this.trail.node.addDependency(topicPolicy);
    }
  }

  private warnAboutWeakenedDefaults(props: OrganizationTrailProps): void {
    const managementEvents = props.managementEvents ?? cloudtrail.ReadWriteType.ALL;
    if (managementEvents !== cloudtrail.ReadWriteType.ALL) {
      Annotations.of(this).addWarningV2('cdk-org-trail:ManagementEventsNotAll',
        `'managementEvents' is ${managementEvents}: the trail no longer records both read and write management events, so CIS AWS Foundations 3.1 and Security Hub CloudTrail.1 fail.`);
    }
    if (props.cloudWatchLogs === false) {
      Annotations.of(this).addWarningV2('cdk-org-trail:CloudWatchLogsDisabled',
        '\'cloudWatchLogs\' is false: Security Hub CloudTrail.5 (CIS v1.4.0 3.4) and Control Tower CT.CLOUDTRAIL.PR.3 fail, and metric-filter alarms cannot be added.');
    }
    if (props.excludeManagementEventSources?.includes(ManagementEventSource.KMS)) {
      Annotations.of(this).addWarningV2('cdk-org-trail:KmsEventsExcluded',
        '\'excludeManagementEventSources\' leaves out kms.amazonaws.com, and with it DisableKey and ScheduleKeyDeletion: the CIS 4.7 / Security Hub CloudWatch.7 alarm on customer-managed keys can no longer fire.');
    }
    if (props.logComponentBucketDataEvents) {
      Annotations.of(this).addWarningV2('cdk-org-trail:ComponentBucketDataEventsLogged',
        '\'logComponentBucketDataEvents\' is true: S3 data event selectors also record the archive, access-log and Athena results buckets, so every log delivery records (and bills) an event about itself.');
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (removalPolicy !== RemovalPolicy.RETAIN) {
      Annotations.of(this).addWarningV2('cdk-org-trail:StatefulResourcesNotRetained',
        `'removalPolicy' is ${removalPolicy}: deleting the stack can delete the trail key, archive and log group, and with them the audit evidence.`);
    }
  }
}
