import { Annotations, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TrailKey } from '../key/trail-key';
import { acknowledge, DELIVERY_ROLE_WILDCARD_REASON, wildcardResourceAcknowledgements } from '../private/acknowledgements';
import { logGroupArn } from '../private/arns';
import { assertSameRegion } from '../private/imported-policy';
import { LOG_RETENTION_DAYS_ACCEPTED, ONE_YEAR_IN_DAYS } from '../private/limits';
import { deliveryRoleStatements, deliveryRoleTrustConditions } from '../private/policy-statements';

/**
 * The CloudWatch Logs delivery's settings, shared by `CloudWatchDelivery` and `OrganizationTrail`.
 */
export interface CloudWatchDeliveryOptions {
  /**
   * Deliver to this log group instead of creating one. It must be in the trail's Region and in the
   * account that creates the trail (this stack's: the management account's, or the delegated
   * administrator's); its encryption and retention are yours to manage.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
   *
   * @default - a log group named `cloudtrail/<trailName>`, encrypted with the trail key
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * How long the created log group keeps events (one of the values CloudWatch Logs accepts).
   * Under a year warns.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Props for `CloudWatchDelivery`.
 */
export interface CloudWatchDeliveryProps extends CloudWatchDeliveryOptions {
  /** The organization whose member accounts write log streams. */
  readonly organizationId: string;

  /** The trail's name, used in the default log group name. */
  readonly trailName: string;

  /** The trail's ARN: the delivery role trusts CloudTrail only on this trail's behalf. */
  readonly trailArn: string;

  /** The trail key; a created log group is encrypted with it and the key policy allows it. */
  readonly trailKey: TrailKey;

  /**
   * The management account, owner of the trail (the delivery role's `aws:SourceAccount` and the
   * management account's log stream), when a delegated administrator creates the trail and the log
   * group and role are in its account.
   *
   * @default - the stack's account
   */
  readonly managementAccount?: string;

  /**
   * What happens to a created log group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * CloudWatch Logs delivery for an organization trail: a KMS-encrypted log group and the role
 * CloudTrail assumes to write the management account's and every member account's streams.
 */
export class CloudWatchDelivery extends Construct {
  /** The log group the trail delivers to. */
  public readonly logGroup: logs.ILogGroup;

  /** The role CloudTrail assumes to deliver. */
  public readonly role: iam.Role;

  /** The delivery role's policy; the trail must be created after it (CloudTrail assumes the role at create time). */
  public readonly rolePolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: CloudWatchDeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    let logGroupName: string;
    if (props.logGroup) {
      if (props.logRetention !== undefined) {
        throw new Error(`'logRetention' (${props.logRetention} days) only applies to a log group this component creates, but 'logGroup' was given. Set the retention on your log group instead.`);
      }
      assertSameRegion(this, 'logGroup', props.logGroup.env.region,
        'CloudTrail delivers to a log group in the trail\'s home Region; pass a log group of that Region.');
      const account = props.logGroup.env.account;
      if (!Token.isUnresolved(account) && !Token.isUnresolved(stack.account) && account !== stack.account) {
        throw new Error(`'logGroup' belongs to account '${account}', but CloudTrail delivers only to a log group of the account that creates the trail ('${stack.account}', this stack's). Pass a log group of that account.`);
      }
      this.logGroup = props.logGroup;
      logGroupName = props.logGroup.logGroupName;
    } else {
      logGroupName = `cloudtrail/${props.trailName}`;
      const retention = validRetention(this, 'logRetention', props.logRetention ?? logs.RetentionDays.ONE_YEAR);
      props.trailKey.allowCloudWatchLogs(logGroupArn(stack, logGroupName));
      this.logGroup = new logs.LogGroup(this, 'LogGroup', {
        logGroupName,
        retention,
        encryptionKey: props.trailKey.key,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
    }

    const statements = deliveryRoleStatements({
      logGroupArnWithoutStar: logGroupArn(stack, logGroupName),
      managementAccount: props.managementAccount ?? stack.account,
      region: stack.region,
      organizationId: props.organizationId,
      logGroupAccount: stack.account,
    }, props.logGroup ? undefined : props.trailKey.key.keyArn);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: deliveryRoleTrustConditions(props.trailArn, props.managementAccount ?? stack.account),
      }),
      description: `Lets CloudTrail deliver the organization trail ${props.trailName} to CloudWatch Logs`,
    });
    // A managed policy rather than an inline one: NIST 800-53, HIPAA and PCI DSS packs reject inline policies.
    this.rolePolicy = new iam.ManagedPolicy(this, 'RolePolicy', {
      description: `CloudTrail delivery of ${props.trailName} to its log group's management-account and member streams`,
      roles: [this.role],
      statements,
    });
    acknowledge(this.rolePolicy, wildcardResourceAcknowledgements(stack,
      statements.flatMap((statement) => statement.resources), DELIVERY_ROLE_WILDCARD_REASON));
  }
}

function validRetention(scope: Construct, prop: string, retention: logs.RetentionDays): logs.RetentionDays {
  if (Token.isUnresolved(retention)) {
    return retention;
  }
  if (retention === logs.RetentionDays.INFINITE) {
    return retention;
  }
  if (!LOG_RETENTION_DAYS_ACCEPTED.includes(retention)) {
    throw new Error(`'${prop}' must be one of the values CloudWatch Logs accepts (${LOG_RETENTION_DAYS_ACCEPTED.join(', ')} days, or RetentionDays.INFINITE), got ${retention}. Use a logs.RetentionDays member.`);
  }
  if (retention < ONE_YEAR_IN_DAYS) {
    Annotations.of(scope).addWarningV2('cdk-org-trail:LogRetentionUnderAYear',
      `'${prop}' is ${retention} days: CloudWatch Logs drops trail events before a year is up. The S3 archive keeps them, but metric-filter history and Logs Insights queries stop there.`);
  }
  return retention;
}
