import { Token } from 'aws-cdk-lib';
import { ACCOUNT_ID } from '../private/names';

/**
 * Options of `TrailDeployment.delegatedAdministrator()`.
 */
export interface DelegatedAdministratorDeploymentOptions {
  /**
   * The organization's management account (12 digits), owner of the trail: every policy names the
   * trail as `arn:<partition>:cloudtrail:<region>:<managementAccountId>:trail/<trailName>`, and the
   * custom resource addresses the trail by that ARN.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
   */
  readonly managementAccountId: string;
}

/**
 * Which account deploys the organization trail's stack.
 *
 * The management account deploys an `AWS::CloudTrail::Trail`. A CloudTrail delegated administrator
 * cannot: CloudFormation creates the trail (it belongs to the management account) and then calls
 * StartLogging with the trail's name, which fails with TrailNotFoundException and rolls the stack
 * back. From a delegated administrator the trail is therefore created, updated and deleted by a
 * custom resource that addresses it by its ARN.
 *
 * @see https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1932
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 */
export class TrailDeployment {
  /**
   * The stack is deployed in the organization's management account (the default): the trail is an
   * `AWS::CloudTrail::Trail`.
   */
  public static managementAccount(): TrailDeployment {
    return new TrailDeployment(undefined);
  }

  /**
   * The stack is deployed in a CloudTrail delegated administrator account (register it first from
   * the management account, for example with `CloudTrailDelegatedAdministrator`). The trail still
   * belongs to the management account.
   */
  public static delegatedAdministrator(options: DelegatedAdministratorDeploymentOptions): TrailDeployment {
    return new TrailDeployment(options.managementAccountId);
  }

  /**
   * The management account given to `delegatedAdministrator()`; undefined when the management account deploys the
   * stack (its account is the stack's).
   */
  public readonly managementAccountId?: string;

  private constructor(managementAccountId: string | undefined) {
    this.managementAccountId = managementAccountId;
  }

  /** Whether a delegated administrator deploys the stack. */
  public get isDelegatedAdministrator(): boolean {
    return this.managementAccountId !== undefined;
  }
}

/**
 * What is wrong with a delegated administrator deployment: the management account must be 12
 * digits, and not the stack's own account (the management account deploys a plain
 * `AWS::CloudTrail::Trail`). Unresolved values are skipped.
 */
export function deploymentProblems(deployment: TrailDeployment, stackAccount: string): string[] {
  const account = deployment.managementAccountId;
  if (account === undefined || Token.isUnresolved(account)) {
    return [];
  }
  if (!ACCOUNT_ID.test(account)) {
    return [`'deployedFrom.managementAccountId' must be the management account's 12-digit ID, got '${account}'. Pass it as TrailDeployment.delegatedAdministrator({ managementAccountId: '111111111111' }).`];
  }
  if (!Token.isUnresolved(stackAccount) && stackAccount === account) {
    return [`'deployedFrom' is TrailDeployment.delegatedAdministrator(), but this stack is in the management account itself ('${account}'). Use TrailDeployment.managementAccount() (the default) there; the delegated administrator path is for a registered member account.`];
  }
  return [];
}
