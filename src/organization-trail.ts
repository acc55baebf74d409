import { Annotations, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct, IDependable } from 'constructs';
import { warnWhenAlertsAreBlind } from './alerts/alert-needs';
import { AlertSeverity } from './alerts/catalog';
import { TrailAlerts, TrailAlertsOptions } from './alerts/trail-alerts';
import { TrailArchive, TrailArchiveOptions } from './archive/trail-archive';
import { ControlTowerProfile, controlTowerProfileProblems, profileInsightsHint } from './control-tower/control-tower-profile';
import { DelegatedAdministratorTrail } from './delegated/delegated-administrator-trail';
import { deploymentProblems, TrailDeployment } from './delegated/trail-deployment';
import { CloudWatchDelivery, CloudWatchDeliveryOptions } from './delivery/cloudwatch-delivery';
import { allowDeliveryNotifications, DeliveryNotificationOptions } from './delivery/delivery-notifications';
import { insightProblems, InsightsOptions, InsightType, renderInsightSelectors } from './insights/insights';
import { ContinuousValidation, IntegrityValidationOptions } from './integrity/continuous-validation';
import { TrailKey, TrailKeyOptions } from './key/trail-key';
import { LogArchiveReference, TrailKeyPlacement } from './log-archive/log-archive-reference';
import { pairingProblems, registerTrailSide } from './log-archive/pairing';
import { trailArn } from './private/arns';
import { grantTrailLogsRead } from './private/grants';
import { ACCOUNT_ID, bucketNameProblems, organizationIdProblems, s3KeyPrefixProblems, trailNameProblems } from './private/names';
import { defaultQueryDatabaseName, defaultQueryWorkGroupName, physicalNameProblems } from './private/physical-names';
import { throwIfProblems, withPropPath } from './private/validation';
import { ArchiveQueryOptions } from './query/archive-query-options';
import { grantQueryLayer, TrailQuery } from './query/trail-query';
import { EventSelector } from './selectors/event-selector';
import { selectorOptionProblems, TrailSelectors, TrailSelectorsOptions } from './selectors/trail-selectors';


/** The construct named in the heading of a multi-problem error. */
const CONSTRUCT = 'OrganizationTrail';

/**
 * Props for `OrganizationTrail`. The settings of each part (key, archive, CloudWatch Logs
 * delivery, delivery notifications, selectors, Insights) are documented once, in the part's
 * options.
 */
