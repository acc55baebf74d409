import { DeployedSystem, Forwarding, Role } from './deployed-system';
import { DOCS } from './docs';
import { NamedPolicy, SimulationRequest } from './simulator';

/**
 * The service flows: every request the deployed pipeline depends on ("required": must be allowed)
 * and every request an attacker would try ("attack": must be denied), as data. Each flow names its
 * principal, action and resource, the context keys the calling service sends on that request with
 * the AWS page that says so, and the policies AWS would evaluate. Flows that do not apply to a stack
 * shape (no log group, no fan-out, an imported bucket) say so by returning no request.
 */

export const MANAGEMENT_ACCOUNT = '111111111111';
export const MEMBER_ACCOUNT = '222222222222';
export const OUTSIDE_ACCOUNT = '999999999999';
export const OUTSIDE_ORGANIZATION = 'o-zz9988776655';
export const MEMBER_REGION = 'eu-west-1';

export type FlowKind = 'required' | 'attack';

/** A context key the request carries, and the page that says the service sends it. */
export interface ContextKey {
  readonly key: string;
  readonly value: string | string[];
  readonly source: string;
}

export interface FlowRequest {
  /** What distinguishes this request among the flow's requests (a rule, a path), if several. */
  readonly label?: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context: ContextKey[];
  readonly identityPolicies?: NamedPolicy[];
  readonly resourcePolicy?: { [key: string]: any };
}

export interface ServiceFlow {
  readonly id: string;
  readonly kind: FlowKind;
  /** What the flow proves, in one line (README's table). */
  readonly proves: string;
  /** Where the documentation leaves the expectation open; README lists these. */
  readonly uncertain?: string;
  /** The requests, or an empty list when the flow does not apply to this stack. */
  readonly requests: (system: DeployedSystem, extras: FlowExtras) => FlowRequest[];
}

/** Principals a test stack adds beside the component (readers of `grantRead` / `grantQuery`). */
export interface FlowExtras {
  readonly logReader?: Role;
  readonly queryUser?: Role;
  /** A principal of the management account with broad read-only rights and no grant of ours. */
  readonly readOnlyAuditor: Role;
  /** An administrator of the management account (AdministratorAccess-like identity policy). */
  readonly administrator: Role;
  /** A break-glass principal named in the archive guard, if the stack has one. */
  readonly breakGlass?: Role;
}

export function toSimulation(request: FlowRequest): SimulationRequest {
  return {
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    resourceAccount: request.resourceAccount,
    context: Object.fromEntries(request.context.map((entry) => [entry.key, entry.value])),
    identityPolicies: request.identityPolicies,
    resourcePolicy: request.resourcePolicy,
  };
}

// ---- request contexts, each key with its page ----

function tls(): ContextKey[] {
  return [
    { key: 'aws:SecureTransport', value: 'true', source: DOCS.globalKeys },
  ];
}

function s3Tls(): ContextKey[] {
  return [...tls(), { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }];
}

/** What a service principal's request carries about itself and on whose behalf it acts. */
function servicePrincipal(service: string, source: { arn?: string; account?: string }, page: string): ContextKey[] {
  return [
    ...tls(),
    { key: 'aws:PrincipalIsAWSService', value: 'true', source: DOCS.globalKeys },
    { key: 'aws:PrincipalServiceName', value: service, source: DOCS.globalKeys },
    ...(source.arn ? [{ key: 'aws:SourceArn', value: source.arn, source: page }] : []),
    ...(source.account ? [{ key: 'aws:SourceAccount', value: source.account, source: page }] : []),
  ];
}

/** What an IAM principal's request carries about the caller. */
function iamPrincipal(arn: string, organizationId: string | undefined): ContextKey[] {
  const account = arn.split(':')[4];
  return [
    ...tls(),
    { key: 'aws:PrincipalIsAWSService', value: 'false', source: DOCS.globalKeys },
    { key: 'aws:PrincipalArn', value: arn, source: DOCS.globalKeys },
    { key: 'aws:PrincipalAccount', value: account, source: DOCS.globalKeys },
    ...(organizationId ? [{ key: 'aws:PrincipalOrgID', value: organizationId, source: DOCS.globalKeys }] : []),
  ];
}

// ---- names and paths ----

function partitionOf(system: DeployedSystem): string {
  return system.template.env.partition;
}

function region(system: DeployedSystem): string {
  return system.template.env.region;
}

function logsRoot(system: DeployedSystem): string {
  return system.s3KeyPrefix ? `${system.s3KeyPrefix}/AWSLogs` : 'AWSLogs';
}

/** A log file of the management account on the account-trail path (kept by the docs' policy). */
function managementLogObject(system: DeployedSystem): string {
  const home = region(system);
  return `${system.archive.arn}/${logsRoot(system)}/${MANAGEMENT_ACCOUNT}/CloudTrail/${home}/2026/11/30/${MANAGEMENT_ACCOUNT}_CloudTrail_${home}_20261130T1205Z_a1b2c3d4e5f6g7h8.json.gz`;
}

/** A member account's log file on the organization path. */
function memberLogObject(system: DeployedSystem): string {
  return `${system.archive.arn}/${logsRoot(system)}/${system.organizationId}/${MEMBER_ACCOUNT}/CloudTrail/${MEMBER_REGION}/2026/11/30/${MEMBER_ACCOUNT}_CloudTrail_${MEMBER_REGION}_20261130T1205Z_h8g7f6e5d4c3b2a1.json.gz`;
}

/** A member account's digest file on the organization path. */
function memberDigestObject(system: DeployedSystem): string {
  return `${system.archive.arn}/${logsRoot(system)}/${system.organizationId}/${MEMBER_ACCOUNT}/CloudTrail-Digest/${MEMBER_REGION}/2026/11/30/${MEMBER_ACCOUNT}_CloudTrail-Digest_${MEMBER_REGION}_${system.trailName}_${region(system)}_20261130T120000Z.json.gz`;
}

function otherTrailArn(system: DeployedSystem, account: string = MANAGEMENT_ACCOUNT, name: string = 'other-trail'): string {
  return `arn:${partitionOf(system)}:cloudtrail:${region(system)}:${account}:trail/${name}`;
}

function logGroupArnWithoutStar(system: DeployedSystem): string | undefined {
  return system.logGroupArn?.replace(/:\*$/, '');
}

/** CloudTrail's request to encrypt an object: its trail, and the encryption context it documents. */
function cloudTrailEncryptionContext(trailArn: string, objectArn: string): ContextKey[] {
  return [
    ...servicePrincipal('cloudtrail.amazonaws.com', { arn: trailArn, account: trailArn.split(':')[4] }, DOCS.cloudTrailKeyPolicy),
    { key: 'kms:EncryptionContext:aws:cloudtrail:arn', value: trailArn, source: DOCS.cloudTrailKeyPolicy },
    { key: 'kms:EncryptionContext:aws:s3:arn', value: objectArn, source: DOCS.cloudTrailKeyPolicy },
  ];
}

