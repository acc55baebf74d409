import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeployedSystem, referencedId, Role } from './deployed-system';
import { DOCS } from './docs';
import { testFlowCases } from './flow-cases';
import { ADMINISTRATOR_POLICY, ContextKey, FlowKind, FlowRequest, OUTSIDE_ACCOUNT, OUTSIDE_ORGANIZATION, toSimulation } from './service-flows';
import { simulate } from './simulator';
import { ResolvedTemplate } from './template-resolver';
import { EXAMPLE_ENV, LOG_ARCHIVE_ENV, LogArchiveStack, ManagementTrailStack } from '../../examples/example-app';
import { ContinuousValidation, LogArchive, OrganizationTrail, TrailDeployment, TrailKeyPlacement } from '../../src';
import { appWithExampleContext } from '../util/example-app';

/**
 * Service flows of the log-archive split: the organization trail belongs to the management account,
 * its archive lives in the log-archive account, and its key in either. The trail's stack is the
 * management account's, or a CloudTrail delegated administrator's (three accounts: the trail still
 * belongs to the management account, "The management account remains the owner of any CloudTrail
 * organization resources the delegated administrator creates", and the key beside the trail is in
 * the delegated administrator's account:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html).
 * Every request names the account that owns the resource, so the simulator needs the resource
 * policy's allow for the other account's principals (and, for IAM principals across accounts, their
 * identity policy too, as KMS documents: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 */

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const MANAGEMENT = EXAMPLE_ENV.account;
const LOG = LOG_ARCHIVE_ENV.account;
const REGION = EXAMPLE_ENV.region;
/** A member account that is neither the management nor the log-archive account. */
const MEMBER = '333333333333';
/** The CloudTrail delegated administrator of the three-account shape. */
const DELEGATED_ADMIN = '444444444444';
const MEMBER_REGION = 'eu-west-1';

interface KeyUnderTest {
  readonly arn: string;
  readonly account: string;
  readonly policy: { [key: string]: any };
}

/** What the flows need from the two synthesized stacks. */
interface SplitSystem {
  readonly placement: TrailKeyPlacement;
  /** The account of the trail's stack: the management account's, or the delegated administrator's. */
  readonly trailStackAccount: string;
  readonly trailArn: string;
  readonly trailName: string;
  readonly s3KeyPrefix?: string;
  readonly archive: { readonly name: string; readonly arn: string; readonly policy: { [key: string]: any } };
  readonly key: KeyUnderTest;
  readonly reader: Role;
  /** A principal given LogArchive.grantQuery (the Athena layer lives in the log-archive account). */
  readonly queryUser: Role;
  readonly validator: Role;
  /** The log-archive account's alert topic, when the stack has one (the example's): its rules and alarms. */
  readonly alertTopic?: {
    readonly arn: string;
    readonly policy: { [key: string]: any };
    readonly key: KeyUnderTest;
    readonly ruleArns: string[];
    readonly alarmArns: string[];
  };
}

/** The topic the log-archive account's rules notify, with its policy, key, rules and alarms. */
function alertTopicOf(log: ResolvedTemplate): SplitSystem['alertTopic'] {
  const targets = (id: string) => (log.resource(id).Properties?.Targets ?? []).map((target: any) => referencedId(target.Arn));
  const rules = log.logicalIdsOfType('AWS::Events::Rule');
  const topicId = rules.flatMap(targets).find((id: string | undefined) => id && log.resource(id).Type === 'AWS::SNS::Topic');
  if (!topicId) {
    return undefined;
  }
  const policyId = log.logicalIdsOfType('AWS::SNS::TopicPolicy')
    .find((id) => (log.resource(id).Properties?.Topics ?? []).map(referencedId).includes(topicId))!;
  const keyId = referencedId(log.resource(topicId).Properties?.KmsMasterKeyId)!;
  return {
    arn: log.arnOf(topicId),
    policy: log.properties(policyId).PolicyDocument,
    key: { arn: log.arnOf(keyId), account: LOG, policy: log.properties(keyId).KeyPolicy },
    ruleArns: rules.filter((id) => targets(id).includes(topicId)).map((id) => log.arnOf(id)),
    alarmArns: log.logicalIdsOfType('AWS::CloudWatch::Alarm')
      .filter((id) => (log.resource(id).Properties?.AlarmActions ?? []).map(referencedId).includes(topicId)).map((id) => log.arnOf(id)),
  };
}

