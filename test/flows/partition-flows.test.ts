import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeployedSystem } from './deployed-system';
import { testFlowCases } from './flow-cases';
import { ADMINISTRATOR_POLICY, FlowExtras, MANAGEMENT_ACCOUNT, MEMBER_ACCOUNT, READ_ONLY_POLICY, SERVICE_FLOWS } from './service-flows';
import { DeploymentEnv } from './template-resolver';
import { OrganizationTrail } from '../../src';
import { appWithExampleContext } from '../util/example-app';

/**
 * The service-flow suite on an AWS GovCloud (US) deployment: the same required flows are allowed and
 * attacks denied when every ARN, principal and request is in the `aws-us-gov` partition (the stack
 * in us-gov-west-1, where GovCloud's global-service events arrive, members also in us-gov-east-1).
 * China is left out: the flows write regional service names with the commercial DNS suffix.
 */

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const PARTITION = 'aws-us-gov';
const HOME: DeploymentEnv = { account: MANAGEMENT_ACCOUNT, region: 'us-gov-west-1', partition: PARTITION };
const MEMBER_ENVS: DeploymentEnv[] = [
  { account: MEMBER_ACCOUNT, region: 'us-gov-west-1', partition: PARTITION },
  { account: MEMBER_ACCOUNT, region: 'us-gov-east-1', partition: PARTITION },
];
const BREAK_GLASS_ARN = `arn:${PARTITION}:iam::${MANAGEMENT_ACCOUNT}:role/ArchiveBreakGlass`;

function build(): DeployedSystem {
  const stack = new Stack(appWithExampleContext(), 'GovCloud', { env: { account: HOME.account, region: HOME.region } });
  const trail = new OrganizationTrail(stack, 'OrgTrail', {
    organizationId: ORGANIZATION_ID,
    s3KeyPrefix: 'audit/trail',
    alerts: { organizationFanout: { organizationalUnitIds: ['r-ab12'], regions: MEMBER_ENVS.map((env) => env.region) } },
    archiveBreakGlassPrincipalArns: [BREAK_GLASS_ARN],
    integrityValidation: {},
  });
  const account = new iam.AccountRootPrincipal();
  trail.grantRead(new iam.Role(stack, 'LogReader', { roleName: 'log-reader', assumedBy: account }));
  trail.grantQuery(new iam.Role(stack, 'QueryUser', { roleName: 'query-user', assumedBy: account }));
  const template = App.of(stack)!.synth().getStackByName(stack.stackName).template;
  return new DeployedSystem(template, HOME, { organizationId: ORGANIZATION_ID, memberEnvs: MEMBER_ENVS });
}

const system = build();
const roleArn = (name: string) => `arn:${PARTITION}:iam::${MANAGEMENT_ACCOUNT}:role/${name}`;
const extras: FlowExtras = {
  logReader: system.roleNamed('log-reader'),
  queryUser: system.roleNamed('query-user'),
  readOnlyAuditor: { arn: roleArn('ReadOnlyAuditor'), trustPolicy: {}, policies: [READ_ONLY_POLICY] },
  administrator: { arn: roleArn('Administrator'), trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] },
  breakGlass: { arn: BREAK_GLASS_ARN, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] },
};
const cases = SERVICE_FLOWS.flatMap((flow) => flow.requests(system, extras).map((request) => ({ flow, request })));

test('the GovCloud deployment has flows to run, its trail and forwarding in aws-us-gov', () => {
  expect(cases.length).toBeGreaterThan(10);
  expect(system.trailArn).toBe(`arn:${PARTITION}:cloudtrail:us-gov-west-1:${MANAGEMENT_ACCOUNT}:trail/organization-trail`);
  expect(system.forwarding.map((forwarding) => forwarding.env.region)).toEqual(['us-gov-west-1', 'us-gov-east-1']);
  expect(cases.every(({ request }) => !/arn:aws:/.test(`${request.principal} ${request.resource}`))).toBe(true);
});

testFlowCases(cases);
