import { Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHECKPOINT_STATE_PREFIX, continuousValidationAcknowledgements, STATE_BUCKET_ACKNOWLEDGEMENTS } from './continuous-validation-acknowledgements';
import { METRIC_NAMESPACE, METRICS } from './runtime/validator';
import { ValidatorFunction } from './runtime/validator-function';
import { acknowledge } from '../private/acknowledgements';
import { logGroupArn, logsRootPath } from '../private/arns';
import { logReaderDecryptGrants } from '../private/grants';
import { createAccessLogsBucket, deliverServerAccessLogs, HARDENED_BUCKET_BASE, sendEventsToEventBridge } from '../private/hardened-buckets';
import { organizationIdProblems, REGION_CODE, s3KeyPrefixProblems, trailNameProblems } from '../private/names';
import {
  cloudWatchLogsKeyStatement,
  deadLetterSendStatement,
  denyGrantsExceptForAwsServicesStatement,
  eventBridgeToQueueStatement,
  functionLogStatement,
  listPublicKeysStatement,
  lookupTrailEventsStatement,
  queueConsumerStatement,
  validatorArchiveReadStatements,
  validatorStateKeyStatement,
  validatorStateStatements,
} from '../private/policy-statements';
import { calledConstruct, propNamer, throwIfProblems } from '../private/validation';

/** The validator's time limit per invocation; the queue's visibility timeout is six times this. */
const FUNCTION_TIMEOUT = Duration.minutes(5);
/** Deliveries of a message before it moves to the dead-letter queue. */
const MAX_RECEIVE_COUNT = 5;
/** Lambda's minimum for an SQS event source's maximum concurrency. */
const VALIDATOR_CONCURRENCY = 2;
/** First-run lookback limits: at least the overdue window (3 hours), at most the S3 key date folders' reach we test. */
const MIN_LOOKBACK_HOURS = 3;
const MAX_LOOKBACK_DAYS = 90;
const MIN_SWEEP_MINUTES = 15;
const MAX_SWEEP_HOURS = 24;

/**
 * Settings of continuous validation that `OrganizationTrail` does not already know (used through its
 * `integrityValidation` prop).
 */
export interface IntegrityValidationOptions {
  /**
   * Source Regions whose digests are validated.
   *
   * @default - every Region found under each account's `CloudTrail-Digest/` folder
   */
  readonly sourceRegions?: string[];

  /**
   * How far back the first run starts in a partition without a checkpoint (3 hours to 90 days).
   *
   * @default Duration.days(7)
   */
  readonly lookback?: Duration;

  /**
   * How often the sweep runs: it validates every partition from its checkpoint and reports partitions whose
   * newest digest is overdue (15 minutes to 24 hours). Digest arrivals are validated as they land regardless.
   *
   * @default Duration.hours(1)
   */
  readonly sweepInterval?: Duration;

  /**
   * Alarm on the alerts' topic when the validator finds anything but a warning, or when messages reach
   * its dead-letter queue. Needs `alerts`.
   *
   * @default true when `OrganizationTrail` has `alerts`, false otherwise (the metrics are still written)
   */
  readonly alarm?: boolean;

  /**
   * How long the validator's log group (findings and metrics) keeps events.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Props for `ContinuousValidation`. */
export interface ContinuousValidationProps {
  /** The archive bucket the trail delivers to. Its object events must reach the default EventBridge bus. */
  readonly archiveBucket: s3.IBucket;

  /** The KMS key the trail encrypts log and digest files with (and the archive's S3 Bucket Key). */
  readonly encryptionKey: kms.IKey;

  /** The organization whose trail writes `[prefix/]AWSLogs/<organizationId>/...`. */
  readonly organizationId: string;

  /**
   * The trail's S3 key prefix.
   *
   * @default - no prefix: log files start at `AWSLogs/`
   */
  readonly s3KeyPrefix?: string;

  /**
   * Validate only this trail's digests (several trails can deliver under one prefix).
   *
   * @default - every trail delivering under the prefix
   */
  readonly trailName?: string;

  /**
   * The trail's home Region (the Region in its digest file names).
   *
   * @default - the stack's Region
   */
  readonly homeRegion?: string;

  /**
   * Source Regions whose digests are validated.
   *
   * @default - every Region found under each account's `CloudTrail-Digest/` folder
   */
  readonly sourceRegions?: string[];

  /**
   * How far back the first run starts in a partition without a checkpoint (3 hours to 90 days).
   *
   * @default Duration.days(7)
   */
  readonly lookback?: Duration;

