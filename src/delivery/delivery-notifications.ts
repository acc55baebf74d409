import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct, IDependable } from 'constructs';
import { addStatementsOrWarn, assertSameRegion } from '../private/imported-policy';
import { kmsKeyProblems } from '../private/key-checks';
import { deliveryTopicKeyStatement, deliveryTopicStatement } from '../private/policy-statements';
import { throwIfProblems } from '../private/validation';

/**
 * The delivery notifications' settings, shared by `OrganizationTrail` and the parts that wire them.
 */
export interface DeliveryNotificationOptions {
  /**
   * An SNS topic CloudTrail notifies each time it delivers a log file, in the trail's Region. The
   * topic policy gets the statement CloudTrail needs; an imported topic draws a warning with that
   * statement instead. If the topic is encrypted with a key this stack owns, its key policy gets
   * the statement too; an AWS managed key (`alias/aws/sns`) is refused, as its policy cannot allow
   * CloudTrail.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html
   * @default - no delivery notifications
   */
  readonly snsTopic?: sns.ITopic;
}

/**
 * Lets the trail publish delivery notifications to `topic`: the topic policy statement and, for an
 * encrypted topic, the key policy statement (warnings with the statements where the topic or key
 * was imported). Returns the policies the trail must be created after: CloudTrail checks the
 * topic policy when it creates the trail.
 *
 * @param construct the construct the user called, for the error heading
 */
export function allowDeliveryNotifications(scope: IConstruct, topic: sns.ITopic, trailArn: string, construct: string): IDependable[] {
  assertSameRegion(scope, 'snsTopic', topic.env.region,
    'CloudTrail notifies a topic in the trail\'s home Region (KmsKeyNotFoundException for its key otherwise); pass a topic of that Region.');
  const policies = addStatementsOrWarn(scope, 'TopicPolicyNeedsCloudTrail', 'The notification topic (\'snsTopic\')',
    [deliveryTopicStatement(topic.topicArn, trailArn)], (statement) => topic.addToResourcePolicy(statement));
  const topicKey = topic.masterKey;
  if (topicKey) {
    throwIfProblems(construct, kmsKeyProblems('snsTopic.masterKey', topicKey, 'CloudTrail (publishing to an encrypted topic)'));
    addStatementsOrWarn(scope, 'TopicKeyPolicyNeedsCloudTrail', 'The notification topic\'s KMS key',
      [deliveryTopicKeyStatement(trailArn)], (statement) => topicKey.addToResourcePolicy(statement, true));
  }
  return policies;
}
