import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ArchiveReplica, ControlTowerProfile, EventSelector, OrganizationTrail } from '../src';
import { EXAMPLE_CONTEXT } from './util/example-app';

/**
 * The logical IDs of stateful resources are part of the public contract: if one changes, an
 * upgrade makes CloudFormation create a new bucket, key or log group and orphan (retain) the old
 * one, splitting the audit archive. These IDs were set by version 0.x and must never change; new
 * stateful resources are added to the list, never renamed in it.
 */
const PINNED_STATEFUL_LOGICAL_IDS: Record<string, string> = {
  OrgTrailKey6F63AC7B: 'AWS::KMS::Key',
  OrgTrailArchiveBucket33557693: 'AWS::S3::Bucket',
  OrgTrailArchiveAccessLogsBucket9AE07D06: 'AWS::S3::Bucket',
  OrgTrailCloudWatchDeliveryLogGroup726C8A1D: 'AWS::Logs::LogGroup',
  OrgTrailQueryResultsBucket6E8219E0: 'AWS::S3::Bucket',
  OrgTrailQueryResultsKeyB2EB780C: 'AWS::KMS::Key',
};

const STATEFUL_TYPES = ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup'];

/** The stack's stateful resources: logical ID to type. */
function statefulLogicalIds(stack: Stack): Record<string, string> {
  const template = Template.fromStack(stack);
  return Object.fromEntries(STATEFUL_TYPES.flatMap((type) => Object.keys(template.findResources(type)).map((logicalId) => [logicalId, type])));
}

/**
 * Apps with and without the feature flags `cdk init` sets (examples/cdk.json): turning the flags on
 * in an existing app must not rename a stateful resource either.
 */
const CONTEXTS: Array<[string, Record<string, unknown>]> = [
  ['no feature flags', {}],
  ['the feature flags of examples/cdk.json', EXAMPLE_CONTEXT],
];

test.each(CONTEXTS)('stateful resources keep their logical IDs across versions (%s)', (_name, context) => {
  const stack = new Stack(new App({ context }), 'Audit', { env: { account: '111111111111', region: 'us-east-1' } });
  new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5' });
  expect(statefulLogicalIds(stack)).toEqual(PINNED_STATEFUL_LOGICAL_IDS);
});

test.each(CONTEXTS)('the trail keeps its logical ID (a new one would try to create a second trail of the same name) (%s)', (_name, context) => {
  const stack = new Stack(new App({ context }), 'Audit', { env: { account: '111111111111', region: 'us-east-1' } });
  new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5' });
  expect(Object.keys(Template.fromStack(stack).findResources('AWS::CloudTrail::Trail'))).toEqual(['OrgTrail00859FAE']);
});

/** With continuous validation on: its checkpoint bucket, key and log group are pinned too (a new state bucket would restart every chain from the lookback). */
const PINNED_INTEGRITY_VALIDATION_LOGICAL_IDS: Record<string, string> = {
  OrgTrailIntegrityValidationStateBucket1AA5BD45: 'AWS::S3::Bucket',
  OrgTrailIntegrityValidationKey463189F5: 'AWS::KMS::Key',
  OrgTrailIntegrityValidationLogGroup48B285A4: 'AWS::Logs::LogGroup',
};

test.each(CONTEXTS)('continuous validation\'s state keeps its logical IDs, and adding it renames nothing (%s)', (_name, context) => {
  const stack = new Stack(new App({ context }), 'Audit', { env: { account: '111111111111', region: 'us-east-1' } });
  new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', integrityValidation: {} });
  expect(statefulLogicalIds(stack)).toEqual({ ...PINNED_STATEFUL_LOGICAL_IDS, ...PINNED_INTEGRITY_VALIDATION_LOGICAL_IDS });
});

test.each(CONTEXTS)('adding a second copy (archiveReplication) renames no stateful resource and adds none (%s)', (_name, context) => {
  const stack = new Stack(new App({ context }), 'Audit', { env: { account: '111111111111', region: 'us-east-1' } });
  new OrganizationTrail(stack, 'OrgTrail', {
    organizationId: 'o-a1b2c3d4e5',
    archiveReplication: {
      destinationBucketArn: 'arn:aws:s3:::cloudtrail-archive-replica-222222222222-eu-west-1',
      destinationKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail-archive-replica',
    },
  });
  expect(statefulLogicalIds(stack)).toEqual(PINNED_STATEFUL_LOGICAL_IDS);
});

/** ArchiveReplica's bucket, key and access-log bucket: a new ID would orphan the second copy and start an empty one. */
const PINNED_REPLICA_LOGICAL_IDS: Record<string, string> = {
  ReplicaKey29E01B67: 'AWS::KMS::Key',
  ReplicaBucket80C984FB: 'AWS::S3::Bucket',
  ReplicaAccessLogsBucket9F70B439: 'AWS::S3::Bucket',
};

test.each(CONTEXTS)('ArchiveReplica\'s stateful resources keep their logical IDs (%s)', (_name, context) => {
  const stack = new Stack(new App({ context }), 'Replica', { env: { account: '222222222222', region: 'eu-west-1' } });
  new ArchiveReplica(stack, 'Replica', { sourceAccount: '111111111111' });
  expect(statefulLogicalIds(stack)).toEqual(PINNED_REPLICA_LOGICAL_IDS);
});

test.each(CONTEXTS)('beside Control Tower (besideControlTower), the stateful resources keep their logical IDs (%s)', (_name, context) => {
  const stack = new Stack(new App({ context }), 'Audit', { env: { account: '111111111111', region: 'us-east-1' } });
  new OrganizationTrail(stack, 'OrgTrail', {
    organizationId: 'o-a1b2c3d4e5',
    besideControlTower: ControlTowerProfile.complementData(),
    eventSelectors: [EventSelector.s3Objects(['my-sensitive-bucket/'])],
  });
  expect(statefulLogicalIds(stack)).toEqual(PINNED_STATEFUL_LOGICAL_IDS);
});
