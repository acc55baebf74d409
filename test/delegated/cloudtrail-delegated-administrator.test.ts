import { App, CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CloudTrailDelegatedAdministrator, CloudTrailDelegatedAdministratorProps } from '../../src';
import { cfnValidateFindings, controlTowerFindings, nagFindings } from '../util/compliance-checkers';

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';

function build(
  props: Partial<CloudTrailDelegatedAdministratorProps> = {}, env: { account?: string } = { account: MANAGEMENT },
): { stack: Stack; template: Template } {
  const app = new App();
  const stack = new Stack(app, 'Management', { env: { account: env.account, region: 'us-east-1' } });
  new CloudTrailDelegatedAdministrator(stack, 'CloudTrailAdmin', { memberAccountId: MEMBER, ...props });
  return { stack, template: Template.fromStack(stack) };
}

/** The SDK call a custom resource makes on create, update or delete (its JSON string with references as text). */
function sdkCall(template: Template, type: string, event: 'Create' | 'Update' | 'Delete'): any {
  const resources = template.findResources(type);
  const [resource] = Object.values(resources);
  const value = resource.Properties[event];
  if (value === undefined) {
    return undefined;
  }
  const text = typeof value === 'string' ? value : value['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'REF')).join('');
  return JSON.parse(text);
}

describe('CloudTrailDelegatedAdministrator', () => {
  test('registers the member account with CloudTrail and deregisters it on delete', () => {
    const { template } = build();
    template.resourceCountIs('Custom::CloudTrailDelegatedAdministrator', 1);
    expect(sdkCall(template, 'Custom::CloudTrailDelegatedAdministrator', 'Create')).toEqual({
      service: 'CloudTrail',
      action: 'registerOrganizationDelegatedAdmin',
      parameters: { MemberAccountId: MEMBER },
      physicalResourceId: { id: MEMBER },
    });
    expect(sdkCall(template, 'Custom::CloudTrailDelegatedAdministrator', 'Update')).toMatchObject({ action: 'registerOrganizationDelegatedAdmin' });
    expect(sdkCall(template, 'Custom::CloudTrailDelegatedAdministrator', 'Delete')).toMatchObject({
      service: 'CloudTrail',
      action: 'deregisterOrganizationDelegatedAdmin',
      parameters: { DelegatedAdminAccountId: MEMBER },
    });
  });

  test('enables trusted access for CloudTrail first, and never disables it', () => {
    const { template } = build();
    expect(sdkCall(template, 'Custom::OrganizationsTrustedAccess', 'Create')).toMatchObject({
      service: 'Organizations',
      action: 'enableAWSServiceAccess',
      parameters: { ServicePrincipal: 'cloudtrail.amazonaws.com' },
    });
    expect(sdkCall(template, 'Custom::OrganizationsTrustedAccess', 'Delete')).toBeUndefined();
    const [trustedAccessId] = Object.keys(template.findResources('Custom::OrganizationsTrustedAccess'));
    template.hasResource('Custom::CloudTrailDelegatedAdministrator', { DependsOn: Match.arrayWith([trustedAccessId]) });
  });

  test('enableTrustedAccess false: no Organizations trusted-access call and no permission for it', () => {
    const { template } = build({ enableTrustedAccess: false });
    template.resourceCountIs('Custom::OrganizationsTrustedAccess', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('organizations:EnableAWSServiceAccess');
  });

  test('uses the runtime\'s SDK (installLatestAwsSdk false) and draws no warning', () => {
    const { stack, template } = build();
    template.allResourcesProperties('Custom::CloudTrailDelegatedAdministrator', { InstallLatestAwsSdk: false });
    template.allResourcesProperties('Custom::OrganizationsTrustedAccess', { InstallLatestAwsSdk: false });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the provider role has exactly the documented registration permissions, in a managed policy', () => {
    const { template } = build();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const slr = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${MANAGEMENT}:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail`]] };
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'RegisterCloudTrailDelegatedAdministrator',
            Effect: 'Allow',
            Action: [
              'cloudtrail:RegisterOrganizationDelegatedAdmin',
              'cloudtrail:DeregisterOrganizationDelegatedAdmin',
              'organizations:RegisterDelegatedAdministrator',
              'organizations:DeregisterDelegatedAdministrator',
              'organizations:ListAWSServiceAccessForOrganization',
            ],
            Resource: '*',
          },
          { Sid: 'ReadCloudTrailServiceLinkedRole', Effect: 'Allow', Action: 'iam:GetRole', Resource: slr },
          {
            Sid: 'CreateCloudTrailServiceLinkedRole',
            Effect: 'Allow',
            Action: 'iam:CreateServiceLinkedRole',
            Resource: slr,
            Condition: { StringEquals: { 'iam:AWSServiceName': 'cloudtrail.amazonaws.com' } },
          },
          { Sid: 'EnableCloudTrailTrustedAccess', Effect: 'Allow', Action: 'organizations:EnableAWSServiceAccess', Resource: '*' },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^CdkOrgTrailSdkProviderRole') }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkOrgTrailSdkProviderRole'), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^CdkOrgTrailSdkProviderLogGroup') } },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkOrgTrailSdkProviderKey'), 'Arn'] } },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test.each([
    ['too short', '12345'],
    ['letters', '22222222222a'],
    ['13 digits', '2222222222222'],
  ])('rejects a member account that is not 12 digits (%s)', (_name, memberAccountId) => {
    expect(() => build({ memberAccountId })).toThrow(new RegExp(`'memberAccountId' must be a 12-digit AWS account ID, got '${memberAccountId}'`));
  });

  test('rejects the management account itself (CannotDelegateManagementAccountException)', () => {
    expect(() => build({ memberAccountId: MANAGEMENT })).toThrow(/'memberAccountId' is '111111111111', the account of this stack.*CannotDelegateManagementAccountException/);
  });

  test('accepts an unresolved account ID (checked by CloudTrail at deploy)', () => {
    const app = new App();
    const stack = new Stack(app, 'Management', { env: { account: MANAGEMENT, region: 'us-east-1' } });
    const memberAccountId = new CfnParameter(stack, 'MemberAccount').valueAsString;
    expect(() => new CloudTrailDelegatedAdministrator(stack, 'CloudTrailAdmin', { memberAccountId })).not.toThrow();
    expect(Token.isUnresolved(memberAccountId)).toBe(true);
  });

  test('an env-agnostic stack cannot be compared with the member account and is accepted', () => {
    expect(() => build({}, {})).not.toThrow();
  });

  test('zero unacknowledged findings from cdk-nag, Control Tower and CloudFormation Validate', () => {
    const { stack } = build();
    const findings = [...nagFindings(stack), ...controlTowerFindings(stack), ...cfnValidateFindings(stack)];
    expect(findings.map((finding) => `${finding.checker} ${finding.ruleId} at ${finding.resource}`)).toEqual([]);
  });
});
