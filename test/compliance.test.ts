import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EXAMPLE_ENV } from '../examples/example-app';
import {
  AlertPack, ArchiveReplica, ContinuousValidation, ControlTowerLandingZone, ControlTowerProfile, EventSelector, LogArchive, OrganizationTrail,
  TrailDeployment, TrailKeyPlacement, TrailQuery,
} from '../src';
import { cfnValidateFindings, cfnValidateRaw, controlTowerFindings, Finding, nagFindings } from './util/compliance-checkers';
import { exampleApp } from './util/example-app';
import { SDK_PROVIDER_FUNCTION_ACKNOWLEDGEMENTS } from '../src/delegated/acknowledgements';
import {
  MANAGEMENT_KEYS_WILDCARD_REASON, STATE_BUCKET_ACKNOWLEDGEMENTS, VALIDATOR_FUNCTION_ACKNOWLEDGEMENTS, VALIDATOR_WILDCARD_REASON,
} from '../src/integrity/continuous-validation-acknowledgements';
import {
  ACCESS_LOGS_BUCKET_ACKNOWLEDGEMENTS,
  ARCHIVE_BUCKET_ACKNOWLEDGEMENTS,
  ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS,
  DELIVERY_ROLE_WILDCARD_REASON,
  REPLICA_BUCKET_ACKNOWLEDGEMENTS,
  REPLICATION_ROLE_WILDCARD_REASON,
} from '../src/private/acknowledgements';
import { RESULTS_BUCKET_ACKNOWLEDGEMENTS } from '../src/query/acknowledgements';

/**
 * The compliance gate: the example stacks pass the cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA
 * Security and PCI DSS 3.2.1 packs, the Control Tower proactive controls of
 * cdk-validator-cfnguard, and AWS's offline template validator, with zero unacknowledged
 * findings. A plain aws-cdk-lib Trail is checked too, so a checker that silently stops finding
 * anything fails here.
 */

function stacksOf(app: App): Stack[] {
  return app.node.children.filter((child): child is Stack => child instanceof Stack);
}

function allFindings(stack: Stack): Finding[] {
  return [...nagFindings(stack), ...controlTowerFindings(stack), ...cfnValidateFindings(stack)];
}