function cloudTrailPut(system: DeployedSystem, objectArn: string, trailArn: string, acl: string | undefined): FlowRequest[] {
  if (!system.archive.policy) {
    return [];
  }
  return [{
    principal: 'cloudtrail.amazonaws.com',
    action: 's3:PutObject',
    resource: objectArn,
    resourceAccount: MANAGEMENT_ACCOUNT,
    context: [
      ...servicePrincipal('cloudtrail.amazonaws.com', { arn: trailArn, account: trailArn.split(':')[4] }, DOCS.cloudTrailBucketPolicy),
      { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion },
      ...(acl ? [{ key: 's3:x-amz-acl', value: acl, source: DOCS.cloudTrailBucketPolicy }] : []),
    ],
    resourcePolicy: system.archive.policy,
  }];
}

function trailKeyRequest(
  system: DeployedSystem, principal: string, action: string, context: ContextKey[], identityPolicies?: NamedPolicy[],
): FlowRequest[] {
  if (!system.trailKey.policy) {
    return [];
  }
  const resourcePolicy = system.trailKey.policy;
  return [{ principal, action, resource: system.trailKey.arn, resourceAccount: MANAGEMENT_ACCOUNT, context, identityPolicies, resourcePolicy }];
}

/** What S3 sends to KMS when a caller reads an SSE-KMS object CloudTrail wrote (through S3: kms:ViaService). */
function readThroughS3Context(system: DeployedSystem, caller: string, objectArn: string): ContextKey[] {
  return [
    ...iamPrincipal(caller, system.organizationId),
    { key: 'kms:ViaService', value: `s3.${region(system)}.amazonaws.com`, source: DOCS.kmsViaService },
    { key: 'kms:CallerAccount', value: caller.split(':')[4], source: DOCS.kmsViaService },
    { key: 'kms:EncryptionContext:aws:cloudtrail:arn', value: system.trailArn, source: DOCS.cloudTrailKeyPolicy },
    { key: 'kms:EncryptionContext:aws:s3:arn', value: objectArn, source: DOCS.cloudTrailKeyPolicy },
  ];
}

/** The requests that would shorten the archive, each on the resource it acts on. */
function archiveShortening(system: DeployedSystem): [string, string][] {
  const object = memberLogObject(system);
  return [
    ['s3:DeleteObject', object],
    ['s3:DeleteObjectVersion', object],
    ['s3:BypassGovernanceRetention', object],
    ['s3:PutLifecycleConfiguration', system.archive.arn],
    ['s3:PutBucketVersioning', system.archive.arn],
    ['s3:PutBucketObjectLockConfiguration', system.archive.arn],
    ['s3:DeleteBucket', system.archive.arn],
  ];
}

/**
 * The forwarder role of a member account putting events on the central bus: as a rule's forwarding
 * (`events:eventBusInvocation` true) or as a direct PutEvents call (false).
 */
function forwarderPutEvents(system: DeployedSystem, forwarding: Forwarding, eventBusInvocation: 'true' | 'false'): FlowRequest {
  return {
    principal: forwarding.role.arn,
    action: 'events:PutEvents',
    resource: forwarding.targetBusArn,
    resourceAccount: MANAGEMENT_ACCOUNT,
    context: [...iamPrincipal(forwarding.role.arn, system.organizationId),
      { key: 'events:eventBusInvocation', value: eventBusInvocation, source: DOCS.eventBridgeConditions }],
    identityPolicies: forwarding.role.policies,
    resourcePolicy: system.centralBus!.policy,
  };
}

/**
 * A service principal's request on a resource of the management account, decided by that
 * resource's policy, with what the service says about on whose behalf it acts.
 */
function serviceRequest(
  service: string, action: string, resource: string, resourcePolicy: { [key: string]: any } | undefined,
  source: { arn?: string; account?: string }, page: string,
): FlowRequest {
  const context = servicePrincipal(service, source, page);
  return { principal: service, action, resource, resourceAccount: MANAGEMENT_ACCOUNT, context, resourcePolicy };
}

/** The same context, sent over plain HTTP. */
function withoutTlsContext(context: ContextKey[]): ContextKey[] {
  return context.map((entry) => entry.key === 'aws:SecureTransport' ? { ...entry, value: 'false' } : entry);
}

/** The same request, sent over plain HTTP. */
function withoutTls(request: FlowRequest): FlowRequest {
  return { ...request, context: withoutTlsContext(request.context) };
}

/** A rule that is not the component's, in `account`. */
function foreignRuleArn(system: DeployedSystem, account: string): string {
  return `arn:${partitionOf(system)}:events:${region(system)}:${account}:rule/not-ours`;
}

/** An alarm of an account outside the organization. */
function foreignAlarmArn(system: DeployedSystem): string {
  return `arn:${partitionOf(system)}:cloudwatch:${region(system)}:${OUTSIDE_ACCOUNT}:alarm:fake`;
}

/** What S3 sends to KMS for the archive's S3 Bucket Key: the bucket ARN as encryption context. */
function bucketKeyContext(system: DeployedSystem, caller: string): ContextKey[] {
  return [
    ...iamPrincipal(caller, system.organizationId),
    { key: 'kms:ViaService', value: `s3.${region(system)}.amazonaws.com`, source: DOCS.kmsViaService },
    { key: 'kms:CallerAccount', value: caller.split(':')[4], source: DOCS.kmsViaService },
    { key: 'kms:EncryptionContext:aws:s3:arn', value: system.archive.arn, source: DOCS.s3BucketKey },
  ];
}

function s3Read(system: DeployedSystem, role: Role | undefined, objectArn: string, context?: ContextKey[]): FlowRequest[] {
  if (!role) {
    return [];
  }
  return [{
    principal: role.arn,
    action: 's3:GetObject',
    resource: objectArn,
    resourceAccount: MANAGEMENT_ACCOUNT,
    context: context ?? [...iamPrincipal(role.arn, system.organizationId), { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }],
    identityPolicies: role.policies,
    resourcePolicy: system.archive.policy,
  }];
}

/** A request of the continuous validator's role (its identity policies; the resource's policy when it has one). */
function validatorRequest(
  system: DeployedSystem, action: string, resource: string, resourcePolicy: { [key: string]: any } | undefined, extra: ContextKey[] = [],
): FlowRequest[] {
  if (!system.validator) {
    return [];
  }
  const role = system.validator.role;
  return [{
    principal: role.arn,
    action,
    resource,
    resourceAccount: MANAGEMENT_ACCOUNT,
    context: [...iamPrincipal(role.arn, system.organizationId), ...extra],
    identityPolicies: role.policies,
    resourcePolicy,
  }];
}

/** `ListObjectsV2` under a prefix: S3 sends the prefix as s3:prefix. */
function listPrefix(prefix: string): ContextKey[] {
  return [{ key: 's3:prefix', value: prefix, source: DOCS.s3TlsVersion }, { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }];
}

function checkpointObject(system: DeployedSystem): string {
  return `${system.validator!.stateBucket.arn}/checkpoints/${encodeURIComponent(`${logsRoot(system)}/${system.organizationId}/${MEMBER_ACCOUNT}/CloudTrail-Digest/${MEMBER_REGION}/#${system.trailName}#us-east-1#standard`)}.json`;
}