function role(resolved: ResolvedTemplate, logicalId: string): Role {
  const props = resolved.properties(logicalId);
  const policies: { name: string; policy: any }[] = (props.Policies ?? [])
    .map((inline: any) => ({ name: inline.PolicyName, policy: inline.PolicyDocument }));
  const attached = (resolved.resource(logicalId).Properties?.ManagedPolicyArns ?? []).map(referencedId);
  for (const type of ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']) {
    for (const policyId of resolved.logicalIdsOfType(type)) {
      const roles = (resolved.resource(policyId).Properties?.Roles ?? []).map(referencedId);
      if (roles.includes(logicalId) || attached.includes(policyId)) {
        policies.push({ name: policyId, policy: resolved.properties(policyId).PolicyDocument });
      }
    }
  }
  return { arn: resolved.arnOf(logicalId), trustPolicy: props.AssumeRolePolicyDocument, policies };
}

/**
 * Finds the parts the way AWS does: the trail in the trail stack's template (an
 * `AWS::CloudTrail::Trail`, or a delegated administrator's CreateTrail call) names the bucket (by
 * its literal name) and the key; the log-archive template holds the bucket of that name and its
 * policy, the validator (the function whose ARCHIVE_BUCKET is that bucket) and the reader role.
 */
function splitSystem(placement: TrailKeyPlacement, trailTemplate: any, logTemplate: any, trailStackAccount = MANAGEMENT): SplitSystem {
  const trail = new DeployedSystem(trailTemplate, { account: trailStackAccount, region: REGION, partition: 'aws' }, { organizationId: ORGANIZATION_ID });
  const log = new ResolvedTemplate(logTemplate, { account: LOG, region: REGION, partition: 'aws' });
  const bucketId = log.logicalIdsOfType('AWS::S3::Bucket').find((id) => log.physicalName(id) === trail.archive.name);
  if (!bucketId) {
    throw new Error(`the log-archive template has no bucket named ${trail.archive.name}`);
  }
  const policyId = log.logicalIdsOfType('AWS::S3::BucketPolicy').find((id) => referencedId(log.resource(id).Properties?.Bucket) === bucketId)!;
  let key: KeyUnderTest;
  if (trail.trailKey.policy) {
    // The key beside the trail, in the trail stack's account.
    key = { arn: trail.trailKey.arn, account: trailStackAccount, policy: trail.trailKey.policy };
  } else {
    // The trail names the log-archive key by the literal ARN the user copied from the KeyArn output;
    // the template's key is that key.
    const [logKeyId] = log.logicalIdsOfType('AWS::KMS::Key').filter((id) => String(log.properties(id).Description).includes('organization trail'));
    key = { arn: log.arnOf(logKeyId), account: LOG, policy: log.properties(logKeyId).KeyPolicy };
    expect(trail.trailKey.arn).toMatch(new RegExp(`^arn:aws:kms:${REGION}:${LOG}:key/`));
  }
  const validatorFunction = log.logicalIdsOfType('AWS::Lambda::Function')
    .find((id) => referencedId(log.resource(id).Properties?.Environment?.Variables?.ARCHIVE_BUCKET) === bucketId)!;
  const roleNamed = (name: string) => log.logicalIdsOfType('AWS::IAM::Role').find((id) => log.physicalName(id) === name)!;
  return {
    placement,
    trailStackAccount,
    trailArn: trail.trailArn,
    trailName: trail.trailName,
    s3KeyPrefix: trail.s3KeyPrefix,
    archive: { name: trail.archive.name, arn: log.arnOf(bucketId), policy: log.properties(policyId).PolicyDocument },
    key,
    reader: role(log, roleNamed('log-reader')),
    queryUser: role(log, roleNamed('query-user')),
    validator: role(log, referencedId(log.resource(validatorFunction).Properties!.Role)!),
    alertTopic: alertTopicOf(log),
  };
}

// ---- request contexts, each key with its page ----

const TLS: ContextKey[] = [{ key: 'aws:SecureTransport', value: 'true', source: DOCS.globalKeys }];
const S3_TLS: ContextKey = { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion };

function cloudTrail(trailArn: string, page: string): ContextKey[] {
  return [
    ...TLS,
    { key: 'aws:PrincipalIsAWSService', value: 'true', source: DOCS.globalKeys },
    { key: 'aws:PrincipalServiceName', value: 'cloudtrail.amazonaws.com', source: DOCS.globalKeys },
    { key: 'aws:SourceArn', value: trailArn, source: page },
    // "the management account ID for an organization trail" (the key policy page).
    { key: 'aws:SourceAccount', value: trailArn.split(':')[4], source: page },
  ];
}

