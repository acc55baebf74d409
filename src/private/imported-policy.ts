import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct, IDependable } from 'constructs';
import { printableStatements } from './policy-statements';

/**
 * Adds statements to a resource policy; where the resource was imported and its policy cannot be
 * changed from this stack, warns once with the statements the user must add by hand and what
 * happens without them (`consequence`, completing "Add these statements ..."). CloudTrail
 * creates the trail in member accounts even when such a policy is missing, so a silent gap would
 * only show later as missing logs. Returns the policies the statements went into, for ordering
 * (CloudTrail checks some of them when it creates the trail).
 */
export function addStatementsOrWarn(
  scope: IConstruct,
  warningId: string,
  resourceDescription: string,
  statements: iam.PolicyStatement[],
  add: (statement: iam.PolicyStatement) => iam.AddToResourcePolicyResult,
  consequence: string = 'or CloudTrail delivery fails',
): IDependable[] {
  const results = statements.map((statement) => ({ statement, result: add(statement) }));
  const missing = results.filter(({ result }) => !result.statementAdded).map(({ statement }) => statement);
  const policies = [...new Set(results.flatMap(({ result }) => result.policyDependable ? [result.policyDependable] : []))];
  if (missing.length === 0) {
    return policies;
  }
  Annotations.of(scope).addWarningV2(
    `cdk-org-trail:${warningId}`,
    `${resourceDescription} was imported, so this stack cannot change its policy. Add these statements to it before deploying, ${consequence}:\n${printableStatements(Stack.of(scope), missing)}`,
  );
  return policies;
}

/**
 * Fails when an imported resource's Region is known and differs from the stack's.
 * CloudTrail needs its bucket, key, topic and log group in the trail's home Region.
 */
export function assertSameRegion(scope: IConstruct, prop: string, resourceRegion: string | undefined, fix: string): void {
  const stackRegion = Stack.of(scope).region;
  if (!resourceRegion || Token.isUnresolved(resourceRegion) || Token.isUnresolved(stackRegion) || resourceRegion === stackRegion) {
    return;
  }
  throw new Error(`'${prop}' is in Region '${resourceRegion}' but the trail's stack is in '${stackRegion}'. ${fix}`);
}
