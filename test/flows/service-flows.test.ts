import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DeployedSystem } from './deployed-system';
import { testFlowCases } from './flow-cases';
import { ADMINISTRATOR_POLICY, FlowExtras, MANAGEMENT_ACCOUNT, MEMBER_ACCOUNT, MEMBER_REGION, READ_ONLY_POLICY, SERVICE_FLOWS } from './service-flows';
import { DeploymentEnv } from './template-resolver';
import { EXAMPLE_ENV, OrganizationAuditStack } from '../../examples/example-app';
import { OrganizationTrail } from '../../src';
import { appWithExampleContext } from '../util/example-app';

/**
 * The service-flow suite: every required flow is allowed and every attack denied, on every stack
 * shape users deploy, evaluated by an IAM policy simulator against the synthesized policies.
 */

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const HOME: DeploymentEnv = { account: MANAGEMENT_ACCOUNT, region: 'us-east-1', partition: 'aws' };
const MEMBER_ENVS: DeploymentEnv[] = [
  { account: MEMBER_ACCOUNT, region: 'us-east-1', partition: 'aws' },
  { account: MEMBER_ACCOUNT, region: MEMBER_REGION, partition: 'aws' },
];

const BREAK_GLASS_ARN = `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/ArchiveBreakGlass`;

/** The default key policy AWS gives a key created outside CloudFormation (for imported keys). */
const DEFAULT_KEY_POLICY_STATEMENT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};

/** Adds the principals the flows read with: one given grantRead, one given grantQuery. */
function addReaders(stack: Stack, trail: OrganizationTrail): void {
  const account = new iam.AccountRootPrincipal();
  trail.grantRead(new iam.Role(stack, 'LogReader', { roleName: 'log-reader', assumedBy: account }));
  if (trail.query) {
    trail.grantQuery(new iam.Role(stack, 'QueryUser', { roleName: 'query-user', assumedBy: account }));
  }
}

/** The statements the component printed for an imported resource, as its owner would paste them. */
function pastedStatements(stack: Stack, warningId: string): any[] {
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(warningId));
  return warnings.flatMap((warning) => {
    const text = String(warning.entry.data);
    return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)).Statement;
  });
}

interface StackShape {
  readonly name: string;
  readonly build: () => DeployedSystem;
}

function synthesize(stack: Stack): any {
  return App.of(stack)!.synth().getStackByName(stack.stackName).template;
}

const SHAPES: StackShape[] = [
  {
    name: 'the example app',
    build: () => {
      // With the feature flags of examples/cdk.json, as users deploy it (partition literals, minimized policies).
      const stack = new OrganizationAuditStack(appWithExampleContext(), 'OrganizationAudit', { env: EXAMPLE_ENV });
      addReaders(stack, stack.orgTrail);
      return new DeployedSystem(synthesize(stack), HOME, { organizationId: ORGANIZATION_ID, memberEnvs: MEMBER_ENVS });
    },
  },
  {
    name: 'the smallest trail',
    build: () => {
      const stack = new Stack(new App(), 'Smallest', { env: EXAMPLE_ENV });
      addReaders(stack, new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORGANIZATION_ID }));
      return new DeployedSystem(synthesize(stack), HOME, { organizationId: ORGANIZATION_ID });
    },
  },
  {
    name: 'alerts without metric filters, fanned out, a break-glass principal',
    build: () => {
      const stack = new Stack(new App(), 'RulesOnly', { env: EXAMPLE_ENV });
      new OrganizationTrail(stack, 'OrgTrail', {
        organizationId: ORGANIZATION_ID,
        s3KeyPrefix: 'audit/trail',
        alerts: { metricFilterAlarms: false, organizationFanout: { organizationalUnitIds: ['r-ab12'], regions: ['us-east-1', MEMBER_REGION] } },
        archiveBreakGlassPrincipalArns: [BREAK_GLASS_ARN],
        integrityValidation: {},
      });
      return new DeployedSystem(synthesize(stack), HOME, { organizationId: ORGANIZATION_ID, memberEnvs: MEMBER_ENVS });
    },
  },
  {
    name: 'an imported archive bucket and key',
    build: () => {
      const stack = new Stack(new App(), 'Imported', { env: EXAMPLE_ENV });
      const trail = new OrganizationTrail(stack, 'OrgTrail', {
        organizationId: ORGANIZATION_ID,
        archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'existing-cloudtrail-archive'),
        encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${MANAGEMENT_ACCOUNT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`),
        archiveQuery: false,
      });
      addReaders(stack, trail);
      const template = synthesize(stack);
      return new DeployedSystem(template, HOME, {
        organizationId: ORGANIZATION_ID,
        importedArchivePolicy: { Version: '2012-10-17', Statement: pastedStatements(stack, 'BucketPolicyNeedsCloudTrail') },
        importedKeyPolicy: { Version: '2012-10-17', Statement: [DEFAULT_KEY_POLICY_STATEMENT, ...pastedStatements(stack, 'KeyPolicyNeeds')] },
      });
    },
  },
  {
    name: 'an env-agnostic stack',
    build: () => {
      const stack = new Stack(new App(), 'Agnostic');
      addReaders(stack, new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORGANIZATION_ID, alerts: { globalServiceAlerts: undefined } }));
      return new DeployedSystem(synthesize(stack), HOME, { organizationId: ORGANIZATION_ID });
    },
  },
];

function extrasFor(system: DeployedSystem): FlowExtras {
  const roleArn = (name: string) => `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/${name}`;
  return {
    logReader: system.roleNamed('log-reader'),
    queryUser: system.roleNamed('query-user'),
    readOnlyAuditor: { arn: roleArn('ReadOnlyAuditor'), trustPolicy: {}, policies: [READ_ONLY_POLICY] },
    administrator: { arn: roleArn('Administrator'), trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] },
    breakGlass: JSON.stringify(system.archive.policy ?? {}).includes(BREAK_GLASS_ARN)
      ? { arn: BREAK_GLASS_ARN, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] }
      : undefined,
  };
}

describe.each(SHAPES.map((shape) => [shape.name, shape] as const))('service flows: %s', (_name, shape) => {
  const system = shape.build();
  const extras = extrasFor(system);
  const cases = SERVICE_FLOWS.flatMap((flow) => flow.requests(system, extras).map((request) => ({ flow, request })));

  test('has flows to run', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  testFlowCases(cases);
});
