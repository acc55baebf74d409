import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OrganizationTrail } from '../src';
import { PLAIN_TRAIL_ENV } from './plain-trail-app';

/**
 * The component that matches the plain Trail app feature for feature (an organization trail with
 * a key prefix, KMS, CloudWatch Logs and a delivery topic), hardened, without the alerts and the
 * query layer that the plain app has no counterpart for.
 */
export function buildCoreTrailApp(app: App = new App()): App {
  const stack = new Stack(app, 'CoreTrailAudit', { env: PLAIN_TRAIL_ENV });
  const topicKey = new kms.Key(stack, 'DeliveryTopicKey', { enableKeyRotation: true });
  const deliveryTopic = new sns.Topic(stack, 'DeliveryTopic', { masterKey: topicKey, enforceSSL: true });
  new OrganizationTrail(stack, 'OrgTrail', {
    organizationId: 'o-a1b2c3d4e5',
    trailName: 'org-audit-trail',
    s3KeyPrefix: 'cloudtrail',
    snsTopic: deliveryTopic,
    archiveQuery: false,
  });
  return app;
}
