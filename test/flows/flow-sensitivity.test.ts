import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeployedSystem } from './deployed-system';
import { ADMINISTRATOR_POLICY, FlowExtras, MANAGEMENT_ACCOUNT, MEMBER_ACCOUNT, MEMBER_REGION, READ_ONLY_POLICY, SERVICE_FLOWS, toSimulation } from './service-flows';
import { simulate } from './simulator';
import { DeploymentEnv } from './template-resolver';
import { EXAMPLE_ENV, OrganizationAuditStack } from '../../examples/example-app';
import { appWithExampleContext } from '../util/example-app';

/**
 * Tests of the tests: remove the one condition or statement that a flow depends on, and the flow
 * must change its outcome. A simulator that ignored conditions, or a flow that never reached the
 * statement it claims to prove, would leave these outcomes unchanged.
 */

const HOME: DeploymentEnv = { account: MANAGEMENT_ACCOUNT, region: 'us-east-1', partition: 'aws' };
const MEMBER_ENVS: DeploymentEnv[] = [{ account: MEMBER_ACCOUNT, region: MEMBER_REGION, partition: 'aws' }];

function exampleTemplate(): any {
  const stack = new OrganizationAuditStack(appWithExampleContext(), 'OrganizationAudit', { env: EXAMPLE_ENV });
  stack.orgTrail.grantRead(new iam.Role(stack, 'LogReader', { roleName: 'log-reader', assumedBy: new iam.AccountRootPrincipal() }));
  return App.of(stack)!.synth().getStackByName(stack.stackName).template;
}

/** Every policy statement in the template whose Sid contains `sid`. */
function statementsWithSid(node: any, sid: string, found: any[] = []): any[] {
  if (Array.isArray(node)) {
    node.forEach((item) => statementsWithSid(item, sid, found));
  } else if (node !== null && typeof node === 'object') {
    if (typeof node.Sid === 'string' && node.Sid.includes(sid)) {
      found.push(node);
    }
    Object.values(node).forEach((value) => statementsWithSid(value, sid, found));
  }
  return found;
}

function removeStatements(template: any, sid: string): void {
  for (const statement of statementsWithSid(template, sid)) {
    statement.Effect = 'Allow';
    statement.Action = 'none:Nothing';
    delete statement.Condition;
  }
}

async function allowed(template: any, flowId: string): Promise<boolean[]> {
  const system = new DeployedSystem(template, HOME, { organizationId: 'o-a1b2c3d4e5', memberEnvs: MEMBER_ENVS });
  const extras: FlowExtras = {
    logReader: system.roleNamed('log-reader'),
    readOnlyAuditor: { arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/ReadOnlyAuditor`, trustPolicy: {}, policies: [READ_ONLY_POLICY] },
    administrator: { arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/Administrator`, trustPolicy: {}, policies: [ADMINISTRATOR_POLICY] },
  };
  const flow = SERVICE_FLOWS.find((candidate) => candidate.id === flowId)!;
  const requests = flow.requests(system, extras);
  expect(requests.length).toBeGreaterThan(0);
  return Promise.all(requests.map(async (request) => (await simulate(toSimulation(request))).decision === 'Allowed'));
}

const MUTATIONS: [string, string, (template: any) => void, boolean][] = [
  ['the archive write statements lose aws:SourceArn', 'other-trail-writes-archive', (template) => {
    for (const statement of statementsWithSid(template, 'AWSCloudTrail').filter((candidate) => candidate.Action === 's3:PutObject')) {
      delete statement.Condition.StringEquals['aws:SourceArn'];
    }
  }, true],
  ['the EventBridge key statement gets aws:SourceAccount back', 'rules-use-topic-key', (template) => {
    for (const statement of statementsWithSid(template, 'AllowEventBridgePublishers')) {
      statement.Condition = { StringEquals: { 'aws:SourceAccount': MANAGEMENT_ACCOUNT } };
    }
  }, false],
  ['the bus policy admits any principal of the organization', 'member-principal-forges-events', (template) => {
    for (const statement of statementsWithSid(template, 'ForwarderRolesToPutEvents')) {
      statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
    }
  }, true],
  ['the archive loses its TLS-only statement', 'reader-reads-without-tls', (template) => {
    for (const statement of Object.values(template.Resources).flatMap((resource: any) => resource.Properties?.PolicyDocument?.Statement ?? [])) {
      if ((statement as any).Condition?.Bool?.['aws:SecureTransport'] === 'false') {
        (statement as any).Condition.Bool['aws:SecureTransport'] = 'never';
      }
    }
  }, true],
  ['the archive guard is removed', 'administrator-shortens-archive', (template) => removeStatements(template, 'DenyArchiveShortening'), true],
  ['the validator loses its LookupEvents statement', 'validator-looks-up-trail-events', (template) => removeStatements(template, 'LookupTrailLoggingEvents'), false],
  ['the key policy names the read-only auditor', 'unrelated-principal-decrypts-logs', (template) => {
    for (const key of Object.values(template.Resources).filter((resource: any) => resource.Type === 'AWS::KMS::Key') as any[]) {
      key.Properties.KeyPolicy.Statement.push({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/ReadOnlyAuditor` }, Action: 'kms:Decrypt', Resource: '*' });
    }
  }, true],
];

describe('each flow depends on the statement it claims to prove', () => {
  const pristine = JSON.stringify(exampleTemplate());

  test.each(MUTATIONS.map(([name, flowId, mutate, nowAllowed]) => [name, flowId, mutate, nowAllowed] as const))(
    '%s: %s flips', async (_name, flowId, mutate, nowAllowed) => {
      const before = await allowed(JSON.parse(pristine), flowId);
      const template = JSON.parse(pristine);
      mutate(template);
      const after = await allowed(template, flowId);
      expect(before.every((decision) => decision === !nowAllowed)).toBe(true);
      expect(after.some((decision) => decision === nowAllowed)).toBe(true);
    });
});
