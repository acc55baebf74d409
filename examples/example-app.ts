import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  AccountEnumeration, AlarmTopic, Alert, AlertPack, AlertRules, AlertSeverity, ContinuousValidation, EventSelector, InsightType, LogArchive,
  OrganizationTrail, RegionEnumeration,
} from '../src';

/** The management account and home Region the example is synthesized for. */
export const EXAMPLE_ENV = { account: '111111111111', region: 'us-east-1' };

/** The log-archive account of the two-account variant, in the same home Region. */
export const LOG_ARCHIVE_ENV = { account: '222222222222', region: 'us-east-1' };

/**
 * The example organization's audit stack: every feature the library has, configured the way a
 * security team would deploy it in the management account.
 */
export class OrganizationAuditStack extends Stack {
  public readonly orgTrail: OrganizationTrail;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    // Delivery notifications go to an encrypted, TLS-only topic; the trail adds what its key policy needs.
    const topicKey = new kms.Key(this, 'DeliveryTopicKey', {
      description: 'Encrypts the CloudTrail delivery notification topic',
      enableKeyRotation: true,
    });
    // Control Tower CT.KMS.PR.3: only AWS services may create grants on the key.
    topicKey.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
    const deliveryTopic = new sns.Topic(this, 'DeliveryTopic', {
      masterKey: topicKey,
      enforceSSL: true,
    });

    this.orgTrail = new OrganizationTrail(this, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      trailName: 'org-audit-trail',
      s3KeyPrefix: 'cloudtrail',
      archiveLifecycle: {
        expiration: Duration.days(2557),
      },
      objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)),
      snsTopic: deliveryTopic,
      // Data events only where they matter: writes and reads of the sensitive bucket, in every
      // account of the organization. The component keeps its own buckets out of any S3 selector.
      eventSelectors: [
        EventSelector.s3Objects(['my-sensitive-bucket/'], { name: 'Sensitive bucket objects' }),
      ],
      insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE],
      // The whole alert catalog (CIS, walkthrough, Insights and every detection pack) plus
      // tampering with this component, as metric-filter alarms on the organization's log group and
      // EventBridge rules, fanned out to the workload OU in the Regions the organization uses.
      // Critical alerts (tampering, root use, the integrity validator) page the on-call engineer.
      alerts: {
        pack: AlertPack.ALL,
        emailAddresses: ['security-alerts@example.com'],
        severityRoutes: [{ name: 'page', severities: [AlertSeverity.CRITICAL], emailAddresses: ['security-oncall@example.com'] }],
        organizationFanout: {
          organizationalUnitIds: ['ou-ab12-cdef3456'],
          regions: ['us-east-1', 'eu-west-1'],
        },
      },
      // Continuous log file validation: every digest as it lands and every chain hourly, alarming
      // on the alerts' topic for any tampering, deletion or overdue digest.
      integrityValidation: {
        sourceRegions: ['us-east-1', 'eu-west-1'],
      },
      // Athena over the archive: the accounts and Regions the table reads.
      archiveQueryOptions: {
        accounts: AccountEnumeration.of(['111111111111', '222222222222', '333333333333']),
        regions: RegionEnumeration.of(['us-east-1', 'eu-west-1']),
      },
    });
  }
}

/**
 * The two-account variant, log-archive side: the archive (bucket, access logs, Object Lock,
 * EventBridge notifications, the Athena layer) and continuous validation of the digest chains,
 * in the log-archive account. The trail key stays beside the trail in the management account
 * (the default placement), so nothing here waits for the other stack's deploy.
 */
export class LogArchiveStack extends Stack {
  public readonly archive: LogArchive;
  public readonly validation: ContinuousValidation;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.archive = new LogArchive(this, 'LogArchive', {
      organizationId: 'o-a1b2c3d4e5',
      managementAccount: EXAMPLE_ENV.account,
      trailName: 'org-trail',
      s3KeyPrefix: 'cloudtrail',
      objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)),
      archiveQueryOptions: {
        accounts: AccountEnumeration.of(['111111111111', '222222222222', '333333333333']),
        regions: RegionEnumeration.of(['us-east-1', 'eu-west-1']),
      },
    });
    const reference = this.archive.reference;
    // The archive's S3 object events reach this account's default bus only: the alert on deleted log
    // files and the validator's alarms notify a topic of this account.
    const alerts = new AlarmTopic(this, 'ArchiveAlerts', { emailAddresses: ['security-alerts@example.com'] });
    new AlertRules(this, 'ArchiveAlertRules', {
      alerts: [Alert.archiveObjectDeleted({ bucketName: reference.bucketName })],
      topic: alerts.topic,
    });
    this.validation = new ContinuousValidation(this, 'IntegrityValidation', {
      archiveBucket: this.archive.bucket,
      encryptionKey: this.archive.encryptionKey,
      organizationId: reference.organizationId,
      s3KeyPrefix: reference.s3KeyPrefix,
      trailName: reference.trailName,
      sourceRegions: ['us-east-1', 'eu-west-1'],
      alarmTopic: alerts.topic,
    });
  }
}

/** Props for the two-account variant's management side. */
export interface ManagementTrailStackProps extends StackProps {
  /** The log-archive side it delivers to. */
  readonly archive: LogArchive;
}

/**
 * The two-account variant, management side: the organization trail, its key, CloudWatch Logs
 * delivery and alerts, delivering to the log-archive account's bucket by its literal name.
 */
export class ManagementTrailStack extends Stack {
  public readonly orgTrail: OrganizationTrail;

  constructor(scope: Construct, id: string, props: ManagementTrailStackProps) {
    super(scope, id, props);
    this.orgTrail = new OrganizationTrail(this, 'OrgTrail', {
      organizationId: props.archive.reference.organizationId,
      logArchive: props.archive.reference,
      insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE],
      // The baseline alerts: the detection packs' data-event alert needs S3 data events, which
      // this variant does not record.
      alerts: {
        pack: AlertPack.BASELINE,
        emailAddresses: ['security-alerts@example.com'],
      },
    });
  }
}

/**
 * Builds the example app; tests use it to run the compliance packs over the same stacks. It holds
 * both topologies: deploy `OrganizationAudit` alone (everything in the management account), or
 * `LogArchive` and `ManagementTrail` (the archive in a log-archive account; the CLI deploys
 * `LogArchive` first).
 */
export function buildExampleApp(app: App = new App()): App {
  new OrganizationAuditStack(app, 'OrganizationAudit', { env: EXAMPLE_ENV });
  const logArchive = new LogArchiveStack(app, 'LogArchive', { env: LOG_ARCHIVE_ENV });
  new ManagementTrailStack(app, 'ManagementTrail', { env: EXAMPLE_ENV, archive: logArchive.archive });
  return app;
}
