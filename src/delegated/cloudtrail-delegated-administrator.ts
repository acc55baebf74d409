import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeSdkProviderFunction, sdkProvider } from './sdk-provider';
import { acknowledge, wildcardResourceAcknowledgements } from '../private/acknowledgements';
import { ACCOUNT_ID } from '../private/names';
import { propNamer, throwIfProblems } from '../private/validation';

/** The construct named in the heading of a multi-problem error. */
const CONSTRUCT = 'CloudTrailDelegatedAdministrator';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/**
 * What the caller needs to register and deregister a CloudTrail delegated administrator, as the
 * CloudTrail guide lists it (with `Resource: *`). The two IAM actions are narrowed here to
 * CloudTrail's service-linked role, the only role registration creates.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator-permissions.html
 */
export const REGISTRATION_ACTIONS: readonly string[] = [
  'cloudtrail:RegisterOrganizationDelegatedAdmin',
  'cloudtrail:DeregisterOrganizationDelegatedAdmin',
  'organizations:RegisterDelegatedAdministrator',
  'organizations:DeregisterDelegatedAdministrator',
  'organizations:ListAWSServiceAccessForOrganization',
];

/**
 * Props for `CloudTrailDelegatedAdministrator`.
 */
export interface CloudTrailDelegatedAdministratorProps {
  /**
   * The member account to register as CloudTrail delegated administrator (12 digits; not the
   * management account: CannotDelegateManagementAccountException). An organization has at most
   * three CloudTrail delegated administrators.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
   */
  readonly memberAccountId: string;

  /**
   * Enable trusted access for CloudTrail in AWS Organizations first
   * (`EnableAWSServiceAccess` for `cloudtrail.amazonaws.com`); registration fails with
   * CloudTrailAccessNotEnabledException without it. It is never disabled when the stack is
   * deleted: every organization trail and delegated administrator of CloudTrail depends on it.
   * Set false if trusted access is already on and you do not want this stack to call Organizations
   * for it.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html
   * @default true
   */
  readonly enableTrustedAccess?: boolean;

  /**
   * What happens to the custom resource provider's log group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Registers a member account as the organization's CloudTrail delegated administrator, from the
 * management account (no CloudFormation resource does: a custom resource calls CloudTrail's
 * RegisterOrganizationDelegatedAdmin, and DeregisterOrganizationDelegatedAdmin when it is removed).
 * Deregistering deletes nothing the delegated administrator created: the management account owns
 * those trails.
 *
 * Deploy it in the management account before the delegated administrator's `OrganizationTrail`
 * (`deployedFrom: TrailDeployment.delegatedAdministrator(...)`).
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 *
 * @example
 * new CloudTrailDelegatedAdministrator(this, 'CloudTrailAdmin', {
 *   memberAccountId: '222222222222',
 * });
 */
export class CloudTrailDelegatedAdministrator extends Construct {
  /**
   * The registered account.
   * @attribute
   */
  public readonly memberAccountId: string;

  /** The custom resource that registers the account. */
  public readonly registration: cr.AwsCustomResource;

