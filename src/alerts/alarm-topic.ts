import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { addStatementsOrWarn } from '../private/imported-policy';
import { denyGrantsExceptForAwsServicesStatement, alarmPublishStatement, topicKeyStatements } from '../private/policy-statements';
import { emailAddressProblems, topicNameProblems } from '../private/service-names';
import { calledConstruct, propNamer, throwIfProblems } from '../private/validation';

/**
 * Props for `AlarmTopic`.
 */
export interface AlarmTopicProps {
  /**
   * The KMS key that encrypts the topic. If this stack does not own it, its policy must let
   * `cloudwatch.amazonaws.com` (with `aws:SourceAccount`) and `events.amazonaws.com` (with no
   * source condition: SNS does not support one for EventBridge) call `kms:Decrypt` and
   * `kms:GenerateDataKey*`; a warning lists the statements.
   *
   * @default - a new key with yearly rotation, retained when removed from the stack
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * E-mail addresses subscribed to the topic (each must confirm the subscription), one address per
   * entry, each once. Security Hub's CloudWatch controls need at least one subscription on the topic.
   *
   * @default - no subscription
   */
  readonly emailAddresses?: string[];

  /**
   * Further subscriptions, e.g. a pager's HTTPS endpoint (`subscriptions.UrlSubscription`), a
   * queue or a function.
   *
   * @default - only the e-mail subscriptions
   */
  readonly subscriptions?: sns.ITopicSubscription[];

  /**
   * The topic's name: 1-256 letters, digits, '-' or '_' (a standard topic, so no '.fifo').
   *
   * @default - a name CloudFormation generates
   */
  readonly topicName?: string;

  /**
   * What happens to the created key when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The SNS topic alerts notify: KMS-encrypted, TLS-only, and publishable by CloudWatch alarms and
 * EventBridge rules of this account (their service principals may use the key).
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 *
 * @example
 * new AlarmTopic(this, 'AlarmTopic', { emailAddresses: ['security@example.com'] });
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.ITopic;
  /** The key that encrypts the topic. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const name = propNamer(props);
    throwIfProblems(calledConstruct(props, 'AlarmTopic'), [
      ...topicNameProblems(name('topicName'), props.topicName),
      ...emailAddressProblems(name('emailAddresses'), props.emailAddresses),
    ]);
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: 'Encrypts the cdk-org-trail alert topic',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const key = this.encryptionKey;
    addStatementsOrWarn(this, 'AlarmTopicKeyPolicyNeedsPublishers', 'The alarm topic\'s key (\'encryptionKey\')',
      topicKeyStatements(Stack.of(this).account), (statement) => key.addToResourcePolicy(statement));
    if (props.encryptionKey === undefined) {
      // Control Tower CT.KMS.PR.3: no grants except those AWS services make for AWS resources.
      this.encryptionKey.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
    }

    const topic = new sns.Topic(this, 'Resource', {
      topicName: props.topicName,
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy, which replaces SNS's default one: CloudWatch alarms
    // then need their own statement, or every alarm action fails with "not authorized to
    // perform: SNS:Publish". Scoped to this account's alarms.
    topic.addToResourcePolicy(alarmPublishStatement(topic.topicArn, Stack.of(this)));
    for (const address of props.emailAddresses ?? []) {
      topic.addSubscription(new subscriptions.EmailSubscription(address));
    }
    for (const subscription of props.subscriptions ?? []) {
      topic.addSubscription(subscription);
    }
    this.topic = topic;
  }
}