export const SERVICE_FLOWS: ServiceFlow[] = [
  // ---- CloudTrail → archive ----
  {
    id: 'cloudtrail-checks-archive-acl',
    kind: 'required',
    proves: 'CloudTrail reads the archive bucket\'s ACL for this trail (checked at CreateTrail and before delivery)',
    requests: (system) => system.archive.policy ? [{
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:GetBucketAcl',
      resource: system.archive.arn,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [...servicePrincipal('cloudtrail.amazonaws.com', { arn: system.trailArn, account: MANAGEMENT_ACCOUNT }, DOCS.cloudTrailBucketPolicy),
        { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }],
      resourcePolicy: system.archive.policy,
    }] : [],
  },
  {
    id: 'cloudtrail-writes-management-account-logs',
    kind: 'required',
    proves: 'CloudTrail writes the management account\'s log files under [prefix/]AWSLogs/<management account>/ with bucket-owner-full-control',
    requests: (system) => cloudTrailPut(system, managementLogObject(system), system.trailArn, 'bucket-owner-full-control'),
  },
  {
    id: 'cloudtrail-writes-organization-logs',
    kind: 'required',
    proves: 'CloudTrail writes member accounts\' log and digest files under [prefix/]AWSLogs/<organization id>/',
    requests: (system) => [
      ...cloudTrailPut(system, memberLogObject(system), system.trailArn, 'bucket-owner-full-control').map((request) => ({ ...request, label: 'log file' })),
      ...cloudTrailPut(system, memberDigestObject(system), system.trailArn, 'bucket-owner-full-control').map((request) => ({ ...request, label: 'digest file' })),
    ],
  },
  {
    id: 'other-trail-writes-archive',
    kind: 'attack',
    proves: 'another trail of the management account cannot write into the archive (aws:SourceArn)',
    requests: (system) => cloudTrailPut(system, memberLogObject(system), otherTrailArn(system), 'bucket-owner-full-control'),
  },
  {
    id: 'other-account-trail-writes-archive',
    kind: 'attack',
    proves: 'a trail of an account outside the organization cannot write into the archive, not even under its own AWSLogs/<account>/ path',
    requests: (system) => {
      const outsideObject = `${system.archive.arn}/${logsRoot(system)}/${OUTSIDE_ACCOUNT}/CloudTrail/${region(system)}/2026/11/30/${OUTSIDE_ACCOUNT}_CloudTrail_${region(system)}_20261130T1205Z_x.json.gz`;
      return cloudTrailPut(system, outsideObject, otherTrailArn(system, OUTSIDE_ACCOUNT, system.trailName), 'bucket-owner-full-control');
    },
  },
  {
    id: 'cloudtrail-writes-without-owner-acl',
    kind: 'attack',
    proves: 'a PutObject without the bucket-owner-full-control ACL is refused (the documented s3:x-amz-acl condition)',
    requests: (system) => cloudTrailPut(system, memberLogObject(system), system.trailArn, undefined),
  },
  {
    id: 'cloudtrail-writes-outside-prefix',
    kind: 'attack',
    proves: 'with a key prefix, even this trail cannot write outside <prefix>/AWSLogs/',
    requests: (system) => system.s3KeyPrefix
      ? cloudTrailPut(system, `${system.archive.arn}/AWSLogs/${system.organizationId}/${MEMBER_ACCOUNT}/CloudTrail/${MEMBER_REGION}/x.json.gz`, system.trailArn, 'bucket-owner-full-control')
      : [],
  },

  // ---- CloudTrail → trail key ----
  {
    id: 'cloudtrail-generates-data-keys',
    kind: 'required',
    proves: 'CloudTrail generates data keys for this trail\'s log and digest files (aws:SourceArn and the aws:cloudtrail:arn encryption context)',
    requests: (system) => ['kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'].flatMap((action) =>
      trailKeyRequest(system, 'cloudtrail.amazonaws.com', action, cloudTrailEncryptionContext(system.trailArn, memberLogObject(system)))
        .map((request) => ({ ...request, label: action }))),
  },
  {
    id: 'cloudtrail-describes-key',
    kind: 'required',
    proves: 'CloudTrail describes the key when the trail is created or updated',
    requests: (system) => trailKeyRequest(system, 'cloudtrail.amazonaws.com', 'kms:DescribeKey',
      servicePrincipal('cloudtrail.amazonaws.com', { arn: system.trailArn, account: MANAGEMENT_ACCOUNT }, DOCS.cloudTrailKeyPolicy)),
  },
  {
    id: 'cloudtrail-decrypts-with-bucket-key',
    kind: 'required',
    proves: 'CloudTrail decrypts with the key for this trail (the documented "Allow CloudTrail to decrypt a trail" statement, no encryption-context condition), which it needs because the archive uses an S3 Bucket Key with the trail key',
    uncertain: 'The CloudTrail guide\'s statement has no encryption-context condition, and no page says whether this Decrypt carries aws:SourceArn: the flow runs with it and without it, and neither may be denied.',
    requests: (system) => [
      ...trailKeyRequest(system, 'cloudtrail.amazonaws.com', 'kms:Decrypt',
        servicePrincipal('cloudtrail.amazonaws.com', { arn: system.trailArn, account: MANAGEMENT_ACCOUNT }, DOCS.cloudTrailKeyPolicy))
        .map((request) => ({ ...request, label: 'with aws:SourceArn' })),
      ...trailKeyRequest(system, 'cloudtrail.amazonaws.com', 'kms:Decrypt',
        [...servicePrincipal('cloudtrail.amazonaws.com', {}, DOCS.cloudTrailKeyPolicy),
          { key: 'kms:EncryptionContext:aws:s3:arn', value: system.archive.arn, source: DOCS.s3BucketKey }])
        .map((request) => ({ ...request, label: 'without source keys, Bucket Key context' })),
    ],
  },
  {
    id: 'other-trail-uses-key',
    kind: 'attack',
    proves: 'another trail (same account or another) cannot encrypt or decrypt with the trail key',
    requests: (system) => [otherTrailArn(system), otherTrailArn(system, OUTSIDE_ACCOUNT, system.trailName)].flatMap((trail) =>
      ['kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) =>
        trailKeyRequest(system, 'cloudtrail.amazonaws.com', action, cloudTrailEncryptionContext(trail, memberLogObject(system)))
          .map((request) => ({ ...request, label: `${action} for ${trail.split(':')[4]}` })))),
  },

  // ---- CloudWatch Logs delivery ----
  {
    id: 'cloudtrail-assumes-delivery-role',
    kind: 'required',
    proves: 'CloudTrail assumes the delivery role for this trail, whether or not its request names the trail',
    uncertain: 'No AWS page shows a delivery-role trust policy with aws:SourceArn/aws:SourceAccount, and users report delivery breaking with them (prowler-cloud/prowler#4714): the flow runs with the keys and without them.',
    requests: (system) => system.deliveryRole ? [true, false].map((withKeys) => ({
      label: withKeys ? 'with source keys' : 'without source keys',
      principal: 'cloudtrail.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: system.deliveryRole!.arn,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: servicePrincipal('cloudtrail.amazonaws.com', withKeys ? { arn: system.trailArn, account: MANAGEMENT_ACCOUNT } : {}, DOCS.cloudTrailConfusedDeputy),
      resourcePolicy: system.deliveryRole!.trustPolicy,
    })) : [],
  },
  {
    id: 'other-trail-assumes-delivery-role',
    kind: 'attack',
    proves: 'CloudTrail acting for another trail (confused deputy) cannot assume the delivery role',
    requests: (system) => system.deliveryRole ? [otherTrailArn(system), otherTrailArn(system, OUTSIDE_ACCOUNT, system.trailName)].map((trail) => ({
      label: trail.split(':')[4],
      principal: 'cloudtrail.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: system.deliveryRole!.arn,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: servicePrincipal('cloudtrail.amazonaws.com', { arn: trail, account: trail.split(':')[4] }, DOCS.cloudTrailConfusedDeputy),
      resourcePolicy: system.deliveryRole!.trustPolicy,
    })) : [],
  },
  {
    id: 'delivery-role-writes-log-streams',
    kind: 'required',
    proves: 'the delivery role creates and writes the management account\'s stream and every member\'s stream',
    requests: (system) => {
      const group = logGroupArnWithoutStar(system);
      if (!system.deliveryRole || !group) {
        return [];
      }
      const streams = [
        `${MANAGEMENT_ACCOUNT}_CloudTrail_${region(system)}`,
        `${system.organizationId}_${MEMBER_ACCOUNT}_CloudTrail_${region(system)}`,
      ];
      return streams.flatMap((stream) => ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({
        label: `${action} ${stream}`,
        principal: system.deliveryRole!.arn,
        action,
        resource: `${group}:log-stream:${stream}`,
        resourceAccount: MANAGEMENT_ACCOUNT,
        context: iamPrincipal(system.deliveryRole!.arn, system.organizationId),
        identityPolicies: system.deliveryRole!.policies,
      })));
    },
  },
  {
    id: 'delivery-role-uses-log-group-key',
    kind: 'required',
    proves: 'the delivery role may have CloudWatch Logs use the trail key for its log group (only through CloudWatch Logs, only that group)',
    uncertain: 'No CloudTrail page says whether PutLogEvents into a KMS-encrypted group needs KMS rights on the caller; AWS\'s managed policy for direct PutLogEvents callers (CloudWatchLogsAPIKeyAccess) grants them, so the component does too.',
    requests: (system) => {
      const group = logGroupArnWithoutStar(system);
      if (!system.deliveryRole || !group || !system.template.logicalIdsOfType('AWS::Logs::LogGroup').length) {
        return [];
      }
      return ['kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) => trailKeyRequest(system, system.deliveryRole!.arn, action, [
        ...iamPrincipal(system.deliveryRole!.arn, system.organizationId),
        { key: 'kms:ViaService', value: `logs.${region(system)}.amazonaws.com`, source: DOCS.logsApiKeyPolicy },
        { key: 'kms:EncryptionContext:aws:logs:arn', value: group, source: DOCS.logsKeyPolicy },
      ], system.deliveryRole!.policies).map((request) => ({ ...request, label: action })));
    },
  },
  {
    id: 'delivery-role-uses-key-outside-logs',
    kind: 'attack',
    proves: 'the delivery role cannot use the trail key directly or to decrypt the archive',
    requests: (system) => system.deliveryRole ? [
      ...trailKeyRequest(system, system.deliveryRole.arn, 'kms:Decrypt', readThroughS3Context(system, system.deliveryRole.arn, memberLogObject(system)),
        system.deliveryRole.policies).map((request) => ({ ...request, label: 'archive through S3' })),
    ] : [],
  },
  {
    id: 'delivery-role-writes-other-log-group',
    kind: 'attack',
    proves: 'the delivery role cannot write to any other log group',
    requests: (system) => system.deliveryRole ? [{
      principal: system.deliveryRole.arn,
      action: 'logs:PutLogEvents',
      resource: `arn:${partitionOf(system)}:logs:${region(system)}:${MANAGEMENT_ACCOUNT}:log-group:other-group:log-stream:${MANAGEMENT_ACCOUNT}_CloudTrail_${region(system)}`,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: iamPrincipal(system.deliveryRole.arn, system.organizationId),
      identityPolicies: system.deliveryRole.policies,
    }] : [],
  },
  {
    id: 'cloudwatch-logs-uses-key',
    kind: 'required',
    proves: 'CloudWatch Logs encrypts and decrypts the trail\'s log group with the trail key (aws:logs:arn encryption context)',
    requests: (system) => {
      const group = logGroupArnWithoutStar(system);
      if (!group || !system.trailKey.policy || !system.template.logicalIdsOfType('AWS::Logs::LogGroup').length) {
        return [];
      }
      const service = `logs.${region(system)}.amazonaws.com`;
      // DescribeKey is left out: the guide's statement grants kms:Describe* under the same
      // encryption-context condition, which a DescribeKey request (no context) can never meet.
      return ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:ReEncryptFrom'].flatMap((action) =>
        trailKeyRequest(system, service, action, [
          ...servicePrincipal(service, {}, DOCS.logsKeyPolicy),
          { key: 'kms:EncryptionContext:aws:logs:arn', value: group, source: DOCS.logsKeyPolicy },
        ]).map((request) => ({ ...request, label: action })));
    },
  },
  {
    id: 'other-log-group-uses-key',
    kind: 'attack',
    proves: 'CloudWatch Logs cannot use the trail key for any other log group',
    requests: (system) => {
      const service = `logs.${region(system)}.amazonaws.com`;
      const other = `arn:${partitionOf(system)}:logs:${region(system)}:${MANAGEMENT_ACCOUNT}:log-group:other-group`;
      return ['kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) => trailKeyRequest(system, service, action, [
        ...servicePrincipal(service, {}, DOCS.logsKeyPolicy),
        { key: 'kms:EncryptionContext:aws:logs:arn', value: other, source: DOCS.logsKeyPolicy },
      ]).map((request) => ({ ...request, label: action })));
    },
  },

  // ---- S3 server access logging ----
  {
    id: 'server-access-logging-delivers',
    kind: 'required',
    proves: 'S3 server access logging delivers the archive\'s access logs to the access-log bucket',
    requests: (system) => system.accessLogs?.policy ? [{
      principal: 'logging.s3.amazonaws.com',
      action: 's3:PutObject',
      resource: `${system.accessLogs.arn}/archive/2026-11-30-12-00-00-ABCDEF0123456789`,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [...servicePrincipal('logging.s3.amazonaws.com', { arn: system.archive.arn, account: MANAGEMENT_ACCOUNT }, DOCS.serverAccessLogging),
        { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }],
      resourcePolicy: system.accessLogs.policy,
    }] : [],
  },
  {
    id: 'other-bucket-logs-into-access-log-bucket',
    kind: 'attack',
    proves: 'another bucket\'s server access logs cannot be delivered into the access-log bucket',
    requests: (system) => system.accessLogs?.policy ? [{
      principal: 'logging.s3.amazonaws.com',
      action: 's3:PutObject',
      resource: `${system.accessLogs.arn}/archive/2026-11-30-12-00-00-ABCDEF0123456789`,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: servicePrincipal('logging.s3.amazonaws.com', { arn: `arn:${partitionOf(system)}:s3:::someone-elses-bucket`, account: OUTSIDE_ACCOUNT }, DOCS.serverAccessLogging),
      resourcePolicy: system.accessLogs.policy,
    }] : [],
  },

  // ---- delivery notifications ----
  {
    id: 'cloudtrail-notifies-delivery-topic',
    kind: 'required',
    proves: 'CloudTrail publishes delivery notifications to the trail\'s topic and uses its key',
    requests: (system) => {
      const topic = system.deliveryTopic;
      if (!topic?.policy) {
        return [];
      }
      const context = servicePrincipal('cloudtrail.amazonaws.com', { arn: system.trailArn, account: MANAGEMENT_ACCOUNT }, DOCS.cloudTrailSns);
      return [
        { label: 'sns:Publish', principal: 'cloudtrail.amazonaws.com', action: 'sns:Publish', resource: topic.arn, resourceAccount: MANAGEMENT_ACCOUNT, context, resourcePolicy: topic.policy },
        ...(topic.key?.policy ? ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => ({
          label: action, principal: 'cloudtrail.amazonaws.com', action, resource: topic.key!.arn, resourceAccount: MANAGEMENT_ACCOUNT, context, resourcePolicy: topic.key!.policy,
        })) : []),
      ];
    },
  },
  {
    id: 'other-trail-notifies-delivery-topic',
    kind: 'attack',
    proves: 'another trail cannot publish to the delivery topic or use its key',
    requests: (system) => {
      const topic = system.deliveryTopic;
      if (!topic?.policy) {
        return [];
      }
      const context = servicePrincipal('cloudtrail.amazonaws.com', { arn: otherTrailArn(system), account: MANAGEMENT_ACCOUNT }, DOCS.cloudTrailSns);
      return [
        { label: 'sns:Publish', principal: 'cloudtrail.amazonaws.com', action: 'sns:Publish', resource: topic.arn, resourceAccount: MANAGEMENT_ACCOUNT, context, resourcePolicy: topic.policy },
        ...(topic.key?.policy ? [{
          label: 'kms:GenerateDataKey',
          principal: 'cloudtrail.amazonaws.com',
          action: 'kms:GenerateDataKey',
          resource: topic.key.arn,
          resourceAccount: MANAGEMENT_ACCOUNT,
          context,
          resourcePolicy: topic.key.policy,
        }] : []),
      ];
    },
  },

  // ---- alerts (every topic alerts notify: one per severity route) ----
  {
    id: 'alarms-publish-to-topic',
    kind: 'required',
    proves: 'every metric-filter alarm publishes to the alert topic its severity is routed to',
    requests: (system) => system.alertTopics.flatMap(({ topic, alarmArns }) => topic.policy ? alarmArns.map((alarm) => ({
      ...serviceRequest('cloudwatch.amazonaws.com', 'sns:Publish', topic.arn, topic.policy,
        { arn: alarm, account: MANAGEMENT_ACCOUNT }, DOCS.alarmToTopic),
      label: alarm.split(':alarm:')[1],
    })) : []),
  },
  {
    id: 'alarms-use-topic-key',
    kind: 'required',
    proves: 'SNS uses each alert topic\'s key for CloudWatch alarms\' messages (kms:GenerateDataKey*, kms:Decrypt)',
    uncertain: 'The SNS guide tells users to add aws:SourceAccount/aws:SourceArn to the key policy for AWS event sources and excepts only EventBridge; no page shows the request itself. The flow carries both keys, as that guidance implies.',
    requests: (system) => system.alertTopics.flatMap(({ topic, alarmArns }) => topic.key?.policy && alarmArns.length > 0
      ? ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => ({
        ...serviceRequest('cloudwatch.amazonaws.com', action, topic.key!.arn, topic.key!.policy!,
          { arn: alarmArns[0], account: MANAGEMENT_ACCOUNT }, DOCS.snsKeyManagement),
        label: `${topicLabel(topic)} ${action}`,
      })) : []),
  },
  {
    id: 'rules-publish-to-topic',
    kind: 'required',
    proves: 'every EventBridge alert rule (default bus and central bus) publishes to the alert topic its severity is routed to, whether or not EventBridge names the rule',
    uncertain: 'EventBridge defines aws:SourceArn as the rule that sends the event, yet its guide has also said condition blocks cannot be used in SNS topic policies for EventBridge: the flow runs once more without source keys, which must not be denied.',
    requests: (system) => system.alertTopics.flatMap(({ topic, ruleArns, centralRuleArns }) => {
      if (!topic.policy) {
        return [];
      }
      const rules = [...ruleArns, ...centralRuleArns];
      const publish = (rule: string | undefined) => ({
        ...serviceRequest('events.amazonaws.com', 'sns:Publish', topic.arn, topic.policy!,
          rule ? { arn: rule, account: MANAGEMENT_ACCOUNT } : {}, DOCS.eventBridgeToTopic),
        label: rule ? rule.split(':rule/')[1] : `${topicLabel(topic)} without source keys`,
      });
      return rules.length > 0 ? [...rules.map(publish), publish(undefined)] : [];
    }),
  },
  {
    id: 'rules-use-topic-key',
    kind: 'required',
    proves: 'SNS uses each alert topic\'s key for EventBridge\'s messages, which carry no aws:SourceAccount/aws:SourceArn (the SNS guide: not supported for EventBridge-to-encrypted topics)',
    requests: (system) => system.alertTopics.flatMap(({ topic, ruleArns, centralRuleArns }) => topic.key?.policy
      && ruleArns.length + centralRuleArns.length > 0
      ? ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => ({
        ...serviceRequest('events.amazonaws.com', action, topic.key!.arn, topic.key!.policy!, {}, DOCS.snsKeyManagement),
        label: `${topicLabel(topic)} ${action}`,
      })) : []),
  },
  {
    id: 'other-rule-publishes-to-topic',
    kind: 'attack',
    proves: 'a rule that is not one of the component\'s (this account or another) cannot publish to an alert topic',
    requests: (system) => system.alertTopics.flatMap(({ topic }) => topic.policy ? [MANAGEMENT_ACCOUNT, OUTSIDE_ACCOUNT].map((account) => ({
      ...serviceRequest('events.amazonaws.com', 'sns:Publish', topic.arn, topic.policy!,
        { arn: foreignRuleArn(system, account), account }, DOCS.eventBridgeToTopic),
      label: `${topicLabel(topic)} ${account}`,
    })) : []),
  },
  {
    id: 'routed-rule-publishes-to-other-topic',
    kind: 'attack',
    proves: 'a rule routed to one alert topic cannot publish to another (each topic admits only the rules of its severities)',
    requests: (system) => system.alertTopics.flatMap(({ topic }) => system.alertTopics
      .filter((other) => other.topic.arn !== topic.arn && topic.policy)
      .flatMap((other) => [...other.ruleArns, ...other.centralRuleArns].slice(0, 1).map((rule) => ({
        ...serviceRequest('events.amazonaws.com', 'sns:Publish', topic.arn, topic.policy!,
          { arn: rule, account: MANAGEMENT_ACCOUNT }, DOCS.eventBridgeToTopic),
        label: `${rule.split(':rule/')[1]} to ${topicLabel(topic)}`,
      })))),
  },
  {
    id: 'foreign-alarm-publishes-to-topic',
    kind: 'attack',
    proves: 'an alarm of another account cannot publish to an alert topic',
    requests: (system) => system.alertTopics.flatMap(({ topic }) => topic.policy ? [{
      ...serviceRequest('cloudwatch.amazonaws.com', 'sns:Publish', topic.arn, topic.policy,
        { arn: foreignAlarmArn(system), account: OUTSIDE_ACCOUNT }, DOCS.alarmToTopic),
      label: topicLabel(topic),
    }] : []),
  },
  {
    id: 'foreign-alarm-uses-topic-key',
    kind: 'attack',
    proves: 'SNS cannot use an alert topic\'s key for another account\'s alarms',
    requests: (system) => system.alertTopics.flatMap(({ topic, alarmArns }) => topic.key?.policy && alarmArns.length > 0 ? [{
      ...serviceRequest('cloudwatch.amazonaws.com', 'kms:GenerateDataKey', topic.key.arn, topic.key.policy,
        { arn: foreignAlarmArn(system), account: OUTSIDE_ACCOUNT }, DOCS.snsKeyManagement),
      label: topicLabel(topic),
    }] : []),
  },
  {
    id: 'insecure-publish-to-topic',
    kind: 'attack',
    proves: 'nobody publishes to an alert topic without TLS',
    requests: (system) => system.alertTopics.flatMap(({ topic, alarmArns }) => topic.policy && alarmArns.length > 0 ? [{
      ...withoutTls(serviceRequest('cloudwatch.amazonaws.com', 'sns:Publish', topic.arn, topic.policy,
        { arn: alarmArns[0], account: MANAGEMENT_ACCOUNT }, DOCS.alarmToTopic)),
      label: topicLabel(topic),
    }] : []),
  },

  // ---- organization fan-out ----
  {
    id: 'eventbridge-assumes-forwarder-role',
    kind: 'required',
    proves: 'EventBridge assumes the forwarder role in a member account for that account\'s forwarding rules',
    requests: (system) => system.forwarding.flatMap((forwarding) => forwarding.ruleArns.slice(0, 1).map((rule) => ({
      label: `${forwarding.env.account} ${forwarding.env.region}`,
      principal: 'events.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: forwarding.role.arn,
      resourceAccount: forwarding.env.account,
      context: servicePrincipal('events.amazonaws.com', { arn: rule, account: forwarding.env.account }, DOCS.eventBridgeTargetRole),
      resourcePolicy: forwarding.role.trustPolicy,
    }))),
  },
  {
    id: 'forwarder-puts-events-on-central-bus',
    kind: 'required',
    proves: 'the forwarder role of a member account puts events on the central bus (cross-account: its own policy and the bus policy)',
    requests: (system) => system.forwarding.map((forwarding) => ({
      ...forwarderPutEvents(system, forwarding, 'true'),
      label: `${forwarding.env.account} ${forwarding.env.region}`,
    })),
  },
  {
    id: 'forwarder-role-puts-events-directly',
    kind: 'attack',
    proves: 'a member administrator using the forwarder role\'s own session cannot call PutEvents on the central bus directly (events:eventBusInvocation is false)',
    requests: (system) => system.forwarding.slice(0, 1).map((forwarding) => forwarderPutEvents(system, forwarding, 'false')),
  },
  {
    id: 'member-principal-forges-events',
    kind: 'attack',
    proves: 'a member-account principal that is not the forwarder role cannot put (forged) events on the central bus',
    requests: (system) => system.centralBus ? [{
      principal: `arn:${partitionOf(system)}:iam::${MEMBER_ACCOUNT}:role/Developer`,
      action: 'events:PutEvents',
      resource: system.centralBus.arn,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [...iamPrincipal(`arn:${partitionOf(system)}:iam::${MEMBER_ACCOUNT}:role/Developer`, system.organizationId),
        { key: 'events:eventBusInvocation', value: 'false', source: DOCS.eventBridgeConditions }],
      identityPolicies: [ADMINISTRATOR_POLICY],
      resourcePolicy: system.centralBus.policy,
    }] : [],
  },
  {
    id: 'outside-principal-puts-events',
    kind: 'attack',
    proves: 'a principal outside the organization cannot put events on the central bus, even one named like the forwarder role',
    requests: (system) => system.centralBus && system.forwarding.length > 0 ? [{
      principal: system.forwarding[0].role.arn.replace(MEMBER_ACCOUNT, OUTSIDE_ACCOUNT),
      action: 'events:PutEvents',
      resource: system.centralBus.arn,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [...iamPrincipal(system.forwarding[0].role.arn.replace(MEMBER_ACCOUNT, OUTSIDE_ACCOUNT), OUTSIDE_ORGANIZATION),
        { key: 'events:eventBusInvocation', value: 'true', source: DOCS.eventBridgeConditions }],
      identityPolicies: [ADMINISTRATOR_POLICY],
      resourcePolicy: system.centralBus.policy,
    }] : [],
  },

  // ---- readers ----
  {
    id: 'reader-reads-log-files',
    kind: 'required',
    proves: 'a principal given grantRead lists the archive and reads log and digest files',
    requests: (system, extras) => extras.logReader ? [
      ...s3Read(system, extras.logReader, memberLogObject(system)).map((request) => ({ ...request, label: 'log file' })),
      ...s3Read(system, extras.logReader, memberDigestObject(system)).map((request) => ({ ...request, label: 'digest file' })),
      ...s3Read(system, extras.logReader, system.archive.arn).map((request) => ({ ...request, action: 's3:ListBucket', label: 'list' })),
    ] : [],
  },
  {
    id: 'reader-decrypts-log-files',
    kind: 'required',
    proves: 'a principal given grantRead decrypts CloudTrail\'s data keys through S3',
    uncertain: 'No page says which encryption context S3 presents when it decrypts a log file CloudTrail wrote into a bucket with an S3 Bucket Key: CloudTrail\'s (aws:cloudtrail:arn and the object ARN) or the Bucket Key\'s (aws:s3:arn = the bucket ARN). The flow runs with each.',
    requests: (system, extras) => extras.logReader ? [
      ...trailKeyRequest(system, extras.logReader.arn, 'kms:Decrypt', readThroughS3Context(system, extras.logReader.arn, memberLogObject(system)), extras.logReader.policies)
        .map((request) => ({ ...request, label: 'CloudTrail context' })),
      ...trailKeyRequest(system, extras.logReader.arn, 'kms:Decrypt', bucketKeyContext(system, extras.logReader.arn), extras.logReader.policies)
        .map((request) => ({ ...request, label: 'Bucket Key context' })),
    ] : [],
  },
  {
    id: 'query-user-runs-queries',
    kind: 'required',
    proves: 'a principal given grantQuery starts queries in the workgroup, reads and decrypts the logs, and writes and reads encrypted results',
    requests: (system, extras) => {
      const user = extras.queryUser;
      const workGroups = system.template.logicalIdsOfType('AWS::Athena::WorkGroup');
      if (!user || workGroups.length === 0) {
        return [];
      }
      const workGroup = system.template.properties(workGroups[0]);
      const resultsLocation: string = workGroup.WorkGroupConfiguration.ResultConfiguration.OutputLocation;
      const resultsBucketName = resultsLocation.replace(/^s3:\/\//, '').split('/')[0];
      const resultsObject = `arn:${partitionOf(system)}:s3:::${resultsLocation.replace(/^s3:\/\//, '')}query-id.csv`;
      const resultsKeyArn: string = workGroup.WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey;
      const resultsKeyId = system.template.logicalIdsOfType('AWS::KMS::Key').find((id) => system.template.arnOf(id) === resultsKeyArn)!;
      const resultsPolicyId = system.template.logicalIdsOfType('AWS::S3::BucketPolicy')
        .find((id) => system.template.properties(id).Bucket === resultsBucketName);
      const resultsPolicy = resultsPolicyId ? system.template.properties(resultsPolicyId).PolicyDocument : undefined;
      const viaAthena = (caller: string): ContextKey[] => [
        ...iamPrincipal(caller, system.organizationId),
        { key: 'aws:CalledVia', value: ['athena.amazonaws.com'], source: DOCS.forwardAccessSessions },
        { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion },
      ];
      return [
        { label: 'start query', principal: user.arn, action: 'athena:StartQueryExecution', resource: system.template.arnOf(workGroups[0]), resourceAccount: MANAGEMENT_ACCOUNT, context: iamPrincipal(user.arn, system.organizationId), identityPolicies: user.policies },
        ...s3Read(system, user, memberLogObject(system), viaAthena(user.arn)).map((request) => ({ ...request, label: 'read log file' })),
        ...trailKeyRequest(system, user.arn, 'kms:Decrypt', [...readThroughS3Context(system, user.arn, memberLogObject(system)),
          { key: 'aws:CalledVia', value: ['athena.amazonaws.com'], source: DOCS.forwardAccessSessions }], user.policies).map((request) => ({ ...request, label: 'decrypt log file' })),
        { label: 'write results', principal: user.arn, action: 's3:PutObject', resource: resultsObject, resourceAccount: MANAGEMENT_ACCOUNT, context: viaAthena(user.arn), identityPolicies: user.policies, resourcePolicy: resultsPolicy },
        { label: 'read results', principal: user.arn, action: 's3:GetObject', resource: resultsObject, resourceAccount: MANAGEMENT_ACCOUNT, context: viaAthena(user.arn), identityPolicies: user.policies, resourcePolicy: resultsPolicy },
        ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => ({
          label: `${action} results`,
          principal: user.arn,
          action,
          resource: resultsKeyArn,
          resourceAccount: MANAGEMENT_ACCOUNT,
          context: [...iamPrincipal(user.arn, system.organizationId),
            { key: 'kms:ViaService', value: `s3.${region(system)}.amazonaws.com`, source: DOCS.kmsViaService },
            { key: 'kms:EncryptionContext:aws:s3:arn', value: `arn:${partitionOf(system)}:s3:::${resultsBucketName}`, source: DOCS.s3BucketKey }],
          identityPolicies: user.policies,
          resourcePolicy: system.template.properties(resultsKeyId).KeyPolicy,
        })),
      ];
    },
  },
  {
    id: 'anonymous-reads-archive',
    kind: 'attack',
    proves: 'an anonymous request cannot read or list the archive',
    requests: (system) => system.archive.policy ? [memberLogObject(system), system.archive.arn].map((resource, index) => ({
      label: index === 0 ? 'get' : 'list',
      principal: 'anonymous',
      action: index === 0 ? 's3:GetObject' : 's3:ListBucket',
      resource,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: s3Tls(),
      resourcePolicy: system.archive.policy,
    })) : [],
  },
  {
    id: 'reader-reads-without-tls',
    kind: 'attack',
    proves: 'even a granted reader cannot read the archive without TLS (aws:SecureTransport false); an imported archive\'s TLS policy is its owner\'s',
    requests: (system, extras) => system.archive.policy && !system.archive.imported && extras.logReader ? s3Read(
      system, extras.logReader, memberLogObject(system),
      withoutTlsContext(iamPrincipal(extras.logReader.arn, system.organizationId))) : [],
  },
  {
    id: 'outside-account-reads-archive',
    kind: 'attack',
    proves: 'an administrator of an account outside the organization cannot read the archive or decrypt with the trail key',
    requests: (system) => {
      const outsider = `arn:${partitionOf(system)}:iam::${OUTSIDE_ACCOUNT}:role/Admin`;
      return [
        ...(system.archive.policy ? [{ label: 'get', principal: outsider, action: 's3:GetObject', resource: memberLogObject(system), resourceAccount: MANAGEMENT_ACCOUNT, context: iamPrincipal(outsider, OUTSIDE_ORGANIZATION), identityPolicies: [ADMINISTRATOR_POLICY], resourcePolicy: system.archive.policy }] : []),
        ...trailKeyRequest(system, outsider, 'kms:Decrypt', readThroughS3Context(system, outsider, memberLogObject(system)), [ADMINISTRATOR_POLICY])
          .map((request) => ({ ...request, label: 'decrypt' })),
      ];
    },
  },
  {
    id: 'reader-decrypts-outside-s3',
    kind: 'attack',
    proves: 'a granted reader cannot use the trail key\'s Bucket Key context outside S3 (kms:ViaService), nor decrypt the log group\'s data',
    requests: (system, extras) => extras.logReader ? [
      ...trailKeyRequest(system, extras.logReader.arn, 'kms:Decrypt',
        bucketKeyContext(system, extras.logReader.arn).filter((entry) => entry.key !== 'kms:ViaService'), extras.logReader.policies)
        .map((request) => ({ ...request, label: 'direct call' })),
      ...(logGroupArnWithoutStar(system) ? trailKeyRequest(system, extras.logReader.arn, 'kms:Decrypt', [
        ...iamPrincipal(extras.logReader.arn, system.organizationId),
        { key: 'kms:ViaService', value: `logs.${region(system)}.amazonaws.com`, source: DOCS.kmsViaService },
        { key: 'kms:EncryptionContext:aws:logs:arn', value: logGroupArnWithoutStar(system)!, source: DOCS.logsKeyPolicy },
      ], extras.logReader.policies).map((request) => ({ ...request, label: 'log group data' })) : []),
    ] : [],
  },
  // ---- the archive guard ----
  {
    id: 'administrator-shortens-archive',
    kind: 'attack',
    proves: 'an administrator of the management account cannot delete log files or their versions, bypass governance retention, or weaken lifecycle, versioning or Object Lock',
    requests: (system, extras) => system.archive.policy && !system.archive.imported ? archiveShortening(system).map(([action, resource]) => ({
      label: action,
      principal: extras.administrator.arn,
      action,
      resource,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [...iamPrincipal(extras.administrator.arn, system.organizationId), { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }],
      identityPolicies: extras.administrator.policies,
      resourcePolicy: system.archive.policy,
    })) : [],
  },
  {
    id: 'break-glass-principal-shortens-archive',
    kind: 'required',
    proves: 'the named break-glass principal can still clean up and change lifecycle, versioning and Object Lock',
    requests: (system, extras) => system.archive.policy && extras.breakGlass ? archiveShortening(system).map(([action, resource]) => ({
      label: action,
      principal: extras.breakGlass!.arn,
      action,
      resource,
      resourceAccount: MANAGEMENT_ACCOUNT,
      context: [...iamPrincipal(extras.breakGlass!.arn, system.organizationId), { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }],
      identityPolicies: extras.breakGlass!.policies,
      resourcePolicy: system.archive.policy,
    })) : [],
  },
  // ---- continuous validation ----
  {
    id: 'validator-reads-digests-and-logs',
    kind: 'required',
    proves: 'the continuous validator lists the organization\'s log path (accounts, Regions, digests) and reads a digest and a log file',
    requests: (system) => system.validator ? [
      ...validatorRequest(system, 's3:GetObject', memberDigestObject(system), system.archive.policy, [{ key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }])
        .map((request) => ({ ...request, label: 'digest file' })),
      ...validatorRequest(system, 's3:GetObject', memberLogObject(system), system.archive.policy, [{ key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }])
        .map((request) => ({ ...request, label: 'log file' })),
      ...validatorRequest(system, 's3:ListBucket', system.archive.arn, system.archive.policy, listPrefix(`${logsRoot(system)}/${system.organizationId}/`))
        .map((request) => ({ ...request, label: 'list accounts' })),
      ...validatorRequest(system, 's3:ListBucket', system.archive.arn, system.archive.policy,
        listPrefix(`${logsRoot(system)}/${system.organizationId}/${MEMBER_ACCOUNT}/CloudTrail-Digest/${MEMBER_REGION}/`))
        .map((request) => ({ ...request, label: 'list digests' })),
    ] : [],
  },
  {
    id: 'validator-decrypts-log-files',
    kind: 'required',
    proves: 'the continuous validator decrypts CloudTrail\'s data keys and the archive\'s Bucket Key through S3',
    uncertain: 'As for readers: which encryption context S3 presents for a log file written with a Bucket Key is not documented; the flow runs with each.',
    requests: (system) => system.validator ? [
      ...trailKeyRequest(system, system.validator.role.arn, 'kms:Decrypt', readThroughS3Context(system, system.validator.role.arn, memberDigestObject(system)), system.validator.role.policies)
        .map((request) => ({ ...request, label: 'CloudTrail context' })),
      ...trailKeyRequest(system, system.validator.role.arn, 'kms:Decrypt', bucketKeyContext(system, system.validator.role.arn), system.validator.role.policies)
        .map((request) => ({ ...request, label: 'Bucket Key context' })),
    ] : [],
  },
  {
    id: 'validator-lists-public-keys',
    kind: 'required',
    proves: 'the continuous validator calls cloudtrail:ListPublicKeys (no resource type: `*`)',
    requests: (system) => validatorRequest(system, 'cloudtrail:ListPublicKeys', '*', undefined),
  },
  {
    id: 'validator-looks-up-trail-events',
    kind: 'required',
    proves: 'the continuous validator calls cloudtrail:LookupEvents to explain chain restarts by the trail\'s StopLogging/StartLogging (no resource type: `*`)',
    requests: (system) => validatorRequest(system, 'cloudtrail:LookupEvents', '*', undefined),
  },
  {
    id: 'validator-writes-checkpoints',
    kind: 'required',
    proves: 'the continuous validator reads and writes its checkpoints and encrypts them with its key through S3',
    requests: (system) => system.validator ? [
      ...['s3:GetObject', 's3:PutObject'].flatMap((action) => validatorRequest(system, action, checkpointObject(system), system.validator!.stateBucket.policy,
        [{ key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }]).map((request) => ({ ...request, label: action }))),
      ...validatorRequest(system, 's3:ListBucket', system.validator.stateBucket.arn, system.validator.stateBucket.policy, listPrefix('checkpoints/'))
        .map((request) => ({ ...request, label: 's3:ListBucket' })),
      ...['kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) => [{
        principal: system.validator!.role.arn,
        action,
        resource: system.validator!.stateKey.arn,
        resourceAccount: MANAGEMENT_ACCOUNT,
        context: [
          ...iamPrincipal(system.validator!.role.arn, system.organizationId),
          { key: 'kms:ViaService', value: `s3.${region(system)}.amazonaws.com`, source: DOCS.kmsViaService },
          { key: 'kms:CallerAccount', value: MANAGEMENT_ACCOUNT, source: DOCS.kmsViaService },
          { key: 'kms:EncryptionContext:aws:s3:arn', value: system.validator!.stateBucket.arn, source: DOCS.s3BucketKey },
        ],
        identityPolicies: system.validator!.role.policies,
        resourcePolicy: system.validator!.stateKey.policy,
        label: action,
      }]),
    ] : [],
  },
  {
    id: 'validator-writes-or-deletes-archive',
    kind: 'attack',
    proves: 'the continuous validator cannot write, overwrite or delete anything in the archive, nor change its configuration',
    requests: (system) => system.validator ? [
      ...['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention'].flatMap((action) =>
        validatorRequest(system, action, memberDigestObject(system), system.archive.policy, [{ key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }])
          .map((request) => ({ ...request, label: action }))),
      ...['s3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucket'].flatMap((action) =>
        validatorRequest(system, action, system.archive.arn, system.archive.policy).map((request) => ({ ...request, label: action }))),
    ] : [],
  },
  {
    id: 'validator-reads-outside-organization-path',
    kind: 'attack',
    proves: 'the continuous validator reads and lists nothing outside [prefix/]AWSLogs/<organization id>/ (the management account\'s own path, other prefixes, the whole bucket)',
    requests: (system) => system.validator ? [
      ...validatorRequest(system, 's3:GetObject', managementLogObject(system), system.archive.policy, [{ key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }])
        .map((request) => ({ ...request, label: 'management account path' })),
      ...validatorRequest(system, 's3:GetObject', `${system.archive.arn}/other-data/report.csv`, system.archive.policy, [{ key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }])
        .map((request) => ({ ...request, label: 'outside AWSLogs/' })),
      ...validatorRequest(system, 's3:ListBucket', system.archive.arn, system.archive.policy, listPrefix(''))
        .map((request) => ({ ...request, label: 'list the whole bucket' })),
    ] : [],
  },
  {
    id: 'validation-rules-send-to-queue',
    kind: 'required',
    proves: 'the digest-arrival rule and the hourly sweep put their events on the validator\'s queue',
    requests: (system) => system.validationQueue?.policy ? system.validationQueue.ruleArns.map((rule) => ({
      ...serviceRequest('events.amazonaws.com', 'sqs:SendMessage', system.validationQueue!.arn, system.validationQueue!.policy,
        { arn: rule, account: MANAGEMENT_ACCOUNT }, DOCS.eventBridgeToQueue),
      label: rule.split(':rule/')[1],
    })) : [],
  },
  {
    id: 'other-rule-sends-to-queue',
    kind: 'attack',
    proves: 'no other rule (this account or another) and no non-TLS request can put events on the validator\'s queue',
    requests: (system) => {
      const queue = system.validationQueue;
      if (!queue?.policy) {
        return [];
      }
      const send = (source: { arn: string; account: string }) =>
        serviceRequest('events.amazonaws.com', 'sqs:SendMessage', queue.arn, queue.policy, source, DOCS.eventBridgeToQueue);
      return [
        ...[MANAGEMENT_ACCOUNT, OUTSIDE_ACCOUNT].map((account) => ({ ...send({ arn: foreignRuleArn(system, account), account }), label: account })),
        { ...withoutTls(send({ arn: queue.ruleArns[0], account: MANAGEMENT_ACCOUNT })), label: 'without TLS' },
      ];
    },
  },
  {
    id: 'unrelated-principal-decrypts-logs',
    kind: 'attack',
    proves: 'a management-account principal with broad read-only rights but no grant can fetch log objects yet cannot decrypt them',
    requests: (system, extras) => trailKeyRequest(system, extras.readOnlyAuditor.arn, 'kms:Decrypt',
      readThroughS3Context(system, extras.readOnlyAuditor.arn, memberLogObject(system)), extras.readOnlyAuditor.policies),
  },
];

/** An administrator's identity policy (AdministratorAccess). */
export const ADMINISTRATOR_POLICY: NamedPolicy = {
  name: 'AdministratorAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** ReadOnlyAccess in miniature: reads of every S3 object and description of keys, no kms:Decrypt. */
export const READ_ONLY_POLICY: NamedPolicy = {
  name: 'ReadOnlyAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'kms:Describe*', 'kms:List*', 'kms:Get*'], Resource: '*' }] },
};

/** A topic's name as a request label (the last part of its ARN). */
function topicLabel(topic: { arn: string }): string {
  return topic.arn.split(':').pop()!;
}