  /**
   * How often the sweep runs (15 minutes to 24 hours).
   *
   * @default Duration.hours(1)
   */
  readonly sweepInterval?: Duration;

  /**
   * The topic the integrity alarm and the dead-letter alarm notify. Its policy (and key policy, if encrypted) must
   * let CloudWatch alarms publish.
   *
   * @default - no alarms: the metrics are still written; alarm on `integrityFindingsMetric` yourself
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The bucket that receives the state bucket's S3 server access logs.
   *
   * @default - a new access-log bucket
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * How long the validator's log group keeps events.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the state bucket, its key and the log group when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Validates an organization trail's digest chains continuously: each digest as it lands (S3 `Object Created`
 * events on the default EventBridge bus) and every partition on a schedule (which also reports overdue digests,
 * the sign of deleted newest digests or stopped delivery), through an SQS queue with a dead-letter queue, by a
 * function that keeps one checkpoint per partition in a retained, versioned, KMS-encrypted S3 bucket.
 * Findings are logged; metrics are written as CloudWatch Embedded Metric Format (`CdkOrgTrail/Integrity`); an
 * alarm fires on any finding but a warning.
 *
 * @example
 * declare const archive: s3.IBucket;
 * declare const trailKey: kms.IKey;
 * declare const topic: sns.ITopic;
 * new ContinuousValidation(this, 'Validation', {
 *   archiveBucket: archive,
 *   encryptionKey: trailKey,
 *   organizationId: 'o-a1b2c3d4e5',
 *   alarmTopic: topic,
 * });
 */
export class ContinuousValidation extends Construct {
  /** The validator function. */
  public readonly function: lambda.IFunction;
  /** The queue between the EventBridge rules and the function. */
  public readonly queue: sqs.IQueue;
  /** Messages that failed five times. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Checkpoints, one object per partition under `checkpoints/`. */
  public readonly stateBucket: s3.IBucket;
  /** Encrypts the state bucket and the function's log group. */
  public readonly encryptionKey: kms.IKey;
  /** The function's log group: findings and Embedded Metric Format documents. */
  public readonly logGroup: logs.ILogGroup;
  /** In alarm when the validator found anything but a warning in the last hour (undefined without `alarmTopic`). */
  public readonly integrityAlarm?: cloudwatch.IAlarm;
  /** The metric the integrity alarm watches (sum of findings other than warnings). */
  public readonly integrityFindingsMetric: cloudwatch.IMetric;