export interface OrganizationTrailProps extends TrailKeyOptions, TrailArchiveOptions, CloudWatchDeliveryOptions,
  DeliveryNotificationOptions, TrailSelectorsOptions, InsightsOptions {
  /**
   * The ID of the AWS Organization whose accounts the trail records (`o-` and 10-32 lowercase
   * letters or digits). The stack must be deployed in that organization's management account.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
   */
  readonly organizationId: string;

  /**
   * The trail's name. It must be known at synth time: the bucket, key and role policies name the
   * trail in `aws:SourceArn`. Changing it replaces the trail. The default names of the log group,
   * query layer, alerts and fan-out derive from it.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
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
   * Deliver events to CloudWatch Logs too (needed by metric-filter alarms, Security Hub
   * CloudTrail.5 and Control Tower CT.CLOUDTRAIL.PR.3). When false, `logGroup` and `logRetention` must not be set.
   *
   * @default true
   */
  readonly cloudWatchLogs?: boolean;

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
   * With `logArchive`, the query layer belongs beside the archive (`LogArchive`) and true is refused.
   *
   * @default true (false with `logArchive`)
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

  /**
   * Deliver to an archive in a log-archive account (`LogArchive.reference`) instead of creating one
   * here. The trail names the bucket (and, with `TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT`, the key)
   * by these literals; `trailName` and `s3KeyPrefix` default to the reference's, and
   * `organizationId`, this stack's account (the reference's `trailDeploymentAccount` when a
   * delegated administrator deploys it, else its `managementAccount`) and Region must match it. The archive's settings, the
   * query layer and continuous validation then belong to the log-archive account (`LogArchive`,
   * `ContinuousValidation`), so `archiveBucket`, the archive bucket settings, `archiveQuery: true`
   * and `integrityValidation` are refused. When the app also holds the `LogArchive`, this stack is
   * deployed after it and synth fails if the two disagree.
   *
   * @default - the archive bucket (and key) are created in this stack
   */
  readonly logArchive?: LogArchiveReference;

  /**
   * Which account deploys this stack. From a CloudTrail delegated administrator
   * (`TrailDeployment.delegatedAdministrator({ managementAccountId })`) the trail is created by a
   * custom resource that addresses it by its ARN, because `AWS::CloudTrail::Trail` cannot create an
   * organization trail there; every policy names the management account's trail ARN. With
   * `logArchive`, the `LogArchive`'s `trailDeploymentAccount` must be this stack's account (the
   * trail key is created here, beside the trail), and `TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT` is
   * refused.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
   * @default TrailDeployment.managementAccount()
   */
  readonly deployedFrom?: TrailDeployment;

  /**
   * Complement the organization trail AWS Control Tower already runs instead of recording every
   * management event a second time (a billed copy in every account and Region): the profile
   * decides the management events this trail records (`managementEvents` is refused), alerts on
   * management events filter Control Tower's log group, and the CIS warning about management
   * events is not raised, since Control Tower's trail records them.
   *
   * @see https://docs.aws.amazon.com/controltower/latest/userguide/about-logging.html
   * @default - no Control Tower trail: this trail records all management events
   */
  readonly besideControlTower?: ControlTowerProfile;
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
  public readonly trail?: cloudtrail.CfnTrail;

  /**
   * The management account, owner of the trail: the stack's account, or the one given to
   * `TrailDeployment.delegatedAdministrator()`.
   * @attribute
   */
  public readonly managementAccountId: string;

  /** The key that encrypts log files, digest files and the log group. */
  public readonly encryptionKey: kms.IKey;

  /** The bucket that archives the log files (imported by name with `logArchive`). */
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
  public readonly alerts?: TrailAlerts;

  /** The Athena query layer over the archive (undefined when `archiveQuery` is false). */
  public readonly query?: TrailQuery;

  /** The organization the trail records. */
  public readonly organizationId: string;

  /** The object key prefix, if any. */
  public readonly s3KeyPrefix?: string;

  /** Continuous log file validation (undefined when `integrityValidation` is not set). */
  public readonly integrityValidation?: ContinuousValidation;

  private readonly selectors: TrailSelectors;
  private readonly logArchive?: LogArchiveReference;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const logArchive = props.logArchive;
    this.logArchive = logArchive;
    this.trailName = props.trailName ?? logArchive?.trailName ?? 'organization-trail';
    this.organizationId = props.organizationId;
    this.s3KeyPrefix = props.s3KeyPrefix ?? logArchive?.s3KeyPrefix;
    const deployment = props.deployedFrom ?? TrailDeployment.managementAccount();
    this.validateProps(props, deployment);
    if (logArchive) {
      this.validateLogArchive(props, logArchive, deployment);
    }
    const profile = props.besideControlTower;
    this.selectors = new TrailSelectors(this, { ...props, managementEvents: this.managementEventsOf(props) }, profile?.toString());
    const insightTypes = this.insightTypesOf(props);
    const managementAccount = deployment.managementAccountId;
    this.managementAccountId = managementAccount ?? Stack.of(this).account;
    this.trailArn = trailArn(Stack.of(this), this.trailName, managementAccount);

    // With the key in the log-archive account, the key created here only encrypts the log group.
    const keyInLogArchive = logArchive?.keyPlacement === TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT;
    const trailKey = keyInLogArchive && props.cloudWatchLogs === false ? undefined : new TrailKey(this, 'Key', withPropPath({
      ...props,
      trailArn: this.trailArn,
      managementAccount,
      allowCloudTrail: !keyInLogArchive,
      description: keyInLogArchive ? 'Encrypts the CloudTrail organization trail\'s CloudWatch Logs group' : undefined,
    }, { prefix: '', construct: CONSTRUCT }));
    this.encryptionKey = keyInLogArchive ? kms.Key.fromKeyArn(this, 'LogArchiveKey', logArchive!.keyArn!) : trailKey!.key;

    let archive: TrailArchive | undefined;
    if (logArchive) {
      this.archiveBucket = s3.Bucket.fromBucketAttributes(this, 'LogArchiveBucket', {
        bucketName: logArchive.bucketName,
        account: logArchive.logArchiveAccount,
        region: logArchive.region,
      });
      if (!keyInLogArchive) {
        trailKey!.allowLogArchiveReaders(
          { account: logArchive.logArchiveAccount, region: logArchive.region, bucketArn: this.archiveBucket.bucketArn }, this.trailArn);
      }
      registerTrailSide(this, logArchive);
      this.node.addValidation({ validate: () => pairingProblems(this) });
    } else {
      archive = new TrailArchive(this, 'Archive', withPropPath({
        ...props,
        trailArn: this.trailArn,
        managementAccount,
        encryptionKey: this.encryptionKey,
      }, { prefix: '', construct: CONSTRUCT }));
      this.archiveBucket = archive.bucket;
      this.accessLogsBucket = archive.accessLogsBucket;
    }
    this.selectors.addComponentBucket('the archive bucket', this.archiveBucket);
    if (this.accessLogsBucket) {
      this.selectors.addComponentBucket('the access-log bucket', this.accessLogsBucket);
    }

    if (props.archiveQuery ?? !logArchive) {
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
      }, { prefix: 'archiveQueryOptions.', construct: CONSTRUCT }));
      this.selectors.addComponentBucket('the Athena results bucket', this.query.resultsBucket);
    }

    const delivery = props.cloudWatchLogs === false ? undefined : new CloudWatchDelivery(this, 'CloudWatchDelivery', {
      ...props,
      trailName: this.trailName,
      trailArn: this.trailArn,
      trailKey: trailKey!,
      managementAccount,
    });
    this.logGroup = delivery?.logGroup;
    this.cloudWatchLogsRole = delivery?.role;

    if (props.alerts) {
      this.alerts = new TrailAlerts(this, 'Alerts', withPropPath({
        ...props.alerts,
        organizationId: this.organizationId,
        trailName: this.trailName,
        keyArn: this.encryptionKey.keyArn,
        bucketName: this.archiveBucket.bucketName,
        // Only the buckets this component creates send object events to EventBridge.
        archiveEventBridgeNotifications: archive?.accessLogsBucket !== undefined && props.archiveEventBridgeNotifications !== false,
        accessLogsBucketName: this.accessLogsBucket?.bucketName,
        logGroup: this.logGroup,
        managementEventsLogGroup: profile ? logs.LogGroup.fromLogGroupName(this, 'ControlTowerLogGroup', profile.logGroupName) : undefined,
        removalPolicy: props.removalPolicy,
      }, { prefix: 'alerts.', construct: CONSTRUCT }));
      this.warnIfInsightsAlertsCannotFire(this.alerts, props);
      this.warnIfAlertsAreBlind(this.alerts, props);
    }

    this.snsTopic = props.snsTopic;
    const topicPolicies = this.snsTopic ? allowDeliveryNotifications(this, this.snsTopic, this.trailArn, CONSTRUCT) : [];

    const trailResource: IConstruct = deployment.isDelegatedAdministrator ? new DelegatedAdministratorTrail(this, 'DelegatedAdministratorTrail', {
      trailName: this.trailName,
      trailArn: this.trailArn,
      s3BucketName: this.archiveBucket.bucketName,
      s3KeyPrefix: this.s3KeyPrefix,
      kmsKeyId: this.encryptionKey.keyArn,
      cloudWatchLogsLogGroupArn: delivery?.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: delivery?.role.roleArn,
      snsTopicArn: this.snsTopic?.topicArn,
      advancedEventSelectors: () => this.selectors.render(),
      insightSelectors: renderInsightSelectors(insightTypes, props.insightEventCategories),
      encryptionKey: props.encryptionKey ? undefined : this.encryptionKey,
      removalPolicy: props.removalPolicy,
    }) : this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
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
      advancedEventSelectors: Lazy.any({ produce: () => this.selectors.render() }),
      insightSelectors: renderInsightSelectors(insightTypes, props.insightEventCategories),
    });
    // CloudTrail checks the bucket policy, the delivery role and the topic policy when it creates
    // the trail, so the trail comes after them (a race otherwise fails the deployment with
    // InsufficientS3BucketPolicyException or InvalidCloudWatchLogsRoleArnException).
    const checkedAtCreation: IDependable[] = [...(archive?.bucket.policy ? [archive.bucket.policy] : []),
      ...(delivery ? [delivery.rolePolicy] : []), ...topicPolicies];
    trailResource.node.addDependency(...checkedAtCreation);
    this.integrityValidation = archive ? this.addIntegrityValidation(props, archive) : undefined;
    this.warnAboutWeakenedDefaults(props);
    this.node.addValidation({
      validate: () => [...this.selectors.problems(), ...this.insightProblems(props, this.selectors.recordsDataEvents)],
    });
    this.node.addValidation({ validate: () => physicalNameProblems(this) });
  }

  /**
   * Adds a data or network activity event selector (validated at synth with the others).
   */
  public addEventSelector(selector: EventSelector): void {
    this.selectors.add(selector);
  }

  /**
   * Lets a principal read the trail's log and digest files: list and get objects under the
   * trail's `AWSLogs/` path, and decrypt only data keys CloudTrail generated (the
   * `kms:EncryptionContext:aws:cloudtrail:arn` key must be present) or the archive's S3 Bucket Key
   * (requested by S3 with the bucket's ARN as encryption context).
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    if (this.logArchive) {
      throw new Error('grantRead() reads the archive, which is in the log-archive account (\'logArchive\'): grant readers of that account with LogArchive.grantRead() instead.');
    }
    return grantTrailLogsRead(grantee, {
      bucket: this.archiveBucket, key: this.encryptionKey, s3KeyPrefix: this.s3KeyPrefix, region: Stack.of(this).region,
    });
  }

  /**
   * Lets a principal run the named queries and its own over the archive: the Athena workgroup,
   * the Glue catalog objects, archive read with decryption of CloudTrail data keys, and the
   * results bucket.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    return grantQueryLayer(this.query, grantee);
  }

  /** Wires `ContinuousValidation` to this trail's archive, key and alerts' topic. */
  private addIntegrityValidation(props: OrganizationTrailProps, archive: TrailArchive): ContinuousValidation | undefined {
    const options = props.integrityValidation;
    if (!options) return undefined;
    const problems: string[] = [];
    if (options.alarm === true && !this.alerts) {
      problems.push('\'integrityValidation.alarm\' is true, but there is no alarm topic without \'alerts\'. Set \'alerts\' (for example { emailAddresses: [...] }) or leave \'integrityValidation.alarm\' unset.');
    }
    if (archive.accessLogsBucket && props.archiveEventBridgeNotifications === false) {
      problems.push('\'integrityValidation\' validates digests as they land, which needs the archive\'s object events on EventBridge, but \'archiveEventBridgeNotifications\' is false. Set it to true (the default) or remove \'integrityValidation\'.');
    }
    throwIfProblems(CONSTRUCT, problems);
    if (!archive.accessLogsBucket) {
      Annotations.of(this).addWarningV2('cdk-org-trail:IntegrityValidationNeedsArchiveEvents',
        '\'integrityValidation\' with an imported \'archiveBucket\': turn on its Amazon EventBridge notifications (S3 console, Properties, or NotificationConfiguration.EventBridgeConfiguration), or digests are validated only by the hourly sweep.');
    }
    const { alarm, ...validationOptions } = options;
    return new ContinuousValidation(this, 'IntegrityValidation', withPropPath({
      ...validationOptions,
      archiveBucket: this.archiveBucket,
      encryptionKey: this.encryptionKey,
      organizationId: this.organizationId,
      s3KeyPrefix: this.s3KeyPrefix,
      trailName: this.trailName,
      alarmTopic: alarm === false ? undefined : this.alerts?.topicFor(AlertSeverity.CRITICAL),
      accessLogsBucket: this.accessLogsBucket,
      removalPolicy: props.removalPolicy,
    }, { prefix: 'integrityValidation.', construct: CONSTRUCT }));
  }

  /**
   * Insights prerequisites. Those that depend on props alone are checked in the constructor
   * (`recordsDataEvents` assumed true); whether the trail records data events is only known once
   * every selector was added, so that one check runs in the node's validation.
   */
  private insightProblems(props: OrganizationTrailProps, recordsDataEvents: boolean): string[] {
    const profile = props.besideControlTower;
    return insightProblems(this.insightTypesOf(props), props.insightEventCategories, {
      managementEvents: this.managementEventsOf(props),
      recordsDataEvents,
      managementEventsDecidedBy: profile ? profileInsightsHint(profile) : undefined,
    });
  }

  /** The management events this trail records: the Control Tower profile's, else the prop's. */
  private managementEventsOf(props: OrganizationTrailProps): cloudtrail.ReadWriteType {
    return props.besideControlTower?.managementEvents ?? props.managementEvents ?? cloudtrail.ReadWriteType.ALL;
  }

  /** The Insights types: the prop's, else the Control Tower profile's default. */
  private insightTypesOf(props: OrganizationTrailProps): InsightType[] {
    return props.insightTypes ?? props.besideControlTower?.defaultInsightTypes ?? [];
  }

  /**
   * With an archive in a log-archive account: what belongs to that account is refused here, and
   * the reference must name this trail, this stack's account and Region, and the deployment.
   */
  private validateLogArchive(props: OrganizationTrailProps, reference: LogArchiveReference, deployment: TrailDeployment): void {
    const stack = Stack.of(this);
    const problems: string[] = [];
    const archiveSettings = [
      ['archiveBucket', props.archiveBucket], ['archiveLifecycle', props.archiveLifecycle], ['objectLockRetention', props.objectLockRetention],
      ['accessLogsExpiration', props.accessLogsExpiration], ['archiveEventBridgeNotifications', props.archiveEventBridgeNotifications],
      ['archiveBreakGlassPrincipalArns', props.archiveBreakGlassPrincipalArns],
    ].filter(([, value]) => value !== undefined).map(([name]) => `'${name}'`);
    if (archiveSettings.length > 0) {
      problems.push(`${archiveSettings.join(', ')} configure the archive, which 'logArchive' puts in the log-archive account. Set them on LogArchive instead.`);
    }
    if (props.archiveQuery === true || props.archiveQueryOptions !== undefined) {
      problems.push('\'archiveQuery\' and \'archiveQueryOptions\' create the Athena layer beside the archive, which \'logArchive\' puts in the log-archive account. Set them on LogArchive instead (it creates the query layer by default).');
    }
    if (props.integrityValidation !== undefined) {
      problems.push('\'integrityValidation\' watches the archive\'s object events, which reach the log-archive account\'s EventBridge bus. Create a ContinuousValidation in the log-archive stack (archiveBucket: logArchive.bucket, encryptionKey: logArchive.encryptionKey) instead.');
    }
    const same: Array<[string, string | undefined, string | undefined]> = [
      ['organizationId', props.organizationId, reference.organizationId],
      ['trailName', props.trailName, reference.trailName],
      ['s3KeyPrefix', props.s3KeyPrefix, reference.s3KeyPrefix],
    ];
    for (const [prop, own, theirs] of same) {
      if (own !== undefined && own !== theirs) {
        problems.push(`'${prop}' is '${own}', but 'logArchive.${prop}' is ${theirs === undefined ? 'unset' : `'${theirs}'`}: the archive's policies allow only the trail they name. Remove '${prop}' (it defaults to the reference's) or pass the matching reference.`);
      }
    }
    const deploymentMismatch = this.logArchiveDeploymentProblems(reference, deployment);
    problems.push(...deploymentMismatch);
    // The account of the trail's stack: the delegated administrator's when one deploys the trail.
    const deployer = reference.trailDeploymentAccount ?? reference.managementAccount;
    const env: Array<[string, string, string]> = [['account', stack.account, deployer], ['Region', stack.region, reference.region]];
    for (const [what, own, theirs] of env) {
      if (Token.isUnresolved(own)) {
        problems.push(`'logArchive' needs the trail stack's ${what} at synth (env: { account, region }): the archive's policies name the trail's ARN literally. Give the trail's stack an explicit env.`);
      } else if (what === 'Region' && own !== theirs) {
        problems.push(`The trail's stack is in Region '${own}', but 'logArchive.region' is '${theirs}': the archive's policies allow only arn:<partition>:cloudtrail:${reference.region}:${reference.managementAccount}:trail/${reference.trailName}. Deploy the trail there, or fix the reference.`);
      } else if (what === 'account' && own !== theirs && deploymentMismatch.length === 0) {
        const prop = reference.trailDeploymentAccount === undefined ? 'managementAccount' : 'trailDeploymentAccount';
        const fix = deployment.isDelegatedAdministrator
          ? `A delegated administrator's stack creates the trail key beside the trail, in its own account, which the archive's readers must name: set 'trailDeploymentAccount: '${own}'' on the LogArchive, or deploy the trail from '${theirs}'.`
          : 'Deploy the trail there, or fix the reference.';
        problems.push(`The trail's stack is in account '${own}', but 'logArchive.${prop}' is '${theirs}': the archive's policies allow only arn:<partition>:cloudtrail:${reference.region}:${reference.managementAccount}:trail/${reference.trailName}, and its readers the keys of '${theirs}'. ${fix}`);
      }
    }
    const accounts: Array<[string, string | undefined]> = [['logArchiveAccount', reference.logArchiveAccount], ['trailDeploymentAccount', reference.trailDeploymentAccount]];
    for (const [prop, account] of accounts) {
      if (account !== undefined && !ACCOUNT_ID.test(account)) {
        problems.push(`'logArchive.${prop}' must be a literal 12-digit account ID, got '${account}'.`);
      }
    }
    problems.push(...bucketNameProblems('\'logArchive.bucketName\'', reference.bucketName));
    problems.push(...this.logArchiveKeyProblems(props, reference));
    throwIfProblems(CONSTRUCT, problems);
  }

  /**
   * Where the trail's deployment and the log-archive reference disagree: a delegated administrator
   * deploys the trail of the reference's management account, and a reference that names a delegated
   * administrator needs `deployedFrom` to say so (the trail belongs to the management account either
   * way: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html).
   */
  private logArchiveDeploymentProblems(reference: LogArchiveReference, deployment: TrailDeployment): string[] {
    const management = deployment.managementAccountId;
    if (management !== undefined) {
      return Token.isUnresolved(management) || management === reference.managementAccount ? [] : [
        `'deployedFrom.managementAccountId' is '${management}', but 'logArchive.managementAccount' is '${reference.managementAccount}': the archive's policies allow only the trail of '${reference.managementAccount}' (arn:<partition>:cloudtrail:${reference.region}:${reference.managementAccount}:trail/${reference.trailName}). Give TrailDeployment.delegatedAdministrator() and the LogArchive the same management account.`,
      ];
    }
    const deployer = reference.trailDeploymentAccount;
    return deployer === undefined || deployer === reference.managementAccount ? [] : [
      `'logArchive.trailDeploymentAccount' is '${deployer}' (a CloudTrail delegated administrator deploys the trail), but 'deployedFrom' is the management account (the default). Deploy the trail from account '${deployer}' with deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: '${reference.managementAccount}' }), or remove 'trailDeploymentAccount' from the LogArchive.`,
    ];
  }

  private logArchiveKeyProblems(props: OrganizationTrailProps, reference: LogArchiveReference): string[] {
    if (reference.keyPlacement !== TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT) {
      return reference.keyArn === undefined ? [] : ['\'logArchive.keyArn\' is set, but \'logArchive.keyPlacement\' is MANAGEMENT_ACCOUNT (the key is created here). Remove \'keyArn\', or use the placement of the LogArchive that created the key.'];
    }
    const problems: string[] = [];
    if (props.deployedFrom?.isDelegatedAdministrator) {
      // A delegated administrator's CreateTrail naming a key of a third account: neither the key
      // policy page nor the delegated administrator pages say whether CloudTrail checks it with the
      // caller's permissions or only its own (the key policy's aws:SourceArn names the management
      // account's trail either way). UNVERIFIED, so refused rather than failing at deploy.
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
      problems.push('\'deployedFrom\' is a delegated administrator and \'logArchive.keyPlacement\' is LOG_ARCHIVE_ACCOUNT: whether CloudTrail accepts a key of a third account when a delegated administrator creates the trail is not documented, so this combination is not supported. Use TrailKeyPlacement.MANAGEMENT_ACCOUNT on the LogArchive (the key is then created here, beside the trail, and the LogArchive names it through \'trailDeploymentAccount\').');
    }
    if (props.encryptionKey !== undefined) {
      problems.push('\'encryptionKey\' is set, but \'logArchive.keyPlacement\' is LOG_ARCHIVE_ACCOUNT: the trail uses the log-archive account\'s key (\'logArchive.keyArn\'). Remove \'encryptionKey\'.');
    }
    const keyArn = reference.keyArn;
    const pattern = new RegExp(`^arn:[a-z-]+:kms:${reference.region}:${reference.logArchiveAccount}:key/[0-9a-f-]+$`);
    if (keyArn === undefined || Token.isUnresolved(keyArn) || !pattern.test(keyArn)) {
      const got = keyArn === undefined ? 'nothing' : Token.isUnresolved(keyArn) ? 'a token (the key\'s ARN in the log-archive stack, which another account cannot reference)' : `'${keyArn}'`;
      problems.push(`'logArchive.keyArn' must be the literal ARN of the trail key in the log-archive account (arn:<partition>:kms:${reference.region}:${reference.logArchiveAccount}:key/<key id>), got ${got}. Deploy the log-archive stack first and pass its KeyArn output (for example from context: { ...archive.reference, keyArn: app.node.tryGetContext('archiveKeyArn') }), or keep the key beside the trail (TrailKeyPlacement.MANAGEMENT_ACCOUNT).`);
    }
    return problems;
  }

  private validateProps(props: OrganizationTrailProps, deployment: TrailDeployment): void {
    const problems = [
      ...organizationIdProblems(props.organizationId),
      ...deploymentProblems(deployment, Stack.of(this).account),
      ...trailNameProblems(this.trailName),
      ...(props.s3KeyPrefix === undefined ? [] : s3KeyPrefixProblems(props.s3KeyPrefix)),
      // Eager: all but the data-events prerequisite, which waits for addEventSelector().
      ...this.insightProblems(props, true),
      ...selectorOptionProblems(props),
      ...(props.besideControlTower ? controlTowerProfileProblems(props.besideControlTower, props, Stack.of(this).region) : []),
    ];
    if (props.archiveQuery === false && props.archiveQueryOptions !== undefined && !props.logArchive) {
      problems.push('\'archiveQuery\' is false, but \'archiveQueryOptions\' is set. Remove it or set \'archiveQuery\' to true.');
    }
    if (props.cloudWatchLogs === false) {
      const needsLogs = [['logGroup', props.logGroup], ['logRetention', props.logRetention]]
        .filter(([, value]) => value !== undefined).map(([name]) => `'${name}'`);
      if (needsLogs.length > 0) {
        problems.push(`'cloudWatchLogs' is false, but ${needsLogs.join(' and ')} need CloudWatch Logs delivery. Remove them or set 'cloudWatchLogs' to true.`);
      }
      if (props.alerts !== undefined && props.alerts.metricFilterAlarms !== false && !props.besideControlTower) {
        problems.push(`'alerts.metricFilterAlarms' is ${props.alerts.metricFilterAlarms === undefined ? 'on by default' : 'true'} and needs CloudWatch Logs delivery, but 'cloudWatchLogs' is false. Turn delivery on, or set 'alerts.metricFilterAlarms' to false and rely on EventBridge rules.`);
      }
    }
    throwIfProblems(CONSTRUCT, problems);
  }

  private warnIfInsightsAlertsCannotFire(alerts: TrailAlerts, props: OrganizationTrailProps): void {
    const insightsAlerts = alerts.alerts.filter((alert) => alert.requiresInsights);
    if (insightsAlerts.length > 0 && this.insightTypesOf(props).length === 0) {
      Annotations.of(this).addWarningV2('cdk-org-trail:InsightsAlertsWithoutInsights',
        `'alerts' includes ${insightsAlerts.map((alert) => alert.id).join(', ')}, but 'insightTypes' is empty, so they can never fire. Enable Insights or drop AlertPack.INSIGHTS.`);
    }
  }

  /** Warns at synth about alerts the trail's recording makes blind (selectors may still be added until then). */
  private warnIfAlertsAreBlind(alerts: TrailAlerts, props: OrganizationTrailProps): void {
    // Beside Control Tower, management events reach the alerts from Control Tower's trail, which
    // records them all ("it logs all events for the management account and all member accounts").
    const managementEvents = props.besideControlTower ? cloudtrail.ReadWriteType.ALL : this.managementEventsOf(props);
    warnWhenAlertsAreBlind(this, alerts.alerts, () => ({
      managementEvents: managementEvents !== cloudtrail.ReadWriteType.NONE,
      readOnlyManagementEvents: managementEvents === cloudtrail.ReadWriteType.ALL || managementEvents === cloudtrail.ReadWriteType.READ_ONLY,
      excludedEventSources: this.selectors.excludedEventSources,
      dataResourceTypes: this.selectors.dataResourceTypes,
    }));
  }

  private warnAboutWeakenedDefaults(props: OrganizationTrailProps): void {
    if (props.cloudWatchLogs === false) {
      Annotations.of(this).addWarningV2('cdk-org-trail:CloudWatchLogsDisabled',
        props.besideControlTower
          ? '\'cloudWatchLogs\' is false: Security Hub CloudTrail.5 (CIS v1.4.0 3.4) and Control Tower CT.CLOUDTRAIL.PR.3 fail for this trail, and alerts on data and Insights events have no metric filter (those on management events filter Control Tower\'s log group).'
          : '\'cloudWatchLogs\' is false: Security Hub CloudTrail.5 (CIS v1.4.0 3.4) and Control Tower CT.CLOUDTRAIL.PR.3 fail, and metric-filter alarms cannot be added.');
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (removalPolicy !== RemovalPolicy.RETAIN) {
      Annotations.of(this).addWarningV2('cdk-org-trail:StatefulResourcesNotRetained',
        `'removalPolicy' is ${removalPolicy}: deleting the stack can delete the trail key, archive and log group, and with them the audit evidence.`);
    }
  }
}
