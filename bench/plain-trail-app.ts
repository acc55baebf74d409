import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The same env as the example's `EXAMPLE_ENV`. It is repeated rather than imported because
 * examples/example-app.ts imports the library, which would load cdk-org-trail into the baseline's
 * process; `synth-bench.ts` checks that both apps synthesize for the same environment.
 */
export const PLAIN_TRAIL_ENV = { account: '111111111111', region: 'us-east-1' };

/**
 * The baseline for `synth-bench.ts`: the example's organization trail written with aws-cdk-lib's
 * `Trail` alone (no cdk-org-trail import). Same trail settings, same env, the same encrypted,
 * TLS-only delivery topic; what `Trail` does not do (the archive's Object Lock, lifecycle and
 * access logs, the log group's encryption, the scoped key policy) is simply absent.
 */
export class PlainTrailStack extends Stack {
  public readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const topicKey = new kms.Key(this, 'DeliveryTopicKey', {
      description: 'Encrypts the CloudTrail delivery notification topic',
      enableKeyRotation: true,
    });
    const deliveryTopic = new sns.Topic(this, 'DeliveryTopic', {
      masterKey: topicKey,
      enforceSSL: true,
    });

    const trailKey = new kms.Key(this, 'TrailKey', {
      description: 'Encrypts the organization trail\'s log files',
      enableKeyRotation: true,
    });

    // `Trail` grants CloudTrail nothing on either key; without these two statements the trail
    // could not be created, so the baseline carries them (a user of `Trail` has to write them too).
    const cloudTrailPrincipal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    trailKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [cloudTrailPrincipal],
      actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
    }));
    topicKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [cloudTrailPrincipal],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
    }));

    this.trail = new cloudtrail.Trail(this, 'OrgTrail', {
      trailName: 'org-audit-trail',
      isOrganizationTrail: true,
      orgId: 'o-a1b2c3d4e5',
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      s3KeyPrefix: 'cloudtrail',
      sendToCloudWatchLogs: true,
      cloudWatchLogsRetention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: trailKey,
      snsTopic: deliveryTopic,
    });
  }
}

/** Builds the plain-`Trail` app, the counterpart of `buildExampleApp()`. */
export function buildPlainTrailApp(app: App = new App()): App {
  new PlainTrailStack(app, 'PlainTrailAudit', { env: PLAIN_TRAIL_ENV });
  return app;
}