  constructor(scope: Construct, id: string, props: ContinuousValidationProps) {
    super(scope, id);
    this.validateProps(props);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logsPath = `${logsRootPath(props.s3KeyPrefix)}/${props.organizationId}`;

    this.encryptionKey = this.createKey(removalPolicy);
    this.stateBucket = this.createStateBucket(props, removalPolicy);
    const logGroupName = `/cdk-org-trail/integrity-validator/${Names.uniqueResourceName(this, { maxLength: 200 })}`;
    const logGroupArnWithoutStar = logGroupArn(stack, logGroupName);
    this.encryptionKey.addToResourcePolicy(cloudWatchLogsKeyStatement(stack, logGroupArnWithoutStar));
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: this.encryptionKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    const queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's guidance for SQS event sources: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(FUNCTION_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.queue = queue;

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Continuous CloudTrail log file validation: reads the archive, writes checkpoints',
    });
    // A managed policy rather than the role's inline default policy: the NIST 800-53, HIPAA and PCI DSS packs reject
    // inline policies. The function and its event source mapping wait for it (DependsOn below).
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Continuous CloudTrail log file validation: read the organization\'s log path, public keys, checkpoints',
      roles: [role],
    });
    const fn = new ValidatorFunction(this, 'Function', {
      role,
      logGroup: this.logGroup,
      timeout: FUNCTION_TIMEOUT,
      memorySize: 1024,
      reservedConcurrentExecutions: VALIDATOR_CONCURRENCY,
      environment: {
        ARCHIVE_BUCKET: props.archiveBucket.bucketName,
        ACCOUNTS_ROOT: `${logsPath}/`,
        SOURCE_REGIONS: (props.sourceRegions ?? []).join(','),
        TRAIL_NAME: props.trailName ?? '',
        HOME_REGION: props.homeRegion ?? stack.region,
        LOOKBACK_HOURS: String((props.lookback ?? Duration.days(7)).toHours()),
        STATE_BUCKET: this.stateBucket.bucketName,
      },
    });
    this.function = fn;
    this.grantValidator(role, policy, props, logsPath, logGroupArnWithoutStar);
    const mapping = fn.addEventSourceMapping('QueueEvents', {
      eventSourceArn: queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
      maxConcurrency: VALIDATOR_CONCURRENCY,
    });
    // Failed SQS batches go to the queue's dead-letter queue; this one catches asynchronous invocations (an operator
    // running the sweep by hand with InvocationType Event). Set on the L1 so its statement joins the managed policy.
    const cfnFunction = fn.node.defaultChild as lambda.CfnFunction;
    cfnFunction.deadLetterConfig = { targetArn: this.deadLetterQueue.queueArn };
    // The role is already referenced (GetAtt); what must exist first is its policy.
    const policyLogicalId = Stack.of(this).getLogicalId(policy.node.defaultChild as iam.CfnManagedPolicy);
    cfnFunction.addOverride('DependsOn', [policyLogicalId]);
    (mapping.node.defaultChild as lambda.CfnEventSourceMapping).addOverride('DependsOn', [policyLogicalId]);

    const digestRule = new events.Rule(this, 'DigestArrivals', {
      description: 'CloudTrail digest files landing in the archive, to the log file validator',
      eventPattern: digestArrivalPattern(props.archiveBucket.bucketName, logsPath),
    });
    const sweepRule = new events.Rule(this, 'Sweep', {
      description: 'Hourly sweep of every digest chain, to find overdue digests',
      schedule: events.Schedule.rate(props.sweepInterval ?? Duration.hours(1)),
    });
    for (const rule of [digestRule, sweepRule]) {
      rule.addTarget({ bind: () => ({ id: 'ValidationQueue', arn: queue.queueArn }) });
    }
    queue.addToResourcePolicy(eventBridgeToQueueStatement(queue.queueArn, [digestRule.ruleArn, sweepRule.ruleArn]));

    this.integrityFindingsMetric = new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName: METRICS.integrityFindings,
      statistic: cloudwatch.Stats.SUM,
      period: Duration.hours(1),
    });
    if (props.alarmTopic) {
      this.integrityAlarm = this.createAlarms(props.alarmTopic);
    }
    acknowledge(this, continuousValidationAcknowledgements(
      stack, props.archiveBucket.bucketArn, logsPath, this.stateBucket.bucketArn, logGroupArnWithoutStar, props.encryptionKey.keyArn));
  }

  /** The integrity alarm and the dead-letter alarm, both notifying `topic` on alarm and on recovery. */
  private createAlarms(topic: sns.ITopic): cloudwatch.IAlarm {
    const integrityAlarm = new cloudwatch.Alarm(this, 'IntegrityAlarm', {
      alarmDescription: 'The CloudTrail log file validator found tampering, deletion, a blind spot or an unreadable file. Its log group has the findings.',
      metric: this.integrityFindingsMetric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'Validation messages failed five times: the validator could not finish a partition (see its log group).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [integrityAlarm, deadLetterAlarm]) {
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
      alarm.addOkAction(new cloudwatchActions.SnsAction(topic));
    }
    return integrityAlarm;
  }

  private validateProps(props: ContinuousValidationProps): void {
    // Through OrganizationTrail these three are 'integrityValidation.<prop>'; the rest are the facade's own props.
    const name = propNamer(props);
    const problems = [
      ...organizationIdProblems(props.organizationId),
      ...(props.s3KeyPrefix === undefined ? [] : s3KeyPrefixProblems(props.s3KeyPrefix)),
      ...(props.trailName === undefined ? [] : trailNameProblems(props.trailName)),
    ];
    const lookback = props.lookback;
    if (lookback && !Token.isUnresolved(lookback.toSeconds())) {
      const hours = lookback.toHours({ integral: false });
      if (hours < MIN_LOOKBACK_HOURS || hours > MAX_LOOKBACK_DAYS * 24) {
        problems.push(`'${name('lookback')}' must be between ${MIN_LOOKBACK_HOURS} hours and ${MAX_LOOKBACK_DAYS} days, got ${lookback.toHumanString()}. Use for example Duration.days(7).`);
      }
    }
    const sweep = props.sweepInterval;
    if (sweep && !Token.isUnresolved(sweep.toSeconds())) {
      const minutes = sweep.toMinutes({ integral: false });
      if (minutes < MIN_SWEEP_MINUTES || minutes > MAX_SWEEP_HOURS * 60 || !Number.isInteger(minutes)) {
        problems.push(`'${name('sweepInterval')}' must be whole minutes between ${MIN_SWEEP_MINUTES} minutes and ${MAX_SWEEP_HOURS} hours, got ${sweep.toHumanString()}. Use for example Duration.hours(1).`);
      }
    }
    for (const region of props.sourceRegions ?? []) {
      if (!Token.isUnresolved(region) && !REGION_CODE.test(region)) {
        problems.push(`'${name('sourceRegions')}' must hold Region names such as 'us-east-1', got '${region}'.`);
      }
    }
    throwIfProblems(calledConstruct(props, 'ContinuousValidation'), problems);
  }

  /** One key for the validator's state and logs, rotated yearly, grants only for AWS services (CT.KMS.PR.3). */
  private createKey(removalPolicy: RemovalPolicy): kms.Key {
    const key = new kms.Key(this, 'Key', {
      description: 'Encrypts the CloudTrail log file validator\'s checkpoints and log group',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy,
    });
    key.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
    return key;
  }

  /**
   * Checkpoints in S3 rather than DynamoDB: S3 conditional writes give the compare-and-swap the checkpoints need,
   * the function already bundles the S3 client, and the archive's hardening (versioning, TLS only, access logs,
   * SSE-KMS) applies as is. A few hundred small objects cost cents.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
   */
  private createStateBucket(props: ContinuousValidationProps, removalPolicy: RemovalPolicy): s3.Bucket {
    const bucket = new s3.Bucket(this, 'StateBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      ...HARDENED_BUCKET_BASE,
      lifecycleRules: [{
        id: 'ExpireReplacedCheckpoints',
        enabled: true,
        noncurrentVersionExpiration: Duration.days(90),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
      removalPolicy,
    });
    const accessLogs = props.accessLogsBucket ?? this.createOwnAccessLogsBucket(removalPolicy);
    deliverServerAccessLogs(this, bucket, accessLogs, `${CHECKPOINT_STATE_PREFIX}${Names.uniqueResourceName(this, { maxLength: 64 })}/`, 'S3ServerAccessLogsPolicyValidatorState');
    sendEventsToEventBridge(bucket);
    acknowledge(bucket, STATE_BUCKET_ACKNOWLEDGEMENTS);
    return bucket;
  }

  /** An access-log bucket of its own when none is shared, hardened like the archive's (object events too, CT.S3.PR.4). */
  private createOwnAccessLogsBucket(removalPolicy: RemovalPolicy): s3.IBucket {
    const bucket = createAccessLogsBucket(this, 365, removalPolicy);
    sendEventsToEventBridge(bucket);
    return bucket;
  }

  private grantValidator(
    role: iam.Role, policy: iam.ManagedPolicy, props: ContinuousValidationProps, logsPath: string, logGroupArnWithoutStar: string,
  ): void {
    const stack = Stack.of(this);
    const statements = [
      ...validatorArchiveReadStatements(props.archiveBucket.bucketArn, logsPath),
      listPublicKeysStatement(),
      lookupTrailEventsStatement(),
      ...validatorStateStatements(this.stateBucket.bucketArn, 'checkpoints/'),
      validatorStateKeyStatement(this.encryptionKey.keyArn, this.stateBucket.bucketArn, stack.region),
      queueConsumerStatement(this.queue.queueArn),
      deadLetterSendStatement(this.deadLetterQueue.queueArn),
      functionLogStatement(logGroupArnWithoutStar),
    ];
    policy.addStatements(...statements);
    logReaderDecryptGrants(grantThroughPolicy(role, policy), props.encryptionKey, props.archiveBucket.bucketArn, stack.region);
  }
}

/**
 * The role as a grantee whose identity-based statements land in `policy` (a managed policy) instead of the role's
 * inline default policy; everything else (account, principal for key policies) is the role's.
 */
function grantThroughPolicy(role: iam.Role, policy: iam.ManagedPolicy): iam.IGrantable {
  const principal: iam.IPrincipal = Object.create(role, {
    addToPrincipalPolicy: {
      value: (statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult => {
        policy.addStatements(statement);
        return { statementAdded: true, policyDependable: policy };
      },
    },
  });
  return { grantPrincipal: principal };
}

/**
 * The EventBridge pattern for digest files landing in the archive: S3 `Object Created` events whose key is a digest
 * under the organization's path (`<path>/<account>/CloudTrail-Digest/...`), not log files.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export function digestArrivalPattern(bucketName: string, logsPath: string): events.EventPattern {
  return {
    source: ['aws.s3'],
    detailType: ['Object Created'],
    detail: {
      bucket: { name: [bucketName] },
      object: { key: [{ wildcard: `${logsPath}/*/CloudTrail-Digest/*` }] },
    },
  };
}
