import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ADMINISTRATOR_POLICY, MANAGEMENT_ACCOUNT, MEMBER_ACCOUNT, OUTSIDE_ACCOUNT } from './service-flows';
import { Decision, NamedPolicy, simulate, SimulationRequest } from './simulator';
import { OrganizationTamperGuard } from '../../src';
import { BUCKET_TAMPER_ACTIONS, KEY_TAMPER_ACTIONS, TRAIL_TAMPER_ACTIONS } from '../../src/private/tamper-guard-policies';

/**
 * The tamper guard's policies, evaluated by the IAM policy simulator (with its service control
 * and resource control policy layers) in the log-archive split: the trail in the management
 * account, the archive bucket and key in a log-archive member account, a CloudTrail delegated
 * administrator in another member account.
 *
 * What the simulator does not model, and AWS documents instead: SCPs never restrict principals
 * of the management account (so its requests below carry no SCP), and RCPs never affect
 * resources of the management account.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */

const DOCS = {
  globalKeys: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  scpEvaluation: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
  rcps: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  cloudTrailBucketPolicy: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
  cloudTrailKeyPolicy: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
  delegatedAdministrator: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html',
  legalHold: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
};

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const LOG_ARCHIVE = MEMBER_ACCOUNT;
const DELEGATED_ADMIN = '333333333333';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT}:trail/organization-trail`;
const BUCKET = `org-trail-archive-${LOG_ARCHIVE}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const LOG_OBJECT = `${BUCKET_ARN}/AWSLogs/${ORGANIZATION_ID}/${DELEGATED_ADMIN}/CloudTrail/us-east-1/2026/11/30/${DELEGATED_ADMIN}_CloudTrail_us-east-1_20261130T1205Z_a1b2c3d4e5f6g7h8.json.gz`;
const KEY_ARN = `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const LOG_BREAK_GLASS = `arn:aws:iam::${LOG_ARCHIVE}:role/BreakGlass`;
const LOG_DEPLOY_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/cdk-hnb659fds-cfn-exec-role-${LOG_ARCHIVE}-us-east-1`;
const TRAIL_BREAK_GLASS = `arn:aws:iam::${DELEGATED_ADMIN}:role/TrailBreakGlass`;

/** The guard as the management stack synthesizes it. */
function synthesizedGuard(): { scp: NamedPolicy; rcp: NamedPolicy } {
  const stack = new Stack(new App(), 'Management', { env: { account: MANAGEMENT_ACCOUNT, region: 'us-east-1' } });
  new OrganizationTamperGuard(stack, 'Guard', {
    targetIds: ['r-a1b2'],
    breakGlassPrincipalArns: [LOG_BREAK_GLASS, LOG_DEPLOY_ROLE, TRAIL_BREAK_GLASS],
    trailArn: TRAIL_ARN,
    archiveBucketName: BUCKET,
    archiveKeyArn: KEY_ARN,
    resourceControlPolicy: true,
  });
  const byType = (type: string) => Object.values(Template.fromStack(stack).findResources('AWS::Organizations::Policy', { Properties: { Type: type } }))[0].Properties;
  const scp = byType('SERVICE_CONTROL_POLICY');
  const rcp = byType('RESOURCE_CONTROL_POLICY');
  return { scp: { name: scp.Name, policy: scp.Content }, rcp: { name: rcp.Name, policy: rcp.Content } };
}

const GUARD = synthesizedGuard();

/** FullAWSAccess, which Organizations attaches to every root, OU and account with SCPs enabled. */
const FULL_AWS_ACCESS: NamedPolicy = {
  name: 'FullAWSAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** The guard SCP at the root, beside FullAWSAccess: what every member account inherits. */
const MEMBER_SCPS: NamedPolicy[][] = [[FULL_AWS_ACCESS, GUARD.scp]];
/** The guard RCP at the root (RCPFullAWSAccess is added by the simulator layer). */
const ARCHIVE_RCPS: NamedPolicy[][] = [[GUARD.rcp]];

/** A key policy that delegates to the account's IAM policies (the default key policy). */
function defaultKeyPolicy(account: string): object {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] };
}

/** A bucket or key policy mistake: an account's root granted everything. */
function grantsEverythingTo(account: string, service: 's3' | 'kms', resources: string[]): object {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: `${service}:*`, Resource: resources }] };
}

