import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DeployedSystem } from './deployed-system';
import { DOCS } from './docs';
import { testFlowCases } from './flow-cases';
import {
  ADMINISTRATOR_POLICY, ContextKey, FlowExtras, MANAGEMENT_ACCOUNT, MEMBER_ACCOUNT, READ_ONLY_POLICY, SERVICE_FLOWS, ServiceFlow, toSimulation,
} from './service-flows';
import { simulate } from './simulator';
import { DeploymentEnv } from './template-resolver';
import { OrganizationTrail, TrailDeployment } from '../../src';

/**
 * The trail's service flows on a stack a CloudTrail delegated administrator deploys: the archive,
 * key, log group and delivery role live in the delegated administrator's account, and the trail
 * belongs to the management account. CloudTrail acts for the management account's trail
 * (aws:SourceArn arn:aws:cloudtrail:<home>:<management account>:trail/<name>, aws:SourceAccount the
 * management account), so every required flow must be allowed with those keys, and every attack
 * (other trails, other accounts, the delegated administrator's own trail ARN) denied.
 */

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const DELEGATED_ADMIN = '333333333333';
const DA_ENV: DeploymentEnv = { account: DELEGATED_ADMIN, region: 'us-east-1', partition: 'aws' };
/** The management account's trail, written out as the CloudTrail guide defines its owner (not taken from the template). */
const MANAGEMENT_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT}:trail/organization-trail`;

/**
 * The shared flows between CloudTrail (or its delivery role) and the trail's resources. Reader,
 * alert and validator flows, and the two below that name the management account as the account of
 * the log group or of the logged bucket, assume a management-account stack; their
 * delegated-administrator forms are `DELEGATED_FLOWS`.
 */
const TRAIL_FLOW = /^(cloudtrail-|other-trail-|other-account-trail-|delivery-role-|cloudwatch-logs-uses-key|other-log-group-uses-key|other-bucket-logs-into-access-log-bucket)/;
const MANAGEMENT_ACCOUNT_STACK_ONLY = ['delivery-role-writes-log-streams'];

function tls(): ContextKey[] {
  return [{ key: 'aws:SecureTransport', value: 'true', source: DOCS.globalKeys }];
}

/** The same flows with the delegated administrator's account where the resource lives there. */
const DELEGATED_FLOWS: ServiceFlow[] = [
  {
    id: 'delivery-role-writes-log-streams-in-delegated-admin-log-group',
    kind: 'required',
    proves: 'the delivery role creates and writes the management account\'s stream, the log group owner\'s stream and every member\'s stream in the delegated administrator\'s log group',
    uncertain: 'Which account prefixes the trail owner\'s own stream in a delegated administrator\'s log group is not documented; both are allowed.',
    requests: (system) => {
      const group = system.logGroupArn?.replace(/:\*$/, '');
      const role = system.deliveryRole;
      if (!role || !group) {
        return [];
      }
      const streams = [`${MANAGEMENT_ACCOUNT}_CloudTrail_us-east-1`, `${DELEGATED_ADMIN}_CloudTrail_us-east-1`, `${ORGANIZATION_ID}_${MEMBER_ACCOUNT}_CloudTrail_us-east-1`];
      return streams.flatMap((stream) => ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({
        label: `${action} ${stream}`,
        principal: role.arn,
        action,
        resource: `${group}:log-stream:${stream}`,
        resourceAccount: DELEGATED_ADMIN,
        context: [...tls(),
          { key: 'aws:PrincipalIsAWSService', value: 'false', source: DOCS.globalKeys },
          { key: 'aws:PrincipalArn', value: role.arn, source: DOCS.globalKeys },
          { key: 'aws:PrincipalAccount', value: DELEGATED_ADMIN, source: DOCS.globalKeys }],
        identityPolicies: role.policies,
      })));
    },
  },
  {
    id: 'server-access-logging-delivers-in-delegated-admin-account',
    kind: 'required',
    proves: 'S3 server access logging delivers the archive\'s access logs (aws:SourceAccount is the buckets\' account, the delegated administrator\'s)',
    requests: (system) => system.accessLogs?.policy ? [{
      principal: 'logging.s3.amazonaws.com',
      action: 's3:PutObject',
      resource: `${system.accessLogs.arn}/archive/2026-11-30-12-00-00-ABCDEF0123456789`,
      resourceAccount: DELEGATED_ADMIN,
      context: [...tls(),
        { key: 'aws:PrincipalIsAWSService', value: 'true', source: DOCS.globalKeys },
        { key: 'aws:PrincipalServiceName', value: 'logging.s3.amazonaws.com', source: DOCS.globalKeys },
        { key: 'aws:SourceArn', value: system.archive.arn, source: DOCS.serverAccessLogging },
        { key: 'aws:SourceAccount', value: DELEGATED_ADMIN, source: DOCS.serverAccessLogging },
        { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion }],
      resourcePolicy: system.accessLogs.policy,
    }] : [],
  },
];

const TRAIL_FLOWS: ServiceFlow[] = [
  ...SERVICE_FLOWS.filter((flow) => TRAIL_FLOW.test(flow.id) && !MANAGEMENT_ACCOUNT_STACK_ONLY.includes(flow.id)),
  ...DELEGATED_FLOWS,
];

function delegatedStack(configure: (stack: Stack) => Partial<ConstructorParameters<typeof OrganizationTrail>[2]>): DeployedSystem {
  const app = new App();
  const stack = new Stack(app, 'DelegatedAdminTrail', { env: { account: DELEGATED_ADMIN, region: 'us-east-1' } });
  new OrganizationTrail(stack, 'OrgTrail', {
    organizationId: ORGANIZATION_ID,
    deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: MANAGEMENT_ACCOUNT }),
    ...configure(stack),
  });
  const template = app.synth().getStackByName(stack.stackName).template;
  return new DeployedSystem(template, DA_ENV, { organizationId: ORGANIZATION_ID });
}

const SHAPES: Array<[string, () => DeployedSystem]> = [
  ['the smallest delegated administrator trail', () => delegatedStack(() => ({}))],
  ['a key prefix and delivery notifications on an encrypted topic', () => delegatedStack((stack) => ({
    s3KeyPrefix: 'audit',
    snsTopic: new sns.Topic(stack, 'Delivery', { masterKey: new kms.Key(stack, 'TopicKey', { enableKeyRotation: true }) }),
  }))],
];

function extrasFor(): FlowExtras {
  const roleArn = (name: string) => `arn:aws:iam::${DELEGATED_ADMIN}:role/${name}`;
  return {
    readOnlyAuditor: { arn: roleArn('ReadOnlyAuditor'), trustPolicy: {}, policies: [READ_ONLY_POLICY] },
    administrator: { arn: roleArn('Administrator'), trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] },
  };
}

describe.each(SHAPES)('delegated administrator flows: %s', (_name, build) => {
  const system = build();
  const cases = TRAIL_FLOWS.flatMap((flow) => flow.requests(system, extrasFor()).map((request) => ({ flow, request })));

  test('the system found is the management account\'s trail, from the custom resource', () => {
    expect(system.trailArn).toEqual(MANAGEMENT_TRAIL_ARN);
    expect(system.archive.policy).toBeDefined();
    expect(system.trailKey.policy).toBeDefined();
    expect(system.deliveryRole).toBeDefined();
  });

  test('has the trail\'s flows to run', () => {
    const ids = new Set(cases.map(({ flow }) => flow.id));
    expect([...ids]).toEqual(expect.arrayContaining([
      'cloudtrail-checks-archive-acl', 'cloudtrail-writes-management-account-logs', 'cloudtrail-writes-organization-logs',
      'cloudtrail-generates-data-keys', 'cloudtrail-describes-key', 'cloudtrail-assumes-delivery-role',
      'delivery-role-writes-log-streams-in-delegated-admin-log-group', 'server-access-logging-delivers-in-delegated-admin-account',
      'other-trail-writes-archive', 'other-trail-uses-key', 'other-trail-assumes-delivery-role',
    ]));
  });

  testFlowCases(cases);

  // What a stack that named its own account's trail would have allowed: CloudTrail never sends it for this trail.
  const ownTrailArn = `arn:aws:cloudtrail:us-east-1:${DELEGATED_ADMIN}:trail/organization-trail`;
  test.each(['cloudtrail-checks-archive-acl', 'cloudtrail-writes-organization-logs', 'cloudtrail-generates-data-keys', 'cloudtrail-assumes-delivery-role'])(
    'the delegated administrator\'s own trail ARN is denied where the management account\'s is allowed: %s', async (id) => {
      const flow = TRAIL_FLOWS.find((candidate) => candidate.id === id)!;
      const requests = flow.requests({ ...system, trailArn: ownTrailArn } as DeployedSystem, extrasFor())
        // The delivery role's trust has an IfExists form for requests without source keys; only requests naming a trail count here.
        .filter((request) => request.context.some((entry) => entry.key === 'aws:SourceArn'));
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) {
        const outcome = await simulate(toSimulation(request));
        expect(outcome.decision).not.toEqual('Allowed');
      }
    });
});
