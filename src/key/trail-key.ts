import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { addStatementsOrWarn, assertSameRegion } from '../private/imported-policy';
import { kmsKeyProblems } from '../private/key-checks';
import { throwIfProblems } from '../private/names';
import { cloudTrailKeyStatements, cloudWatchLogsKeyStatement, denyGrantsExceptForAwsServicesStatement } from '../private/policy-statements';
import { propName } from '../private/prop-names';

/**
 * Props for `TrailKey`.
 */
export interface TrailKeyProps {
  /**
   * The trail's ARN, for the `aws:SourceArn` conditions.
   */
  readonly trailArn: string;

  /**
   * Use this key instead of creating one. It must be a symmetric key in the trail's Region.
   * If it was imported, its policy cannot be changed here: a warning lists the statements to add.
   *
   * @default - a new key is created, with rotation on and retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How often a created key rotates its key material (KMS accepts 90 to 2560 days).
   * `OrganizationTrail` calls it `keyRotationPeriod`.
   *
   * @default Duration.days(365)
   */
  readonly rotationPeriod?: Duration;

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
    const rotationProp = propName(scope, 'rotationPeriod');
    this.validateRotationPeriod(rotationProp, props.rotationPeriod);
    if (props.encryptionKey) {
      if (props.rotationPeriod) {
        throw new Error(`'${rotationProp}' (${props.rotationPeriod.toHumanString()}) only applies to a key this component creates, but 'encryptionKey' was given. Set the rotation on your key instead.`);
      }
      throwIfProblems(kmsKeyProblems('encryptionKey', props.encryptionKey, 'CloudTrail'));
      assertSameRegion(this, 'encryptionKey', props.encryptionKey.env.region,
        'CloudTrail needs the key in the same Region as the archive bucket (KmsKeyNotFoundException); use a key, or a replica of a multi-Region key, in the trail\'s Region.');
      this.key = props.encryptionKey;
    } else {
      this.key = new kms.Key(this, 'Resource', {
        description: 'Encrypts the CloudTrail organization trail\'s log files, digest files and CloudWatch Logs group',
        enableKeyRotation: true,
        rotationPeriod: props.rotationPeriod ?? Duration.days(365),
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      this.key.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
    }
    this.addStatements('KeyPolicyNeedsCloudTrail', cloudTrailKeyStatements(Stack.of(this), props.trailArn));
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

  private validateRotationPeriod(prop: string, rotationPeriod?: Duration): void {
    if (!rotationPeriod || rotationPeriod.isUnresolved()) {
      return;
    }
    const days = rotationPeriod.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 90 || days > 2560) {
      throw new Error(`'${prop}' must be a whole number of days from 90 to 2560 (KMS's range), got ${rotationPeriod.toHumanString()}. Use e.g. Duration.days(365).`);
    }
  }
}