  /** The custom resource that enables trusted access (undefined when `enableTrustedAccess` is false). */
  public readonly trustedAccess?: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: CloudTrailDelegatedAdministratorProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.validate(props, stack);
    this.memberAccountId = props.memberAccountId;
    const enableTrustedAccess = props.enableTrustedAccess ?? true;

    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Lets the custom resources register ${props.memberAccountId} as CloudTrail delegated administrator`,
      statements: registrationStatements(stack, enableTrustedAccess),
    });
    acknowledge(policy, wildcardResourceAcknowledgements(stack, ['*'],
      'The CloudTrail guide grants the registration actions on \'*\' (the Organizations actions act on the organization\'s accounts, which this stack cannot name without the organization\'s ID), as does its prerequisites page for enabling trusted access; the IAM actions are narrowed to CloudTrail\'s service-linked role.'));
    const provider = sdkProvider(this, policy, { removalPolicy: props.removalPolicy });
    const common = { role: provider.role, logGroup: provider.logGroup, installLatestAwsSdk: false };

    if (enableTrustedAccess) {
      const enable: cr.AwsSdkCall = {
        service: 'Organizations',
        action: 'enableAWSServiceAccess',
        parameters: { ServicePrincipal: CLOUDTRAIL },
        physicalResourceId: cr.PhysicalResourceId.of(`${CLOUDTRAIL}-trusted-access`),
      };
      // No onDelete: disabling trusted access would affect every organization trail.
      this.trustedAccess = new cr.AwsCustomResource(this, 'TrustedAccess', {
        ...common, resourceType: 'Custom::OrganizationsTrustedAccess', onCreate: enable, onUpdate: enable,
      });
      this.trustedAccess.node.addDependency(policy);
    }

    const register: cr.AwsSdkCall = {
      service: 'CloudTrail',
      action: 'registerOrganizationDelegatedAdmin',
      parameters: { MemberAccountId: props.memberAccountId },
      physicalResourceId: cr.PhysicalResourceId.of(props.memberAccountId),
    };
    this.registration = new cr.AwsCustomResource(this, 'Resource', {
      ...common,
      resourceType: 'Custom::CloudTrailDelegatedAdministrator',
      onCreate: register,
      // The account is the only setting: an update registers the new account, and CloudFormation
      // then deletes the old resource, which deregisters the old account.
      onUpdate: register,
      onDelete: {
        service: 'CloudTrail',
        action: 'deregisterOrganizationDelegatedAdmin',
        parameters: { DelegatedAdminAccountId: props.memberAccountId },
      },
    });
    this.registration.node.addDependency(policy);
    if (this.trustedAccess) {
      this.registration.node.addDependency(this.trustedAccess);
    }
    acknowledgeSdkProviderFunction(this);
  }

  private validate(props: CloudTrailDelegatedAdministratorProps, stack: Stack): void {
    const name = propNamer(props);
    const account = props.memberAccountId;
    const problems: string[] = [];
    if (!Token.isUnresolved(account)) {
      if (!ACCOUNT_ID.test(account)) {
        problems.push(`'${name('memberAccountId')}' must be a 12-digit AWS account ID, got '${account}'. Pass the member account's ID, for example '222222222222'.`);
      } else if (!Token.isUnresolved(stack.account) && stack.account === account) {
        problems.push(`'${name('memberAccountId')}' is '${account}', the account of this stack, which must be the management account; CloudTrail cannot delegate to the management account (CannotDelegateManagementAccountException). Pass a member account's ID.`);
      }
    }
    throwIfProblems(CONSTRUCT, problems);
  }
}

/**
 * The registration's permissions: the guide's list, the IAM actions on CloudTrail's service-linked
 * role only, and, with trusted access, `organizations:EnableAWSServiceAccess` for CloudTrail only.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator-permissions.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions
 */
function registrationStatements(stack: Stack, enableTrustedAccess: boolean): iam.PolicyStatement[] {
  const serviceLinkedRoleArn = stack.formatArn({
    service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail',
  });
  return [
    new iam.PolicyStatement({ sid: 'RegisterCloudTrailDelegatedAdministrator', actions: [...REGISTRATION_ACTIONS], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'ReadCloudTrailServiceLinkedRole', actions: ['iam:GetRole'], resources: [serviceLinkedRoleArn] }),
    new iam.PolicyStatement({
      sid: 'CreateCloudTrailServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [serviceLinkedRoleArn],
      conditions: { StringEquals: { 'iam:AWSServiceName': CLOUDTRAIL } },
    }),
    ...(enableTrustedAccess ? [new iam.PolicyStatement({
      sid: 'EnableCloudTrailTrustedAccess',
      actions: ['organizations:EnableAWSServiceAccess'],
      resources: ['*'],
    })] : []),
  ];
}