function iamCaller(arn: string, organizationId: string): ContextKey[] {
  return [
    ...TLS,
    { key: 'aws:PrincipalIsAWSService', value: 'false', source: DOCS.globalKeys },
    { key: 'aws:PrincipalArn', value: arn, source: DOCS.globalKeys },
    { key: 'aws:PrincipalAccount', value: arn.split(':')[4], source: DOCS.globalKeys },
    { key: 'aws:PrincipalOrgID', value: organizationId, source: DOCS.globalKeys },
  ];
}

function logsRoot(system: SplitSystem): string {
  return system.s3KeyPrefix ? `${system.s3KeyPrefix}/AWSLogs` : 'AWSLogs';
}

function memberLogObject(system: SplitSystem): string {
  return `${system.archive.arn}/${logsRoot(system)}/${ORGANIZATION_ID}/${MEMBER}/CloudTrail/${MEMBER_REGION}/2026/11/30/${MEMBER}_CloudTrail_${MEMBER_REGION}_20261130T1205Z_h8g7f6e5d4c3b2a1.json.gz`;
}

function memberDigestObject(system: SplitSystem): string {
  return `${system.archive.arn}/${logsRoot(system)}/${ORGANIZATION_ID}/${MEMBER}/CloudTrail-Digest/${MEMBER_REGION}/2026/11/30/${MEMBER}_CloudTrail-Digest_${MEMBER_REGION}_${system.trailName}_${REGION}_20261130T120000Z.json.gz`;
}

function managementLogObject(system: SplitSystem): string {
  return `${system.archive.arn}/${logsRoot(system)}/${MANAGEMENT}/CloudTrail/${REGION}/2026/11/30/${MANAGEMENT}_CloudTrail_${REGION}_20261130T1205Z_a1b2c3d4e5f6g7h8.json.gz`;
}

function trailArnOf(account: string, name: string): string {
  return `arn:aws:cloudtrail:${REGION}:${account}:trail/${name}`;
}

function cloudTrailPut(system: SplitSystem, object: string, trailArn: string, acl: string | undefined): FlowRequest {
  return {
    principal: 'cloudtrail.amazonaws.com',
    action: 's3:PutObject',
    resource: object,
    resourceAccount: LOG,
    context: [...cloudTrail(trailArn, DOCS.cloudTrailBucketPolicy), S3_TLS,
      ...(acl ? [{ key: 's3:x-amz-acl', value: acl, source: DOCS.cloudTrailBucketPolicy }] : [])],
    resourcePolicy: system.archive.policy,
  };
}

function cloudTrailKey(system: SplitSystem, action: string, trailArn: string, object: string): FlowRequest {
  return {
    principal: 'cloudtrail.amazonaws.com',
    action,
    resource: system.key.arn,
    resourceAccount: system.key.account,
    context: [...cloudTrail(trailArn, DOCS.cloudTrailKeyPolicy),
      { key: 'kms:EncryptionContext:aws:cloudtrail:arn', value: trailArn, source: DOCS.cloudTrailKeyPolicy },
      { key: 'kms:EncryptionContext:aws:s3:arn', value: object, source: DOCS.cloudTrailKeyPolicy }],
    resourcePolicy: system.key.policy,
  };
}

/** A principal of the log-archive account reading an object (same account as the bucket). */
function readObject(system: SplitSystem, caller: Role, object: string, organizationId = ORGANIZATION_ID): FlowRequest {
  return {
    principal: caller.arn,
    action: 's3:GetObject',
    resource: object,
    resourceAccount: LOG,
    context: [...iamCaller(caller.arn, organizationId), S3_TLS],
    identityPolicies: caller.policies,
    resourcePolicy: system.archive.policy,
  };
}

function listPrefix(system: SplitSystem, caller: Role, prefix: string): FlowRequest {
  return {
    principal: caller.arn,
    action: 's3:ListBucket',
    resource: system.archive.arn,
    resourceAccount: LOG,
    context: [...iamCaller(caller.arn, ORGANIZATION_ID), S3_TLS, { key: 's3:prefix', value: prefix, source: DOCS.s3TlsVersion }],
    identityPolicies: caller.policies,
    resourcePolicy: system.archive.policy,
  };
}

