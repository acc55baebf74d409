import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { addStatementsOrWarn, assertSameRegion } from '../private/imported-policy';
import { kmsKeyProblems } from '../private/key-checks';
import { KEY_ROTATION_MAX_DAYS, KEY_ROTATION_MIN_DAYS } from '../private/limits';
import { cloudTrailKeyStatements, cloudWatchLogsKeyStatement, denyGrantsExceptForAwsServicesStatement } from '../private/policy-statements';
import { throwIfProblems, wholeDaysProblems } from '../private/validation';

/**
 * The trail key's settings, shared by `TrailKey` and `OrganizationTrail`.
 */
export interface TrailKeyOptions {
  /**
   * The KMS key that encrypts log files, digest files and the CloudWatch Logs group. It must be a
   * symmetric encryption key in the trail's Region. If it was imported, its policy cannot be
   * changed here: a warning lists the key policy statements to add.
   *
   * @default - a new key with automatic rotation, retained when removed from the stack
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How often a created key rotates its key material (whole days, 90 to 2560: KMS's range).
   * Only for a key this component creates.
   *
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
   * @default Duration.days(365)
   */
  readonly keyRotationPeriod?: Duration;
}

/**
 * Props for `TrailKey`.
 */
export interface TrailKeyProps extends TrailKeyOptions {
  /**
   * The trail's ARN, for the `aws:SourceArn` conditions.
   */
  readonly trailArn: string;

  /**
   * The management account, in the encryption-context pattern of CloudTrail's statement (a key in
   * the log-archive account names another account there).
   *
   * @default - the stack's account
   */
  readonly managementAccount?: string;

  /**
   * What happens to a created key when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The KMS key that encrypts the trail's log and digest files (and, by default, its CloudWatch
 * Logs group). Its policy lets CloudTrail encrypt only for this trail and lets CloudWatch Logs
 * use it only for the trail's log group.
 */
export class TrailKey extends Construct {
  /**
   * The key in use, created or imported.
   */
  public readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: TrailKeyProps) {
    super(scope, id);
    throwIfProblems('TrailKey', wholeDaysProblems('keyRotationPeriod', props.keyRotationPeriod,
      { minimum: KEY_ROTATION_MIN_DAYS, maximum: KEY_ROTATION_MAX_DAYS, source: 'KMS\'s range' }, 'e.g. Duration.days(365)'));
    if (props.encryptionKey) {
      if (props.keyRotationPeriod) {
        throw new Error(`'keyRotationPeriod' (${props.keyRotationPeriod.toHumanString()}) only applies to a key this component creates, but 'encryptionKey' was given. Set the rotation on your key instead.`);
      }
      throwIfProblems('TrailKey', kmsKeyProblems('encryptionKey', props.encryptionKey, 'CloudTrail'));
      assertSameRegion(this, 'encryptionKey', props.encryptionKey.env.region,
        'CloudTrail needs the key in the same Region as the archive bucket (KmsKeyNotFoundException); use a key, or a replica of a multi-Region key, in the trail\'s Region.');
      this.key = props.encryptionKey;
    } else {
      this.key = new kms.Key(this, 'Resource', {
        description: 'Encrypts the CloudTrail organization trail\'s log files, digest files and CloudWatch Logs group',
        enableKeyRotation: true,
        rotationPeriod: props.keyRotationPeriod ?? Duration.days(365),
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      this.key.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
    }
    this.addStatements('KeyPolicyNeedsCloudTrail', cloudTrailKeyStatements(Stack.of(this), props.trailArn, props.managementAccount));
  }

  /**
   * Lets CloudWatch Logs encrypt the given log group (by its ARN without `:*`) with this key.
   */
  public allowCloudWatchLogs(logGroupArnWithoutStar: string): void {
    this.addStatements('KeyPolicyNeedsCloudWatchLogs', [cloudWatchLogsKeyStatement(Stack.of(this), logGroupArnWithoutStar)]);
  }

  private addStatements(warningId: string, statements: iam.PolicyStatement[]): void {
    addStatementsOrWarn(this, warningId, 'The trail\'s KMS key (\'encryptionKey\')', statements,
      (statement) => this.key.addToResourcePolicy(statement, true));
  }
}
