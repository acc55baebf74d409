import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { SDK_PROVIDER_FUNCTION_ACKNOWLEDGEMENTS } from './acknowledgements';
import { acknowledge, wildcardResourceAcknowledgements } from '../private/acknowledgements';
import { logGroupArn, logsServicePrincipal } from '../private/arns';
import { denyGrantsExceptForAwsServicesStatement, functionLogStatement } from '../private/policy-statements';

/**
 * The Lambda function behind every `AwsCustomResource` of a stack is one singleton, created by the
 * first custom resource with that resource's role and log group. This gives it a role of our own
 * (no AWS managed policy, no inline policy: the calls' permissions come as a customer managed
 * policy) and an explicit log group, and attaches the policy to whichever role the singleton has.
 */

/** The singleton's construct ID at the stack's root (`lambdaPurpose` 'AWS' followed by the UUID without hyphens). */
const PROVIDER_ID = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

/** What an `AwsCustomResource` of this library is given. */
export interface SdkProvider {
  /** The singleton's role (ours, or the one another custom resource gave it first). */
  readonly role: iam.IRole;
  /** The log group to pass as `logGroup`; undefined when the singleton already exists (it keeps its own logging). */
  readonly logGroup?: logs.ILogGroup;
}

export interface SdkProviderOptions {
  /** Encrypts the function's log group (its policy must let CloudWatch Logs use it for that group). */
  readonly encryptionKey?: kms.IKey;
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The role and log group for the stack's `AwsCustomResource` singleton, created once per stack
 * under `scope`'s stack at a fixed ID, and the calls' policy attached to the singleton's role.
 */
export function sdkProvider(scope: Construct, policy: iam.ManagedPolicy, options: SdkProviderOptions = {}): SdkProvider {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(PROVIDER_ID) as lambda.Function | undefined;
  if (existing && !stack.node.tryFindChild('CdkOrgTrailSdkProvider')) {
    // Another custom resource created the singleton first, with its own role and logging: only the calls' policy is ours.
    policy.attachToRole(existing.role!);
    return { role: existing.role! };
  }
  const home = (stack.node.tryFindChild('CdkOrgTrailSdkProvider') as Construct | undefined) ?? new Construct(stack, 'CdkOrgTrailSdkProvider');
  let role = home.node.tryFindChild('Role') as iam.IRole | undefined;
  let logGroup = home.node.tryFindChild('LogGroup') as logs.LogGroup | undefined;
  if (!logGroup) {
    const logGroupName = `/cdk-org-trail/sdk-provider/${stack.stackName}`;
    // Encrypted like every log group of the component: with the given key, else a key of its own.
    const encryptionKey = options.encryptionKey ?? providerKey(home, options.removalPolicy);
    encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsForSdkProviderLogGroup',
      principals: [new iam.ServicePrincipal(logsServicePrincipal(stack))],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn(stack, logGroupName) } },
    }));
    logGroup = new logs.LogGroup(home, 'LogGroup', {
      logGroupName,
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey,
      removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
  if (!role) {
    role = new iam.Role(home, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the cdk-org-trail custom resources (CloudTrail and Organizations API calls)',
    });
    const logsPolicy = new iam.ManagedPolicy(home, 'LogsPolicy', {
      description: 'The cdk-org-trail custom resource provider writes its own log group',
      roles: [role],
      statements: [functionLogStatement(logGroupArn(stack, logGroup.logGroupName))],
    });
    acknowledge(logsPolicy, wildcardResourceAcknowledgements(stack, [`${logGroupArn(stack, logGroup.logGroupName)}:*`],
      'Lambda names the log streams of the provider function\'s own log group; the wildcard is that group\'s streams.'));
  }
  policy.attachToRole(role);
  return { role, logGroup };
}

/** Acknowledges the compute findings on the stack's singleton function once it exists. */
export function acknowledgeSdkProviderFunction(scope: IConstruct): void {
  const fn = Stack.of(scope).node.tryFindChild(PROVIDER_ID);
  if (fn) {
    acknowledge(fn, SDK_PROVIDER_FUNCTION_ACKNOWLEDGEMENTS);
  }
}

/** A key for the provider's log group when the stack has no trail key to reuse (the registration stack). */
function providerKey(scope: Construct, removalPolicy: RemovalPolicy | undefined): kms.Key {
  const key = new kms.Key(scope, 'Key', {
    description: 'Encrypts the log group of the cdk-org-trail custom resource provider',
    enableKeyRotation: true,
    removalPolicy: removalPolicy ?? RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
  return key;
}