/** What S3 sends to KMS when a caller reads an SSE-KMS object: CloudTrail's data key, or the archive's Bucket Key. */
function decrypt(system: SplitSystem, caller: Role, context: 'cloudtrail' | 'bucket-key', options: { trailArn?: string; viaS3?: boolean } = {}): FlowRequest {
  const encryption: ContextKey[] = context === 'cloudtrail'
    ? [{ key: 'kms:EncryptionContext:aws:cloudtrail:arn', value: options.trailArn ?? system.trailArn, source: DOCS.cloudTrailKeyPolicy },
      { key: 'kms:EncryptionContext:aws:s3:arn', value: memberLogObject(system), source: DOCS.cloudTrailKeyPolicy }]
    : [{ key: 'kms:EncryptionContext:aws:s3:arn', value: system.archive.arn, source: DOCS.s3BucketKey }];
  return {
    principal: caller.arn,
    action: 'kms:Decrypt',
    resource: system.key.arn,
    resourceAccount: system.key.account,
    context: [
      ...iamCaller(caller.arn, ORGANIZATION_ID),
      ...(options.viaS3 === false ? [] : [{ key: 'kms:ViaService', value: `s3.${REGION}.amazonaws.com`, source: DOCS.kmsViaService }]),
      { key: 'kms:CallerAccount', value: caller.arn.split(':')[4], source: DOCS.kmsViaService },
      ...encryption,
    ],
    identityPolicies: caller.policies,
    resourcePolicy: system.key.policy,
  };
}

interface SplitFlow {
  readonly id: string;
  readonly kind: FlowKind;
  readonly proves: string;
  readonly requests: (system: SplitSystem) => FlowRequest[];
}

const LOG_ADMINISTRATOR: Role = { arn: `arn:aws:iam::${LOG}:role/Administrator`, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] };
const MANAGEMENT_ADMINISTRATOR: Role = { arn: `arn:aws:iam::${MANAGEMENT}:role/Administrator`, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] };
const OUTSIDER: Role = { arn: `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/Admin`, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] };

const labelled = (label: string) => (request: FlowRequest): FlowRequest => ({ ...request, label });

/** A service's request on the log-archive account's alert topic or its key, naming (or not) the rule or alarm it acts for. */
function topicRequest(service: string, action: string, resource: string, policy: { [key: string]: any }, source?: string): FlowRequest {
  return {
    principal: service,
    action,
    resource,
    resourceAccount: LOG,
    context: [
      ...TLS,
      { key: 'aws:PrincipalIsAWSService', value: 'true', source: DOCS.globalKeys },
      { key: 'aws:PrincipalServiceName', value: service, source: DOCS.globalKeys },
      ...(source ? [
        { key: 'aws:SourceArn', value: source, source: service === 'events.amazonaws.com' ? DOCS.eventBridgeToTopic : DOCS.alarmToTopic },
        { key: 'aws:SourceAccount', value: source.split(':')[4], source: service === 'events.amazonaws.com' ? DOCS.eventBridgeToTopic : DOCS.alarmToTopic },
      ] : []),
    ],
    resourcePolicy: policy,
  };
}