/** A role session's request: aws:PrincipalArn is the role's ARN, not the session's. */
function roleSession(roleArn: string, extra: { [key: string]: string } = {}): Pick<SimulationRequest, 'principal' | 'context'> {
  const [, , , , account, resource] = roleArn.split(':');
  const role = resource.replace(/^role\//, '');
  return {
    principal: `arn:aws:sts::${account}:assumed-role/${role}/session`,
    context: {
      'aws:SecureTransport': 'true',
      'aws:PrincipalIsAWSService': 'false',
      'aws:PrincipalArn': roleArn,
      'aws:PrincipalAccount': account,
      ...(account === OUTSIDE_ACCOUNT ? {} : { 'aws:PrincipalOrgID': ORGANIZATION_ID }),
      ...extra,
    },
  };
}

interface GuardFlow {
  readonly name: string;
  /** What the flow shows, and the page that says how AWS evaluates it. */
  readonly proves: string;
  readonly source: string;
  readonly request: SimulationRequest;
  readonly decision: Decision;
  /** The statement that must decide a denial. */
  readonly deniedBy?: string;
}

const admin = (account: string) => `arn:aws:iam::${account}:role/Admin`;

/** Which S3 actions authorize on objects (`<bucket>/*`) rather than on the bucket. */
const OBJECT_ACTIONS = new Set(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention']);

const SCP_FLOWS: GuardFlow[] = [
  // A CloudTrail delegated administrator's principals act on the organization trail as their own
  // account's request, so only their identity policies and SCPs decide (no resource policy).
  ...TRAIL_TAMPER_ACTIONS.map((action): GuardFlow => ({
    name: `a delegated administrator's admin calls ${action} on the organization trail`,
    proves: 'the SCP denies trail tampering to member principals, delegated administrators included',
    source: DOCS.delegatedAdministrator,
    request: {
      ...roleSession(admin(DELEGATED_ADMIN)),
      action,
      resource: TRAIL_ARN,
      resourceAccount: DELEGATED_ADMIN,
      identityPolicies: [ADMINISTRATOR_POLICY],
      serviceControlPolicies: MEMBER_SCPS,
    },
    decision: 'ExplicitlyDenied',
    deniedBy: 'DenyOrgTrailTamper',
  })),
  {
    name: 'the delegated administrator\'s break-glass role stops the organization trail',
    proves: 'break-glass principals are exempt (aws:PrincipalArn is the role ARN for a session)',
    source: DOCS.globalKeys,
    request: { ...roleSession(TRAIL_BREAK_GLASS), action: 'cloudtrail:StopLogging', resource: TRAIL_ARN, resourceAccount: DELEGATED_ADMIN, identityPolicies: [ADMINISTRATOR_POLICY], serviceControlPolicies: MEMBER_SCPS },
    decision: 'Allowed',
  },
  ...BUCKET_TAMPER_ACTIONS.map((action): GuardFlow => ({
    name: `the log-archive account's admin calls ${action} on the archive`,
    proves: 'the SCP denies archive tampering to the account that owns the bucket',
    source: DOCS.scpEvaluation,
    request: {
      ...roleSession(admin(LOG_ARCHIVE)),
      action,
      resource: OBJECT_ACTIONS.has(action) ? LOG_OBJECT : BUCKET_ARN,
      resourceAccount: LOG_ARCHIVE,
      identityPolicies: [ADMINISTRATOR_POLICY],
      serviceControlPolicies: MEMBER_SCPS,
    },
    decision: 'ExplicitlyDenied',
    deniedBy: 'DenyArchiveBucketTamper',
  })),
  {
    name: 'the log-archive admin lifts a legal hold',
    proves: 'lifting a legal hold is tampering',
    source: DOCS.legalHold,
    request: { ...roleSession(admin(LOG_ARCHIVE), { 's3:object-lock-legal-hold': 'OFF' }), action: 's3:PutObjectLegalHold', resource: LOG_OBJECT, resourceAccount: LOG_ARCHIVE, identityPolicies: [ADMINISTRATOR_POLICY], serviceControlPolicies: MEMBER_SCPS },
    decision: 'ExplicitlyDenied',
    deniedBy: 'DenyArchiveLegalHoldRemoval',
  },
  {
    name: 'the log-archive admin places a legal hold',
    proves: 'placing a legal hold (for an investigation) stays allowed',
    source: DOCS.legalHold,
    request: { ...roleSession(admin(LOG_ARCHIVE), { 's3:object-lock-legal-hold': 'ON' }), action: 's3:PutObjectLegalHold', resource: LOG_OBJECT, resourceAccount: LOG_ARCHIVE, identityPolicies: [ADMINISTRATOR_POLICY], serviceControlPolicies: MEMBER_SCPS },
    decision: 'Allowed',
  },
  ...KEY_TAMPER_ACTIONS.map((action): GuardFlow => ({
    name: `the log-archive admin calls ${action} on the archive key`,
    proves: 'the SCP denies key tampering to the account that owns the key',
    source: DOCS.scpEvaluation,
    request: {
      ...roleSession(admin(LOG_ARCHIVE)),
      action,
      resource: KEY_ARN,
      resourceAccount: LOG_ARCHIVE,
      identityPolicies: [ADMINISTRATOR_POLICY],
      resourcePolicy: defaultKeyPolicy(LOG_ARCHIVE),
      serviceControlPolicies: MEMBER_SCPS,
    },
    decision: 'ExplicitlyDenied',
    deniedBy: 'DenyArchiveKeyTamper',
  })),
  {
    name: 'the log-archive break-glass role deletes the archive bucket',
    proves: 'break-glass principals keep the means to retire the archive',
    source: DOCS.globalKeys,
    request: { ...roleSession(LOG_BREAK_GLASS), action: 's3:DeleteBucket', resource: BUCKET_ARN, resourceAccount: LOG_ARCHIVE, identityPolicies: [ADMINISTRATOR_POLICY], serviceControlPolicies: MEMBER_SCPS, resourceControlPolicies: ARCHIVE_RCPS },
    decision: 'Allowed',
  },
  {
    name: 'the log-archive deploy role updates the bucket policy',
    proves: 'a deploy role listed as break-glass can still update the archive stack',
    source: DOCS.globalKeys,
    request: { ...roleSession(LOG_DEPLOY_ROLE), action: 's3:PutBucketPolicy', resource: BUCKET_ARN, resourceAccount: LOG_ARCHIVE, identityPolicies: [ADMINISTRATOR_POLICY], serviceControlPolicies: MEMBER_SCPS, resourceControlPolicies: ARCHIVE_RCPS },
    decision: 'Allowed',
  },
  {
    name: 'the log-archive break-glass role schedules the key\'s deletion',
    proves: 'break-glass principals are exempt from the key statement',
    source: DOCS.globalKeys,
    request: { ...roleSession(LOG_BREAK_GLASS), action: 'kms:ScheduleKeyDeletion', resource: KEY_ARN, resourceAccount: LOG_ARCHIVE, identityPolicies: [ADMINISTRATOR_POLICY], resourcePolicy: defaultKeyPolicy(LOG_ARCHIVE), serviceControlPolicies: MEMBER_SCPS, resourceControlPolicies: ARCHIVE_RCPS },
    decision: 'Allowed',
  },
  {
    name: 'the log-archive admin reads a log file',
    proves: 'the guard leaves reading the archive alone',
    source: DOCS.scpEvaluation,
    request: { ...roleSession(admin(LOG_ARCHIVE)), action: 's3:GetObject', resource: LOG_OBJECT, resourceAccount: LOG_ARCHIVE, identityPolicies: [ADMINISTRATOR_POLICY], serviceControlPolicies: MEMBER_SCPS, resourceControlPolicies: ARCHIVE_RCPS },
    decision: 'Allowed',
  },
  {
    name: 'the log-archive admin decrypts with the archive key',
    proves: 'the guard leaves decrypting log files alone',
    source: DOCS.scpEvaluation,
    request: { ...roleSession(admin(LOG_ARCHIVE)), action: 'kms:Decrypt', resource: KEY_ARN, resourceAccount: LOG_ARCHIVE, identityPolicies: [ADMINISTRATOR_POLICY], resourcePolicy: defaultKeyPolicy(LOG_ARCHIVE), serviceControlPolicies: MEMBER_SCPS, resourceControlPolicies: ARCHIVE_RCPS },
    decision: 'Allowed',
  },
  ...[admin(DELEGATED_ADMIN), LOG_BREAK_GLASS].map((role): GuardFlow => ({
    name: `${role} leaves the organization`,
    proves: 'no member principal, break-glass included, can take its account out of the organization trail',
    source: DOCS.scpEvaluation,
    request: { ...roleSession(role), action: 'organizations:LeaveOrganization', resource: '*', resourceAccount: role.split(':')[4], identityPolicies: [ADMINISTRATOR_POLICY], serviceControlPolicies: MEMBER_SCPS },
    decision: 'ExplicitlyDenied',
    deniedBy: 'DenyLeaveOrganization',
  })),
];

const RCP_FLOWS: GuardFlow[] = [
  // The management account's principals carry no SCP: SCPs do not restrict them.
  ...(['s3:DeleteBucket', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration'] as const).map((action): GuardFlow => ({
    name: `a management-account admin, granted s3:* by a bucket policy mistake, calls ${action} on the archive`,
    proves: 'the RCP binds the principals SCPs never restrict (that AWS evaluates RCPs for management-account callers: UNVERIFIED)',
    source: DOCS.rcps,
    request: {
      ...roleSession(admin(MANAGEMENT_ACCOUNT)),
      action,
      resource: BUCKET_ARN,
      resourceAccount: LOG_ARCHIVE,
      identityPolicies: [ADMINISTRATOR_POLICY],
      resourcePolicy: grantsEverythingTo(MANAGEMENT_ACCOUNT, 's3', [BUCKET_ARN, `${BUCKET_ARN}/*`]),
      resourceControlPolicies: ARCHIVE_RCPS,
    },
    decision: 'ExplicitlyDenied',
    deniedBy: 'DenyArchiveBucketTamper',
  })),
  {
    name: 'an outside account\'s admin, granted kms:* by a key policy mistake, schedules the key\'s deletion',
    proves: 'the RCP binds principals of other organizations',
    source: DOCS.rcps,
    request: {
      ...roleSession(admin(OUTSIDE_ACCOUNT)),
      action: 'kms:ScheduleKeyDeletion',
      resource: KEY_ARN,
      resourceAccount: LOG_ARCHIVE,
      identityPolicies: [ADMINISTRATOR_POLICY],
      resourcePolicy: grantsEverythingTo(OUTSIDE_ACCOUNT, 'kms', ['*']),
      resourceControlPolicies: ARCHIVE_RCPS,
    },
    decision: 'ExplicitlyDenied',
    deniedBy: 'DenyArchiveKeyTamper',
  },
  {
    name: 'CloudTrail delivers a member account\'s log file',
    proves: 'the RCP leaves CloudTrail\'s delivery alone (aws:PrincipalArn is absent, but PutObject is not denied)',
    source: DOCS.cloudTrailBucketPolicy,
    request: {
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: LOG_OBJECT,
      resourceAccount: LOG_ARCHIVE,
      context: { 'aws:SecureTransport': 'true', 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com', 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' },
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'AWSCloudTrailOrganizationWrite',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${BUCKET_ARN}/AWSLogs/${ORGANIZATION_ID}/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } },
        }],
      },
      resourceControlPolicies: ARCHIVE_RCPS,
    },
    decision: 'Allowed',
  },
  {
    name: 'CloudTrail generates a data key with the archive key',
    proves: 'the RCP leaves CloudTrail\'s encryption alone',
    source: DOCS.cloudTrailKeyPolicy,
    request: {
      principal: 'cloudtrail.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: KEY_ARN,
      resourceAccount: LOG_ARCHIVE,
      context: { 'aws:SecureTransport': 'true', 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com', 'aws:SourceArn': TRAIL_ARN, 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN },
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'AllowCloudTrailToEncryptLogs',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MANAGEMENT_ACCOUNT}:trail/*` } },
        }],
      },
      resourceControlPolicies: ARCHIVE_RCPS,
    },
    decision: 'Allowed',
  },
];

describe('tamper guard flows', () => {
  test.each([...SCP_FLOWS, ...RCP_FLOWS].map((flow) => [flow.name, flow]))('%s', async (_name, flow) => {
    const outcome = await simulate(flow.request);
    expect({ decision: outcome.decision, proves: flow.proves }).toEqual({ decision: flow.decision, proves: flow.proves });
    if (flow.deniedBy) {
      expect(outcome.explanation).toMatch(new RegExp(`^(scp|rcp) deny: ${flow.deniedBy}$`, 'm'));
    }
    expect(flow.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  test('without the RCP, the bucket policy mistake would have let the management account delete the archive', async () => {
    const [flow] = RCP_FLOWS;
    const outcome = await simulate({ ...flow.request, resourceControlPolicies: [] });
    expect(outcome.decision).toBe('Allowed');
  });

  test('without the SCP, the log-archive admin could delete the archive', async () => {
    const flow = SCP_FLOWS.find((candidate) => candidate.request.action === 's3:DeleteBucket')!;
    const outcome = await simulate({ ...flow.request, serviceControlPolicies: [[FULL_AWS_ACCESS]] });
    expect(outcome.decision).toBe('Allowed');
  });
});
