import * as path from 'path';
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';

/**
 * IAM policy evaluation with @cloud-copilot/iam-simulate.
 *
 * The package's `runSimulation` validates policies, actions and resource types, but drops every
 * context key whose name is variable in its action data unless the name contains `/`: the KMS
 * encryption-context keys (`kms:EncryptionContext:aws:cloudtrail:arn` and friends) vanish, and every
 * CloudTrail and CloudWatch Logs key flow would come out denied for the wrong reason. So each
 * request is evaluated twice: `runSimulation` checks the inputs (an unknown action or a malformed
 * policy fails the test), and the package's core `authorize` evaluates the request with every
 * context key the flow supplies. `runUnsafeSimulation` would do the latter, but it loads the
 * resource policy without a name and crashes (0.1.173).
 */

type PolicyDocument = { [key: string]: any };

export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

export interface SimulationRequest {
  /** An IAM principal ARN, a service principal (`cloudtrail.amazonaws.com`), or 'anonymous'. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: { [key: string]: string | string[] };
  readonly identityPolicies?: NamedPolicy[];
  readonly resourcePolicy?: PolicyDocument;
  /** Service control policies, root first (each level a list). */
  readonly serviceControlPolicies?: NamedPolicy[][];
  /**
   * Resource control policies of the resource's account, root first (each level a list).
   * `RCPFullAWSAccess`, which Organizations attaches to every root, OU and account, is added to
   * each level.
   */
  readonly resourceControlPolicies?: NamedPolicy[][];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface SimulationOutcome {
  readonly decision: Decision;
  /** The statements that decided it, for failure messages. */
  readonly explanation: string;
}

const simulateRoot = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
// The package exports only its index; the core engine and request types are loaded by path.
/* eslint-disable @typescript-eslint/no-require-imports */
const { authorize } = require(path.join(simulateRoot, 'core_engine', 'CoreSimulatorEngine.js'));
const { AwsRequestImpl } = require(path.join(simulateRoot, 'request', 'request.js'));
const { RequestContextImpl } = require(path.join(simulateRoot, 'requestContext.js'));
const { DiscoveryContextKeyConstraints } = require(path.join(simulateRoot, 'context_keys', 'discoveryContextKeyConstraints.js'));
const { anonymousPrincipal } = require(path.join(simulateRoot, 'simulation_engine', 'simulation.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The RCP Organizations attaches everywhere once RCPs are enabled; it lets every request through.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */
const RCP_FULL_AWS_ACCESS: NamedPolicy = {
  name: 'RCPFullAWSAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
};

export async function simulate(request: SimulationRequest): Promise<SimulationOutcome> {
  const principal = request.principal === 'anonymous' ? anonymousPrincipal : request.principal;
  const identityPolicies = request.principal === 'anonymous' ? [] : (request.identityPolicies ?? []);
  const controlPolicies = (request.serviceControlPolicies ?? []).map((level, index) => ({
    orgIdentifier: `level-${index}`,
    policies: level,
  }));
  const resourceControlPolicies = (request.resourceControlPolicies ?? []).map((level, index) => ({
    orgIdentifier: `rcp-level-${index}`,
    policies: level,
  }));
  const simulation: Simulation = {
    request: {
      principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: request.context,
    },
    identityPolicies: identityPolicies.map((policy) => ({ name: policy.name, policy: policy.policy })),
    serviceControlPolicies: request.principal === 'anonymous' ? [] : controlPolicies,
    // runSimulation adds RCPFullAWSAccess to each level itself.
    resourceControlPolicies,
    resourcePolicy: request.resourcePolicy,
  };
  const checked = await runSimulation(simulation, {});
  if (checked.resultType === 'error') {
    throw new Error(`iam-simulate rejected the flow's inputs: ${JSON.stringify(checked.errors)}`);
  }

  const result = authorize({
    request: new AwsRequestImpl(principal, { resource: request.resource, accountId: request.resourceAccount },
      request.action, new RequestContextImpl(request.context)),
    sessionPolicy: undefined,
    identityPolicies: identityPolicies.map((policy) => loadPolicy(policy.policy, { name: policy.name })),
    serviceControlPolicies: request.principal === 'anonymous' ? [] : controlPolicies.map((level) => ({
      orgIdentifier: level.orgIdentifier,
      policies: level.policies.map((policy) => loadPolicy(policy.policy, { name: policy.name })),
    })),
    resourceControlPolicies: resourceControlPolicies.map((level) => ({
      orgIdentifier: level.orgIdentifier,
      policies: [RCP_FULL_AWS_ACCESS, ...level.policies].map((policy) => loadPolicy(policy.policy, { name: policy.name })),
    })),
    resourcePolicy: request.resourcePolicy ? loadPolicy(request.resourcePolicy, { name: 'resource policy' }) : undefined,
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: { blockPublicAccess: true } },
  });
  return { decision: result.result as Decision, explanation: explain(result) };
}

function explain(result: any): string {
  const lines: string[] = [`result: ${result.result}`];
  for (const [label, analysis] of [['identity', result.identityAnalysis], ['resource', result.resourceAnalysis], ['scp', result.scpAnalysis], ['rcp', result.rcpAnalysis]] as const) {
    if (!analysis) {
      continue;
    }
    // Control policies are analysed per level of the organization (root, OU, account).
    const levels: any[] = (analysis as any).ouAnalysis ?? [analysis];
    for (const kind of ['allowStatements', 'denyStatements', 'unmatchedStatements']) {
      for (const statement of levels.flatMap((level) => level[kind] ?? [])) {
        const details = statement.explain ?? statement;
        if (kind === 'unmatchedStatements' && !details.actionMatch) {
          continue;
        }
        const sid = details.identifier ?? '?';
        const why = kind === 'unmatchedStatements' ? [
          !details.principalMatch || details.principalMatch === 'NoMatch' ? ' (principal not matched)' : '',
          !details.resourceMatch ? ' (resource not matched)' : '',
          conditionSummary(details),
        ].join('') : '';
        lines.push(`${label} ${kind.replace('Statements', '')}: ${sid}${why}`);
      }
    }
  }
  return lines.join('\n');
}

function conditionSummary(details: any): string {
  const failed = (details.conditions ?? []).filter((condition: any) => !condition.matches)
    .map((condition: any) => `${condition.operator} ${condition.conditionKeyValue}`);
  return failed.length > 0 ? ` (condition not met: ${failed.join(', ')})` : '';
}