const SPLIT_FLOWS: SplitFlow[] = [
  // ---- CloudTrail (organization trail in the management account) → bucket in the log-archive account ----
  {
    id: 'org-trail-checks-log-archive-acl',
    kind: 'required',
    proves: 'CloudTrail, for the management account\'s trail, reads the log-archive bucket\'s ACL',
    requests: (system) => [{
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:GetBucketAcl',
      resource: system.archive.arn,
      resourceAccount: LOG,
      context: [...cloudTrail(system.trailArn, DOCS.cloudTrailBucketPolicy), S3_TLS],
      resourcePolicy: system.archive.policy,
    }],
  },
  {
    id: 'org-trail-writes-log-archive',
    kind: 'required',
    proves: 'CloudTrail writes the management account\'s and the members\' log and digest files into the log-archive bucket with bucket-owner-full-control',
    requests: (system) => [
      labelled('management account path')(cloudTrailPut(system, managementLogObject(system), system.trailArn, 'bucket-owner-full-control')),
      labelled('member log file')(cloudTrailPut(system, memberLogObject(system), system.trailArn, 'bucket-owner-full-control')),
      labelled('member digest file')(cloudTrailPut(system, memberDigestObject(system), system.trailArn, 'bucket-owner-full-control')),
    ],
  },
  {
    id: 'foreign-trail-writes-log-archive',
    kind: 'attack',
    proves: 'no other trail writes into the log-archive bucket: another trail of the management account, a trail of the log-archive or a member account, or a same-named trail of an account in another organization',
    requests: (system) => [
      labelled('other management trail')(cloudTrailPut(system, memberLogObject(system), trailArnOf(MANAGEMENT, 'other-trail'), 'bucket-owner-full-control')),
      labelled('log-archive account trail')(cloudTrailPut(system, memberLogObject(system), trailArnOf(LOG, system.trailName), 'bucket-owner-full-control')),
      labelled('member account trail')(cloudTrailPut(system, memberLogObject(system), trailArnOf(MEMBER, system.trailName), 'bucket-owner-full-control')),
      // A delegated administrator creates the trail, but the trail is the management account's: its own account's ARN is never sent.
      ...(system.trailStackAccount === MANAGEMENT ? [] : [labelled('delegated administrator\'s own trail ARN')(
        cloudTrailPut(system, memberLogObject(system), trailArnOf(system.trailStackAccount, system.trailName), 'bucket-owner-full-control'))]),
      labelled('other organization')(cloudTrailPut(system,
        `${system.archive.arn}/${logsRoot(system)}/${OUTSIDE_ACCOUNT}/CloudTrail/${REGION}/x.json.gz`, trailArnOf(OUTSIDE_ACCOUNT, system.trailName), 'bucket-owner-full-control')),
    ],
  },
  {
    id: 'org-trail-writes-log-archive-without-owner-acl',
    kind: 'attack',
    proves: 'even the trail cannot write without bucket-owner-full-control',
    requests: (system) => [cloudTrailPut(system, memberLogObject(system), system.trailArn, undefined)],
  },

  // ---- CloudTrail → the trail key, wherever it lives ----
  {
    id: 'org-trail-uses-key',
    kind: 'required',
    proves: 'CloudTrail generates data keys for this trail\'s files and describes the key, in whichever account the key lives',
    requests: (system) => [
      labelled('kms:GenerateDataKey')(cloudTrailKey(system, 'kms:GenerateDataKey', system.trailArn, memberLogObject(system))),
      labelled('kms:DescribeKey')({
        principal: 'cloudtrail.amazonaws.com',
        action: 'kms:DescribeKey',
        resource: system.key.arn,
        resourceAccount: system.key.account,
        context: cloudTrail(system.trailArn, DOCS.cloudTrailKeyPolicy),
        resourcePolicy: system.key.policy,
      }),
      labelled('kms:Decrypt for the Bucket Key')(cloudTrailKey(system, 'kms:Decrypt', system.trailArn, memberLogObject(system))),
    ],
  },
  {
    id: 'foreign-trail-uses-key',
    kind: 'attack',
    proves: 'a trail of another account (the log-archive account, the delegated administrator\'s own, another organization) cannot encrypt with the trail key',
    requests: (system) => [LOG, ...(system.trailStackAccount === MANAGEMENT ? [] : [system.trailStackAccount]), OUTSIDE_ACCOUNT].map((account) =>
      labelled(account)(cloudTrailKey(system, 'kms:GenerateDataKey', trailArnOf(account, system.trailName), memberLogObject(system)))),
  },

  // ---- readers and the validator in the log-archive account ----
  {
    id: 'log-archive-reader-reads-and-decrypts',
    kind: 'required',
    proves: 'a reader of the log-archive account (LogArchive.grantRead) reads log files and decrypts CloudTrail\'s data keys and the Bucket Key through S3',
    requests: (system) => [
      labelled('get log file')(readObject(system, system.reader, memberLogObject(system))),
      labelled('decrypt, CloudTrail context')(decrypt(system, system.reader, 'cloudtrail')),
      labelled('decrypt, Bucket Key context')(decrypt(system, system.reader, 'bucket-key')),
    ],
  },
  {
    id: 'log-archive-query-user-reads-through-athena',
    kind: 'required',
    proves: 'a query user of the log-archive account (LogArchive.grantQuery) reads log files through Athena and decrypts them, with the key in either account',
    requests: (system) => {
      const viaAthena: ContextKey = { key: 'aws:CalledVia', value: ['athena.amazonaws.com'], source: DOCS.forwardAccessSessions };
      const read = readObject(system, system.queryUser, memberLogObject(system));
      const decrypted = decrypt(system, system.queryUser, 'cloudtrail');
      return [
        labelled('get log file')({ ...read, context: [...read.context, viaAthena] }),
        labelled('decrypt, CloudTrail context')({ ...decrypted, context: [...decrypted.context, viaAthena] }),
      ];
    },
  },
  {
    id: 'log-archive-reader-decrypts-outside-s3',
    kind: 'attack',
    proves: 'the reader cannot use the Bucket Key context outside S3 (kms:ViaService)',
    requests: (system) => [decrypt(system, system.reader, 'bucket-key', { viaS3: false })],
  },
  {
    id: 'log-archive-account-decrypts-other-trails',
    kind: 'attack',
    proves: 'with the key beside the trail, the key policy lets the log-archive account decrypt only this trail\'s data keys, not another management-account trail\'s',
    requests: (system) => system.placement === TrailKeyPlacement.MANAGEMENT_ACCOUNT
      ? [decrypt(system, LOG_ADMINISTRATOR, 'cloudtrail', { trailArn: trailArnOf(MANAGEMENT, 'other-trail') })] : [],
  },
  {
    id: 'validator-in-log-archive-reads',
    kind: 'required',
    proves: 'ContinuousValidation in the log-archive account lists the organization path, reads digests and log files and decrypts them',
    requests: (system) => [
      labelled('get digest')(readObject(system, system.validator, memberDigestObject(system))),
      labelled('get log file')(readObject(system, system.validator, memberLogObject(system))),
      labelled('list accounts')(listPrefix(system, system.validator, `${logsRoot(system)}/${ORGANIZATION_ID}/`)),
      labelled('decrypt, CloudTrail context')(decrypt(system, system.validator, 'cloudtrail')),
      labelled('decrypt, Bucket Key context')(decrypt(system, system.validator, 'bucket-key')),
    ],
  },
  {
    id: 'validator-in-log-archive-writes',
    kind: 'attack',
    proves: 'the validator cannot write or delete log files, nor read outside the organization path',
    requests: (system) => [
      ...['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'].map((action) => labelled(action)({ ...readObject(system, system.validator, memberDigestObject(system)), action })),
      labelled('management account path')(readObject(system, system.validator, managementLogObject(system))),
    ],
  },
  {
    id: 'log-archive-administrator-shortens-archive',
    kind: 'attack',
    proves: 'an administrator of the log-archive account cannot delete log files or weaken the lifecycle (the archive guard)',
    requests: (system) => [
      labelled('s3:DeleteObjectVersion')({ ...readObject(system, LOG_ADMINISTRATOR, memberLogObject(system)), action: 's3:DeleteObjectVersion' }),
      labelled('s3:PutLifecycleConfiguration')({ ...readObject(system, LOG_ADMINISTRATOR, memberLogObject(system)), action: 's3:PutLifecycleConfiguration', resource: system.archive.arn }),
    ],
  },
  {
    id: 'log-archive-alerts-publish',
    kind: 'required',
    proves: 'in the log-archive account, the deleted-log-file rule and the validator\'s alarms publish to the alert topic, and SNS uses its key for them',
    requests: (system) => {
      const topic = system.alertTopic;
      if (!topic) {
        return [];
      }
      return [
        ...topic.ruleArns.map((rule) => labelled(rule.split(':rule/')[1])(topicRequest('events.amazonaws.com', 'sns:Publish', topic.arn, topic.policy, rule))),
        ...topic.alarmArns.map((alarm) => labelled(alarm.split(':alarm:')[1])(topicRequest('cloudwatch.amazonaws.com', 'sns:Publish', topic.arn, topic.policy, alarm))),
        // The SNS guide: source keys are not supported for EventBridge-to-encrypted topics, so EventBridge's key use carries none.
        ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => labelled(`EventBridge ${action}`)(topicRequest('events.amazonaws.com', action, topic.key.arn, topic.key.policy))),
        ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => labelled(`alarms ${action}`)(topicRequest('cloudwatch.amazonaws.com', action, topic.key.arn, topic.key.policy, topic.alarmArns[0]))),
      ];
    },
  },
  {
    id: 'foreign-source-publishes-log-archive-alerts',
    kind: 'attack',
    proves: 'a rule or an alarm of another account cannot publish to the log-archive account\'s alert topic',
    requests: (system) => {
      const topic = system.alertTopic;
      if (!topic) {
        return [];
      }
      return [
        labelled('rule')(topicRequest('events.amazonaws.com', 'sns:Publish', topic.arn, topic.policy, `arn:aws:events:${REGION}:${OUTSIDE_ACCOUNT}:rule/not-ours`)),
        labelled('alarm')(topicRequest('cloudwatch.amazonaws.com', 'sns:Publish', topic.arn, topic.policy, `arn:aws:cloudwatch:${REGION}:${OUTSIDE_ACCOUNT}:alarm:fake`)),
      ];
    },
  },
  {
    id: 'member-account-decrypts-with-trail-key',
    kind: 'attack',
    proves: 'an administrator of a member account of the organization (not the log-archive account) cannot decrypt this trail\'s files with the trail key, wherever it lives',
    requests: (system) => {
      const memberAdministrator: Role = { arn: `arn:aws:iam::${MEMBER}:role/Administrator`, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] };
      return [
        labelled('CloudTrail context')(decrypt(system, memberAdministrator, 'cloudtrail')),
        labelled('Bucket Key context')(decrypt(system, memberAdministrator, 'bucket-key')),
      ];
    },
  },
  {
    id: 'management-administrator-reads-log-archive',
    kind: 'attack',
    proves: 'an administrator of the management account cannot read the archive in the log-archive account (no bucket policy grant)',
    requests: (system) => [readObject(system, MANAGEMENT_ADMINISTRATOR, memberLogObject(system))],
  },
  {
    id: 'outsider-reads-log-archive',
    kind: 'attack',
    proves: 'an administrator of an account outside the organization can neither read the archive nor decrypt with the trail key',
    requests: (system) => [
      labelled('get')(readObject(system, OUTSIDER, memberLogObject(system), OUTSIDE_ORGANIZATION)),
      labelled('decrypt')({
        ...decrypt(system, OUTSIDER, 'cloudtrail'),
        context: [...iamCaller(OUTSIDER.arn, OUTSIDE_ORGANIZATION),
          { key: 'kms:ViaService', value: `s3.${REGION}.amazonaws.com`, source: DOCS.kmsViaService },
          { key: 'kms:EncryptionContext:aws:cloudtrail:arn', value: system.trailArn, source: DOCS.cloudTrailKeyPolicy }],
      }),
    ],
  },
];