function describeFindings(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.checker} ${finding.ruleId} at ${finding.resource}`);
}

describe('the example app, with the feature flags of its cdk.json', () => {
  const app = exampleApp();
  app.synth();
  const stacks = stacksOf(app);

  test('has stacks to check', () => {
    expect(stacks.map((stack) => stack.stackName)).toEqual(['OrganizationAudit', 'LogArchive', 'ManagementTrail']);
  });

  test.each(stacks.map((stack) => [stack.stackName, stack]))('%s: zero unacknowledged findings from cdk-nag, Control Tower and CloudFormation Validate', (_name, stack) => {
    expect(describeFindings(allFindings(stack as Stack))).toEqual([]);
  });

  test.each(stacks.map((stack) => [stack.stackName, stack]))('%s: the template validator reports no warning or error, even without CDK\'s ignore list', (_name, stack) => {
    expect(cfnValidateRaw(stack as Stack, 'WARN')).toEqual([]);
  });

  test.each(stacks.map((stack) => [stack.stackName, stack]))('%s: synth draws no warning or error annotation', (_name, stack) => {
    const annotations = Annotations.fromStack(stack as Stack);
    annotations.hasNoWarning('*', Match.anyValue());
    annotations.hasNoError('*', Match.anyValue());
  });
});

describe('variants users deploy', () => {
  function synthesized(configure: (stack: Stack) => void): Stack {
    const app = new App();
    const stack = new Stack(app, 'Variant', { env: EXAMPLE_ENV });
    configure(stack);
    app.synth();
    return stack;
  }

  test('the smallest OrganizationTrail is clean too', () => {
    const stack = synthesized((scope) => new OrganizationTrail(scope, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5' }));
    expect(describeFindings(allFindings(stack))).toEqual([]);
  });

  test('break-glass principals on the archive guard are clean too', () => {
    const stack = synthesized((scope) => new OrganizationTrail(scope, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      archiveBreakGlassPrincipalArns: [
        'arn:aws:iam::111111111111:role/AuditArchiveBreakGlass',
        'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_BreakGlass_*',
      ],
    }));
    expect(describeFindings(allFindings(stack))).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an env-agnostic stack is clean too (tokens in every ARN)', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5' });
    app.synth();
    expect(describeFindings(allFindings(stack))).toEqual([]);
  });

  test('continuous validation used alone beside an imported archive is clean too', () => {
    const stack = synthesized((scope) => new ContinuousValidation(scope, 'Validation', {
      archiveBucket: s3.Bucket.fromBucketName(scope, 'Archive', 'existing-archive'),
      encryptionKey: kms.Key.fromKeyArn(scope, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'),
      organizationId: 'o-a1b2c3d4e5',
    }));
    expect(describeFindings(allFindings(stack))).toEqual([]);
    expect(cfnValidateRaw(stack, 'WARN')).toEqual([]);
  });

  test('a second copy: the source and replica stacks are clean, with no replication acknowledgement on the archive', () => {
    const app = new App();
    const replicaStack = new Stack(app, 'Replica', { env: { account: '222222222222', region: 'eu-west-1' } });
    const replica = new ArchiveReplica(replicaStack, 'Replica', { sourceAccount: EXAMPLE_ENV.account! });
    const source = new Stack(app, 'Source', { env: EXAMPLE_ENV });
    new OrganizationTrail(source, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      archiveReplication: { destinationBucketArn: replica.bucketArn, destinationKeyArn: replica.keyAliasArn },
    });
    app.synth();
    const archive = source.node.findAll().find((construct) => construct.node.path === 'Source/OrgTrail/Archive/Bucket')!;
    const acknowledged = archive.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.keys(entry.data as object)).map((id) => id.replace(/^Annotation::/, ''));
    expect(acknowledged.filter((id) => id.endsWith('S3BucketReplicationEnabled'))).toEqual([]);
    for (const stack of [source, replicaStack]) {
      expect(describeFindings(allFindings(stack))).toEqual([]);
      expect(cfnValidateRaw(stack, 'WARN')).toEqual([]);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    }
  });

  test('with archiveReplication, a disabled replication rule is reported on the archive (nothing acknowledges it)', () => {
    const stack = synthesized((scope) => {
      const trail = new OrganizationTrail(scope, 'OrgTrail', {
        organizationId: 'o-a1b2c3d4e5',
        archiveReplication: {
          destinationBucketArn: 'arn:aws:s3:::cloudtrail-archive-replica-222222222222-eu-west-1',
          destinationKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail-archive-replica',
        },
      });
      const archive = trail.archiveBucket.node.defaultChild as s3.CfnBucket;
      const replication = archive.replicationConfiguration as s3.CfnBucket.ReplicationConfigurationProperty;
      archive.replicationConfiguration = { ...replication, rules: (replication.rules as s3.CfnBucket.ReplicationRuleProperty[]).map((rule) => ({ ...rule, status: 'Disabled' })) };
    });
    const rules = nagFindings(stack).filter((finding) => finding.resource.includes('/Archive/Bucket')).map((finding) => finding.ruleId);
    expect(rules.sort()).toEqual(ARCHIVE_BUCKET_ACKNOWLEDGEMENTS.map((ack) => ack.id).sort());
  });

  test('the two-account split with the key in the log-archive account is clean too, on both sides', () => {
    const app = new App();
    const logStack = new Stack(app, 'LogArchiveKeyThere', { env: { account: '222222222222', region: EXAMPLE_ENV.region } });
    const mgmtStack = new Stack(app, 'ManagementKeyThere', { env: EXAMPLE_ENV });
    const archive = new LogArchive(logStack, 'LogArchive', {
      organizationId: 'o-a1b2c3d4e5', managementAccount: EXAMPLE_ENV.account, keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT,
    });
    new ContinuousValidation(logStack, 'Validation', { archiveBucket: archive.bucket, encryptionKey: archive.encryptionKey, organizationId: 'o-a1b2c3d4e5' });
    new OrganizationTrail(mgmtStack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      logArchive: { ...archive.reference, keyArn: 'arn:aws:kms:us-east-1:222222222222:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' },
    });
    app.synth();
    for (const stack of [logStack, mgmtStack]) {
      expect(describeFindings(allFindings(stack))).toEqual([]);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    }
    expect(cfnValidateRaw(logStack, 'WARN')).toEqual([]);
    // Without CDK's ignore list, the only remark is the one the topology implies: the key of another account can
    // only be named by a literal ARN.
    expect(cfnValidateRaw(mgmtStack, 'WARN').map((finding) => `${finding.ruleId} ${finding.logicalId}`)).toEqual(['W9013 OrgTrail00859FAE']);
  });

  test('three accounts: a delegated administrator\'s trail stack and the log-archive stack are clean too, and silent', () => {
    const app = new App();
    const delegatedAdmin = '333333333333';
    const logStack = new Stack(app, 'DelegatedLogArchive', { env: { account: '222222222222', region: EXAMPLE_ENV.region } });
    const trailStack = new Stack(app, 'DelegatedAdminTrail', { env: { account: delegatedAdmin, region: EXAMPLE_ENV.region } });
    const archive = new LogArchive(logStack, 'LogArchive', {
      organizationId: 'o-a1b2c3d4e5', managementAccount: EXAMPLE_ENV.account, trailDeploymentAccount: delegatedAdmin,
    });
    new ContinuousValidation(logStack, 'Validation', { archiveBucket: archive.bucket, encryptionKey: archive.encryptionKey, organizationId: 'o-a1b2c3d4e5' });
    new OrganizationTrail(trailStack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: EXAMPLE_ENV.account }),
      logArchive: archive.reference,
    });
    app.synth();
    for (const stack of [logStack, trailStack]) {
      expect(describeFindings(allFindings(stack))).toEqual([]);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    }
    expect(cfnValidateRaw(logStack, 'WARN')).toEqual([]);
  });

  test('beside Control Tower (data events, alerts on Control Tower\'s log group) and a query layer over Control Tower\'s archive are clean too', () => {
    const app = new App();
    const management = new Stack(app, 'BesideControlTower', { env: EXAMPLE_ENV });
    new OrganizationTrail(management, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      besideControlTower: ControlTowerProfile.complementData({ homeRegion: EXAMPLE_ENV.region }),
      eventSelectors: [EventSelector.s3Objects(['my-sensitive-bucket/'])],
      alerts: { pack: AlertPack.CIS, emailAddresses: ['security-alerts@example.com'] },
    });
    const logArchive = new Stack(app, 'ControlTowerLogArchive', { env: { account: '222222222222', region: EXAMPLE_ENV.region } });
    new TrailQuery(logArchive, 'ControlTowerQuery', {
      archiveBucket: s3.Bucket.fromBucketName(logArchive, 'ControlTowerArchive', ControlTowerLandingZone.archiveBucketName('222222222222', EXAMPLE_ENV.region)),
      organizationId: 'o-a1b2c3d4e5',
      s3KeyPrefix: ControlTowerLandingZone.archiveKeyPrefix('o-a1b2c3d4e5'),
    });
    app.synth();
    for (const stack of [management, logArchive]) {
      expect(describeFindings(allFindings(stack))).toEqual([]);
      expect(cfnValidateRaw(stack, 'WARN')).toEqual([]);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    }
  });

  test('turning CloudWatch Logs off is caught by the packs (the checks are live)', () => {
    const stack = synthesized((scope) => new OrganizationTrail(scope, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', cloudWatchLogs: false }));
    const rules = allFindings(stack).map((finding) => finding.ruleId);
    expect(rules).toEqual(expect.arrayContaining([
      'NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled',
      'cloud_trail_cloud_watch_logs_enabled_check',
    ]));
  });
});

describe('reference: a plain aws-cdk-lib Trail set up as the CLI walkthrough does', () => {
  test('fails many controls, which the component passes', () => {
    const app = new App();
    const stack = new Stack(app, 'Plain', { env: EXAMPLE_ENV });
    const bucket = new s3.Bucket(stack, 'Bucket');
    new cloudtrail.Trail(stack, 'Trail', { bucket, isMultiRegionTrail: true, includeGlobalServiceEvents: true });
    app.synth();
    const nagRules = new Set(nagFindings(stack).map((finding) => finding.ruleId));
    const controls = new Set(controlTowerFindings(stack).map((finding) => finding.ruleId));
    // Measured with cdk-nag 3.0.2 and cdk-validator-cfnguard 0.0.62: 29 rules and 11 controls.
    expect(nagRules.size).toBeGreaterThanOrEqual(20);
    expect(controls.size).toBeGreaterThanOrEqual(10);
  });
});

describe('acknowledgements', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const acknowledgements = [
    ...ACCESS_LOGS_BUCKET_ACKNOWLEDGEMENTS,
    ...ARCHIVE_BUCKET_ACKNOWLEDGEMENTS,
    ...ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS,
    ...REPLICA_BUCKET_ACKNOWLEDGEMENTS,
    ...RESULTS_BUCKET_ACKNOWLEDGEMENTS,
    ...STATE_BUCKET_ACKNOWLEDGEMENTS,
    ...VALIDATOR_FUNCTION_ACKNOWLEDGEMENTS,
    ...SDK_PROVIDER_FUNCTION_ACKNOWLEDGEMENTS,
  ];

  test.each(acknowledgements.map((ack) => [ack.id, ack.reason]))('%s carries a reason and is listed in README', (id, reason) => {
    expect(reason.length).toBeGreaterThan(30);
    expect(readme).toContain(`\`${id}\``);
  });

  test('the validator role\'s wildcard acknowledgement is listed in README', () => {
    expect(readme).toContain('`AwsSolutions-IAM5[Resource::<archive>/<prefix>/AWSLogs/<o-id>/*]`');
    expect(VALIDATOR_WILDCARD_REASON.length).toBeGreaterThan(30);
  });

  test('the replication role\'s wildcard acknowledgement is listed in README', () => {
    expect(readme).toContain('`AwsSolutions-IAM5[Resource::<archive>/AWSLogs/*]`');
    expect(REPLICATION_ROLE_WILDCARD_REASON.length).toBeGreaterThan(30);
  });

  test('a log-archive validator\'s wildcard on the management account\'s keys is listed in README', () => {
    expect(readme).toContain('`AwsSolutions-IAM5[Resource::arn:<partition>:kms:<region>:<management account>:key/*]`');
    expect(MANAGEMENT_KEYS_WILDCARD_REASON.length).toBeGreaterThan(30);
  });

  test('the custom resource provider\'s wildcard acknowledgements are listed in README', () => {
    expect(readme).toContain('`AwsSolutions-IAM5[Resource::*]` | delegated administrator trail\'s and registration\'s managed policies');
    expect(readme).toContain('`AwsSolutions-IAM5[Resource::…<provider log group>:*]`');
  });

  test('the delivery role\'s wildcard acknowledgement is listed in README', () => {
    expect(readme).toContain('`AwsSolutions-IAM5[Resource::…:log-stream:<account>_CloudTrail_<region>*]`');
    expect(DELIVERY_ROLE_WILDCARD_REASON.length).toBeGreaterThan(30);
  });
});
