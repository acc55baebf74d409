import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import {
  DataResourceType, EventSelector, InsightType, OrganizationTamperGuard, OrganizationTrail, OrganizationTrailProps, TrailDeployment,
} from '../../src';
import { apiShape } from '../../src/delegated/delegated-administrator-trail';
import { cfnValidateFindings, controlTowerFindings, nagFindings } from '../util/compliance-checkers';

const MANAGEMENT = '111111111111';
const DELEGATED_ADMIN = '333333333333';
const MANAGEMENT_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/organization-trail`;

function build(
  props: Partial<OrganizationTrailProps> = {}, account: string = DELEGATED_ADMIN,
): { stack: Stack; trail: OrganizationTrail; template: Template } {
  const app = new App();
  const stack = new Stack(app, 'DelegatedAdmin', { env: { account, region: 'us-east-1' } });
  const trail = new OrganizationTrail(stack, 'OrgTrail', {
    organizationId: 'o-a1b2c3d4e5',
    deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: MANAGEMENT }),
    ...props,
  });
  return { stack, trail, template: Template.fromStack(stack) };
}

/** Resolves the partition (the only token in these ARNs) and references, to compare ARNs as text. */
function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const node = value as any;
  if (node['Fn::Join']) {
    return node['Fn::Join'][1].map(text).join(node['Fn::Join'][0]);
  }
  if (node.Ref === 'AWS::Partition') {
    return 'aws';
  }
  return node.Ref ? `<${node.Ref}>` : `<${(node['Fn::GetAtt'] ?? []).join('.')}>`;
}

/** The SDK call a custom resource makes (references as `<id>`). */
function sdkCall(template: Template, type: string, event: 'Create' | 'Update' | 'Delete'): any {
  const [resource] = Object.values(template.findResources(type));
  const value = resource.Properties[event];
  return value === undefined ? undefined : JSON.parse(text(value));
}

/** Every value of `key` in a template, anywhere. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) {
    return node.flatMap((item) => valuesOf(item, key));
  }
  if (node === null || typeof node !== 'object') {
    return [];
  }
  return Object.entries(node).flatMap(([name, item]) => (name === key ? [item] : valuesOf(item, key)));
}

describe('OrganizationTrail deployed from a delegated administrator', () => {
  test('creates no AWS::CloudTrail::Trail, and names the management account\'s trail', () => {
    const { stack, trail, template } = build();
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.resourceCountIs('Custom::CloudTrailOrganizationTrail', 1);
    expect(trail.trail).toBeUndefined();
    expect(text(stack.resolve(trail.trailArn))).toEqual(MANAGEMENT_TRAIL_ARN);
    expect(trail.managementAccountId).toEqual(MANAGEMENT);
  });

  test('CreateTrail by name as an organization trail, then UpdateTrail and DeleteTrail by the management account\'s ARN', () => {
    const { template } = build();
    const settings = {
      S3BucketName: expect.stringMatching(/^<OrgTrailArchiveBucket[0-9A-F]+>$/),
      KmsKeyId: expect.stringMatching(/^<OrgTrailKey[0-9A-F]+\.Arn>$/),
      CloudWatchLogsLogGroupArn: expect.stringMatching(/^<OrgTrailCloudWatchDeliveryLogGroup[0-9A-F]+\.Arn>$/),
      CloudWatchLogsRoleArn: expect.stringMatching(/^<OrgTrailCloudWatchDeliveryRole[0-9A-F]+\.Arn>$/),
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IsOrganizationTrail: true,
    };
    expect(sdkCall(template, 'Custom::CloudTrailOrganizationTrail', 'Create')).toEqual({
      service: 'CloudTrail',
      action: 'createTrail',
      parameters: { Name: 'organization-trail', ...settings },
      physicalResourceId: { id: MANAGEMENT_TRAIL_ARN },
    });
    expect(sdkCall(template, 'Custom::CloudTrailOrganizationTrail', 'Update')).toEqual({
      service: 'CloudTrail',
      action: 'updateTrail',
      parameters: { Name: MANAGEMENT_TRAIL_ARN, ...settings },
      physicalResourceId: { id: MANAGEMENT_TRAIL_ARN },
    });
    expect(sdkCall(template, 'Custom::CloudTrailOrganizationTrail', 'Delete')).toEqual({
      service: 'CloudTrail', action: 'deleteTrail', parameters: { Name: MANAGEMENT_TRAIL_ARN },
    });
  });

  test('key prefix and notification topic are passed (the topic by ARN)', () => {
    const { stack, template } = build({ s3KeyPrefix: 'audit' });
    expect(stack).toBeDefined();
    expect(sdkCall(template, 'Custom::CloudTrailOrganizationTrail', 'Create').parameters).toMatchObject({ S3KeyPrefix: 'audit' });
    const withTopic = (() => {
      const app = new App();
      const topicStack = new Stack(app, 'WithTopic', { env: { account: DELEGATED_ADMIN, region: 'us-east-1' } });
      new OrganizationTrail(topicStack, 'OrgTrail', {
        organizationId: 'o-a1b2c3d4e5',
        deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: MANAGEMENT }),
        snsTopic: new sns.Topic(topicStack, 'Delivery'),
      });
      return Template.fromStack(topicStack);
    })();
    expect(sdkCall(withTopic, 'Custom::CloudTrailOrganizationTrail', 'Create').parameters.SnsTopicName).toMatch(/^<Delivery/);
  });

  test('event selectors go through PutEventSelectors by ARN, in the API\'s shape, after the trail', () => {
    const { template } = build({ eventSelectors: [EventSelector.writeOnlyDataEvents(DataResourceType.S3_OBJECT, 'S3 writes')] });
    const call = sdkCall(template, 'Custom::CloudTrailEventSelectors', 'Create');
    expect(call).toMatchObject({ service: 'CloudTrail', action: 'putEventSelectors', parameters: { TrailName: MANAGEMENT_TRAIL_ARN } });
    expect(call.parameters.AdvancedEventSelectors[0]).toEqual({
      Name: 'Management events',
      FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
    });
    const s3 = call.parameters.AdvancedEventSelectors.find((selector: any) => selector.Name === 'S3 writes');
    expect(s3.FieldSelectors).toEqual(expect.arrayContaining([
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'readOnly', Equals: ['false'] },
      // The component's own buckets are excluded, as on AWS::CloudTrail::Trail.
      expect.objectContaining({ Field: 'resources.ARN', NotStartsWith: expect.any(Array) }),
    ]));
    expect(sdkCall(template, 'Custom::CloudTrailEventSelectors', 'Update')).toEqual(call);
    const [trailId] = Object.keys(template.findResources('Custom::CloudTrailOrganizationTrail'));
    template.hasResource('Custom::CloudTrailEventSelectors', { DependsOn: Match.arrayWith([trailId]) });
  });

  test('selectors added after construction are rendered too', () => {
    const app = new App();
    const stack = new Stack(app, 'Late', { env: { account: DELEGATED_ADMIN, region: 'us-east-1' } });
    const trail = new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: MANAGEMENT }),
    });
    trail.addEventSelector(EventSelector.writeOnlyDataEvents(DataResourceType.LAMBDA_FUNCTION, 'Lambda invocations'));
    const names = sdkCall(Template.fromStack(stack), 'Custom::CloudTrailEventSelectors', 'Create').parameters.AdvancedEventSelectors.map((selector: any) => selector.Name);
    expect(names).toEqual(['Management events', 'Lambda invocations']);
  });

  test('Insights go through PutInsightSelectors by ARN, and none is an empty list (which turns Insights off)', () => {
    const none = build().template;
    expect(sdkCall(none, 'Custom::CloudTrailInsightSelectors', 'Create').parameters).toEqual({ TrailName: MANAGEMENT_TRAIL_ARN, InsightSelectors: [] });
    const some = build({ insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE] }).template;
    expect(sdkCall(some, 'Custom::CloudTrailInsightSelectors', 'Update').parameters.InsightSelectors).toEqual([
      { InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' },
    ]);
  });

  test('logging is started by ARN, last', () => {
    const { template } = build();
    expect(sdkCall(template, 'Custom::CloudTrailLogging', 'Create')).toMatchObject({
      service: 'CloudTrail', action: 'startLogging', parameters: { Name: MANAGEMENT_TRAIL_ARN },
    });
    const [insightsId] = Object.keys(template.findResources('Custom::CloudTrailInsightSelectors'));
    template.hasResource('Custom::CloudTrailLogging', { DependsOn: Match.arrayWith([insightsId]) });
  });

  test('the trail is created after the bucket policy and the delivery role\'s policy (CloudTrail checks them at CreateTrail)', () => {
    const { template } = build();
    const [bucketPolicyId] = Object.keys(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: Match.stringLikeRegexp('^OrgTrailArchiveBucket') } } }));
    const [rolePolicyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('^CloudTrail delivery') } }));
    template.hasResource('Custom::CloudTrailOrganizationTrail', { DependsOn: Match.arrayWith([bucketPolicyId, rolePolicyId]) });
  });

  test('every aws:SourceArn and CloudTrail encryption context names the management account\'s trail', () => {
    const { template } = build({ snsTopic: undefined });
    const json = template.toJSON();
    const sourceArns = valuesOf(json, 'aws:SourceArn').map(text).filter((arn) => arn.includes(':cloudtrail:'));
    expect(sourceArns.length).toBeGreaterThanOrEqual(7);
    expect(new Set(sourceArns)).toEqual(new Set([MANAGEMENT_TRAIL_ARN]));
    expect(valuesOf(json, 'kms:EncryptionContext:aws:cloudtrail:arn').map(text)).toEqual([`arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`]);
    expect(valuesOf(json, 'aws:SourceAccount').map(text)).toContain(MANAGEMENT);
  });

  test('the bucket policy\'s management-account path is the management account\'s, the organization path unchanged', () => {
    const { template } = build();
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: Match.stringLikeRegexp('^OrgTrailArchiveBucket') } } }))[0];
    const writes = policy.Properties.PolicyDocument.Statement.filter((statement: any) => String(statement.Sid).startsWith('AWSCloudTrail') && statement.Action === 's3:PutObject');
    expect(writes.map((statement: any) => text(statement.Resource).replace(/^<[^>]+>/, ''))).toEqual([`/AWSLogs/${MANAGEMENT}/*`, '/AWSLogs/o-a1b2c3d4e5/*']);
  });

  test('the delivery role trusts CloudTrail for the management account\'s trail, and the log group and role are in this account', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Condition: {
            ArnEqualsIfExists: { 'aws:SourceArn': Match.anyValue() },
            StringEqualsIfExists: { 'aws:SourceAccount': MANAGEMENT },
          },
        }],
      },
    });
    const streams = valuesOf(template.toJSON(), 'Resource').flat().map(text).filter((arn) => arn.includes(':log-stream:'));
    expect(new Set(streams)).toEqual(new Set([
      `arn:aws:logs:us-east-1:${DELEGATED_ADMIN}:log-group:cloudtrail/organization-trail:log-stream:${MANAGEMENT}_CloudTrail_us-east-1*`,
      `arn:aws:logs:us-east-1:${DELEGATED_ADMIN}:log-group:cloudtrail/organization-trail:log-stream:${DELEGATED_ADMIN}_CloudTrail_us-east-1*`,
      `arn:aws:logs:us-east-1:${DELEGATED_ADMIN}:log-group:cloudtrail/organization-trail:log-stream:o-a1b2c3d4e5_*`,
    ]));
  });

  test('the custom resources\' permissions: the trail\'s actions on its ARN, the organization checks, the service-linked role, PassRole to CloudTrail only', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ManageTheOrganizationTrail',
            Action: ['cloudtrail:CreateTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:DeleteTrail', 'cloudtrail:StartLogging',
              'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'],
            Resource: [Match.anyValue(), Match.anyValue()],
          },
          {
            Sid: 'OrganizationChecks',
            Action: ['organizations:DescribeOrganization', 'organizations:ListAccounts', 'organizations:ListAWSServiceAccessForOrganization'],
            Resource: '*',
          },
          Match.objectLike({ Sid: 'CloudTrailServiceLinkedRole', Action: ['iam:GetRole', 'iam:CreateServiceLinkedRole'] }),
          Match.objectLike({
            Sid: 'PassDeliveryRoleToCloudTrail',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailCloudWatchDeliveryRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } },
          }),
        ],
      },
    });
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ManageTheOrganizationTrail' })]) } } }))[0];
    expect(policy.Properties.PolicyDocument.Statement[0].Resource.map(text)).toEqual([
      MANAGEMENT_TRAIL_ARN, `arn:aws:cloudtrail:us-east-1:${DELEGATED_ADMIN}:trail/organization-trail`,
    ]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the provider\'s log group is encrypted with the trail key and retained', () => {
    const { template } = build();
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { LogGroupName: '/cdk-org-trail/sdk-provider/DelegatedAdmin', KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgTrailKey'), 'Arn'] } },
    });
    template.resourceCountIs('AWS::KMS::Key', 2); // the trail key and the query results key: no extra key
    template.resourceCountIs('AWS::Lambda::Function', 1); // one provider for the four custom resources, no log-retention function
  });

  test('beside another AwsCustomResource created first, the calls\' policy is attached to the provider\'s existing role', () => {
    const app = new App();
    const stack = new Stack(app, 'Shared', { env: { account: DELEGATED_ADMIN, region: 'us-east-1' } });
    new cr.AwsCustomResource(stack, 'Other', {
      onCreate: { service: 'STS', action: 'getCallerIdentity', physicalResourceId: cr.PhysicalResourceId.of('caller') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId: MANAGEMENT }),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    const [functionResource] = Object.values(template.findResources('AWS::Lambda::Function'));
    const providerRoleId = functionResource.Properties.Role['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ManageTheOrganizationTrail' })]) },
      Roles: [{ Ref: providerRoleId }],
    });
    template.resourceCountIs('AWS::IAM::Role', 2); // the provider's and the delivery role: no unused role of ours
  });

  test('synth draws no warning', () => {
    const { stack } = build();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('zero unacknowledged findings from cdk-nag, Control Tower and CloudFormation Validate', () => {
    const { stack } = build({ alerts: { emailAddresses: ['secops@example.com'] }, integrityValidation: {} });
    const findings = [...nagFindings(stack), ...controlTowerFindings(stack), ...cfnValidateFindings(stack)];
    expect(findings.map((finding) => `${finding.checker} ${finding.ruleId} at ${finding.resource}`)).toEqual([]);
  });

  test.each([
    ['too short', '1111'],
    ['letters', '11111111111x'],
  ])('rejects a management account that is not 12 digits (%s)', (_name, managementAccountId) => {
    expect(() => build({ deployedFrom: TrailDeployment.delegatedAdministrator({ managementAccountId }) }))
      .toThrow(new RegExp(`'deployedFrom.managementAccountId' must be the management account's 12-digit ID, got '${managementAccountId}'`));
  });

  test('rejects the delegated administrator path in the management account itself', () => {
    expect(() => build({}, MANAGEMENT)).toThrow(/'deployedFrom' is TrailDeployment.delegatedAdministrator\(\), but this stack is in the management account itself \('111111111111'\)/);
  });

  test('the tamper guard may target the delegated administrator\'s account (SCPs apply there), not the management account', () => {
    const { stack, trail } = build();
    expect(() => OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard', trail, { targetIds: [DELEGATED_ADMIN], breakGlassPrincipalArns: [`arn:aws:iam::${MANAGEMENT}:role/BreakGlass`] })).not.toThrow();
    expect(() => OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard2', trail, { targetIds: [MANAGEMENT], breakGlassPrincipalArns: [`arn:aws:iam::${MANAGEMENT}:role/BreakGlass`] })).toThrow(/'targetIds' lists 111111111111, the management account/);
  });
});

describe('TrailDeployment.managementAccount() (the default)', () => {
  test('keeps AWS::CloudTrail::Trail and the stack\'s account', () => {
    const app = new App();
    const stack = new Stack(app, 'Management', { env: { account: MANAGEMENT, region: 'us-east-1' } });
    const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', deployedFrom: TrailDeployment.managementAccount() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.resourceCountIs('Custom::CloudTrailOrganizationTrail', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(trail.trail).toBeDefined();
    expect(trail.managementAccountId).toEqual(MANAGEMENT);
    expect(TrailDeployment.managementAccount().isDelegatedAdministrator).toBe(false);
    expect(TrailDeployment.delegatedAdministrator({ managementAccountId: MANAGEMENT }).isDelegatedAdministrator).toBe(true);
  });
});

describe('apiShape', () => {
  test('maps CfnTrail\'s members to the API\'s, equalTo to Equals, and drops undefined', () => {
    expect(apiShape([{ name: 'n', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'], notStartsWith: ['a'], endsWith: undefined }] }]))
      .toEqual([{ Name: 'n', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'], NotStartsWith: ['a'] }] }]);
    expect(apiShape([{ insightType: 'ApiCallRateInsight', eventCategories: ['Management'] }]))
      .toEqual([{ InsightType: 'ApiCallRateInsight', EventCategories: ['Management'] }]);
  });
});