// ---- the shapes ----

function template(stack: Stack): any {
  return App.of(stack)!.synth().getStackByName(stack.stackName).template;
}

function addReaders(archive: LogArchive, stack: Stack): void {
  archive.grantRead(new iam.Role(stack, 'LogReader', { roleName: 'log-reader', assumedBy: new iam.AccountRootPrincipal() }));
  archive.grantQuery(new iam.Role(stack, 'QueryUser', { roleName: 'query-user', assumedBy: new iam.AccountRootPrincipal() }));
}

const SHAPES: Array<[string, () => SplitSystem]> = [
  ['the example app\'s two-account variant (key beside the trail)', () => {
    const app = appWithExampleContext();
    const logStack = new LogArchiveStack(app, 'LogArchive', { env: LOG_ARCHIVE_ENV });
    const mgmtStack = new ManagementTrailStack(app, 'ManagementTrail', { env: EXAMPLE_ENV, archive: logStack.archive });
    addReaders(logStack.archive, logStack);
    return splitSystem(TrailKeyPlacement.MANAGEMENT_ACCOUNT, template(mgmtStack), template(logStack));
  }],
  ['the key in the log-archive account', () => {
    const app = new App();
    const logStack = new Stack(app, 'LogArchive', { env: LOG_ARCHIVE_ENV });
    const mgmtStack = new Stack(app, 'Management', { env: EXAMPLE_ENV });
    const archive = new LogArchive(logStack, 'LogArchive', {
      organizationId: ORGANIZATION_ID, managementAccount: MANAGEMENT, keyPlacement: TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT,
    });
    new ContinuousValidation(logStack, 'Validation', { archiveBucket: archive.bucket, encryptionKey: archive.encryptionKey, organizationId: ORGANIZATION_ID });
    addReaders(archive, logStack);
    new OrganizationTrail(mgmtStack, 'OrgTrail', {
      organizationId: ORGANIZATION_ID,
      logArchive: { ...archive.reference, keyArn: `arn:aws:kms:${REGION}:${LOG}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d` },
    });
    return splitSystem(TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT, template(mgmtStack), template(logStack));
  }],
  ['three accounts: a CloudTrail delegated administrator deploys the trail, its key beside it', () => {
    const app = new App();
    const logStack = new Stack(app, 'LogArchive', { env: LOG_ARCHIVE_ENV });
    const daStack = new Stack(app, 'DelegatedAdmin', { env: { account: DELEGATED_ADMIN, region: REGION } });
    const archive = new LogArchive(logStack, 'LogArchive', {
      organizationId: ORGANIZATION_ID, managementAccount: MANAGEMENT, trailDeploymentAccount: DELEGATED_ADMIN, s3KeyPrefix: 'cloudtrail',
    });
    new ContinuousValidation(logStack, 'Validation', {
      archiveBucket: archive.bucket, encryptionKey: archive.encryptionKey, organizationId: ORGANIZATION_ID, s3KeyPrefix: 'cloudtrail',
    });
    addReaders(archive, logStack);
    new OrganizationTrail(daStack, 'OrgTrail', {
      organizationId: ORGANIZATION_ID,
      deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: MANAGEMENT }),
      logArchive: archive.reference,
    });
    return splitSystem(TrailKeyPlacement.MANAGEMENT_ACCOUNT, template(daStack), template(logStack), DELEGATED_ADMIN);
  }],
];

