import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { OrganizationTrail } from '../../src';
import { LakeEventDataStore } from '../../src/query/lake-event-data-store';
import { AccountEnumeration, RegionEnumeration } from '../../src/query/partition-projection';
import { TrailQuery } from '../../src/query/trail-query';
import { cfnValidateFindings, cfnValidateRaw, controlTowerFindings, Finding, nagFindings } from '../util/compliance-checkers';

/**
 * The query layer over a real OrganizationTrail, with Lake opted in, passes the same compliance
 * packs as the rest of the component with zero unacknowledged findings.
 */

const ENV = { account: '111111111111', region: 'us-east-1' };

function describeFindings(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.checker} ${finding.ruleId} at ${finding.resource}`);
}

function queryStack(configure: (stack: Stack, trail: OrganizationTrail) => void, env: object | undefined = ENV): Stack {
  const app = new App();
  const stack = new Stack(app, 'Query', { env: env as never });
  const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', s3KeyPrefix: 'cloudtrail', archiveQuery: false });
  configure(stack, trail);
  app.synth();
  return stack;
}

function allFindings(stack: Stack): Finding[] {
  return [...nagFindings(stack), ...controlTowerFindings(stack), ...cfnValidateFindings(stack)];
}

describe('compliance of the query layer', () => {
  const stack = queryStack((scope, trail) => {
    new TrailQuery(scope, 'Query', {
      archiveBucket: trail.archiveBucket,
      encryptionKey: trail.encryptionKey,
      organizationId: trail.organizationId,
      s3KeyPrefix: trail.s3KeyPrefix,
      accessLogsBucket: trail.accessLogsBucket,
      accounts: AccountEnumeration.of(['111111111111', '222222222222']),
      regions: RegionEnumeration.of(['us-east-1', 'eu-west-1']),
    });
    new LakeEventDataStore(scope, 'Lake');
  });

  test('TrailQuery and LakeEventDataStore: zero unacknowledged findings', () => {
    expect(describeFindings(allFindings(stack))).toEqual([]);
  });

  test('the template validator reports nothing, even without CDK\'s ignore list', () => {
    expect(cfnValidateRaw(stack, 'WARN')).toEqual([]);
  });

  test('defaults (own access-log bucket, injected accounts): zero unacknowledged findings', () => {
    const defaults = queryStack((scope, trail) => {
      new TrailQuery(scope, 'Query', {
        archiveBucket: trail.archiveBucket,
        encryptionKey: trail.encryptionKey,
        organizationId: trail.organizationId,
      });
    });
    expect(describeFindings(allFindings(defaults))).toEqual([]);
  });

  test('an env-agnostic stack is clean too', () => {
    const agnostic = queryStack((scope, trail) => {
      new TrailQuery(scope, 'Query', {
        archiveBucket: trail.archiveBucket,
        encryptionKey: trail.encryptionKey,
        organizationId: trail.organizationId,
      });
      new LakeEventDataStore(scope, 'Lake', { encryptionKey: new kms.Key(scope, 'LakeKey', { enableKeyRotation: true }) });
    }, undefined);
    const findings = describeFindings(allFindings(agnostic)).filter((finding) => !finding.includes('/LakeKey'));
    expect(findings).toEqual([]);
  });

  test('the checks are live: unencrypted results and an unlogged results bucket are caught', () => {
    const broken = queryStack((scope, trail) => {
      const query = new TrailQuery(scope, 'Query', {
        archiveBucket: trail.archiveBucket,
        encryptionKey: trail.encryptionKey,
        organizationId: trail.organizationId,
      });
      query.workGroup.addPropertyDeletionOverride('WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration');
      (query.resultsBucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('LoggingConfiguration');
    });
    const rules = allFindings(broken).map((finding) => finding.ruleId);
    expect(rules).toEqual(expect.arrayContaining([
      'athena_workgroup_results_encrypted_at_rest_kms_check',
      's3_bucket_logging_enabled_check',
    ]));
  });
});