describe.each(SHAPES)('log-archive flows: %s', (_name, build) => {
  const system = build();
  const cases = SPLIT_FLOWS.flatMap((flow) => flow.requests(system).map((request) => ({ flow, request })));

  test('the parts were found', () => {
    expect(system.archive.policy.Statement.length).toBeGreaterThan(3);
    expect(system.key.policy.Statement.length).toBeGreaterThan(3);
    expect(system.reader.policies.length).toBeGreaterThan(0);
    expect(system.queryUser.policies.length).toBeGreaterThan(0);
    expect(system.validator.policies.length).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThan(20);
  });

  test('the trail is the management account\'s, and the key beside it lives in the trail stack\'s account', () => {
    expect(system.trailArn).toEqual(trailArnOf(MANAGEMENT, system.trailName));
    expect(system.key.arn.split(':')[4]).toEqual(system.placement === TrailKeyPlacement.MANAGEMENT_ACCOUNT ? system.trailStackAccount : LOG);
  });

  test('the example\'s log-archive alert topic was found with its rule and the validator\'s two alarms', () => {
    if (system.trailStackAccount !== MANAGEMENT) {
      expect(system.alertTopic).toBeUndefined();
    } else if (system.placement === TrailKeyPlacement.MANAGEMENT_ACCOUNT) {
      expect(system.alertTopic?.ruleArns).toHaveLength(1);
      expect(system.alertTopic?.alarmArns).toHaveLength(2);
    } else {
      expect(system.alertTopic).toBeUndefined();
    }
  });

  testFlowCases(cases);
});

describe('the flows depend on the statements they claim to prove', () => {
  const build = SHAPES[0][1];

  async function decision(mutate: (system: SplitSystem) => SplitSystem, flowId: string): Promise<string[]> {
    const system = mutate(build());
    const flow = SPLIT_FLOWS.find((candidate) => candidate.id === flowId)!;
    return Promise.all(flow.requests(system).map(async (request) => (await simulate(toSimulation(request))).decision));
  }

  const withoutStatements = (document: any, sid: string) => ({
    ...document,
    Statement: document.Statement.filter((statement: any) => !String(statement.Sid).startsWith(sid)),
  });

  test('without the log-archive account\'s statements in the key policy, readers in the log-archive account cannot decrypt', async () => {
    const outcomes = await decision(
      (system) => ({ ...system, key: { ...system.key, policy: withoutStatements(system.key.policy, 'AllowLogArchiveAccount') } }),
      'log-archive-reader-reads-and-decrypts');
    expect(outcomes).toEqual(['Allowed', 'ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  test('three accounts: readers whose IAM policies name the management account\'s keys (not the delegated administrator\'s) cannot decrypt', async () => {
    const system = SHAPES[2][1]();
    expect(system.key.account).toEqual(DELEGATED_ADMIN);
    const naming = (account: string) => (reader: Role): Role => ({
      ...reader,
      policies: reader.policies.map((policy) => JSON.parse(JSON.stringify(policy).split(`:kms:${REGION}:${DELEGATED_ADMIN}:`).join(`:kms:${REGION}:${account}:`))),
    });
    const flow = SPLIT_FLOWS.find((candidate) => candidate.id === 'log-archive-reader-reads-and-decrypts')!;
    const outcomes = async (reader: Role) => Promise.all(flow.requests({ ...system, reader })
      .map(async (request) => (await simulate(toSimulation(request))).decision));
    expect(await outcomes(system.reader)).toEqual(['Allowed', 'Allowed', 'Allowed']);
    expect(await outcomes(naming(MANAGEMENT)(system.reader))).toEqual(['Allowed', 'ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  test('without aws:SourceArn on the write statements, a member account\'s trail could write', async () => {
    const outcomes = await decision((system) => ({
      ...system,
      archive: {
        ...system.archive,
        policy: {
          ...system.archive.policy,
          Statement: system.archive.policy.Statement.map((statement: any) => String(statement.Sid).startsWith('AWSCloudTrail')
            ? { ...statement, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } } : statement),
        },
      },
    }), 'foreign-trail-writes-log-archive');
    expect(outcomes).toContain('Allowed');
  });
});
