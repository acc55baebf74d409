import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { newStack } from './helpers';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert } from '../../src/alerts/catalog';
import { awsSourcedPattern } from '../../src/alerts/event-rules';
import { STACK_SET_TEMPLATE_BODY_MAX_LENGTH } from '../../src/alerts/limits';
import { OrganizationAlertFanout, OrganizationAlertFanoutProps } from '../../src/alerts/organization-fanout';

const BASE = { organizationId: 'o-a1b2c3d4e5', organizationalUnitIds: ['r-a1b2'], regions: ['us-east-1', 'eu-west-1'] };

function setup(props: Partial<OrganizationAlertFanoutProps> = {}) {
  const stack = newStack('eu-west-1');
  const topic = new sns.Topic(stack, 'Topic');
  const fanout = new OrganizationAlertFanout(stack, 'Fanout', { ...BASE, topic, alerts: AlertPack.CIS.alerts, ...props });
  return { stack, fanout, template: Template.fromStack(stack) };
}

/** The StackSet's TemplateBody, with the central bus ARN token replaced, parsed. */
function memberTemplate(template: Template): any {
  const stackSet = Object.values(template.findResources('AWS::CloudFormation::StackSet'))[0] as any;
  const body = stackSet.Properties.TemplateBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'CENTRAL_BUS_ARN')).join('');
  return JSON.parse(text);
}

test('a service-managed StackSet with automatic deployment to the OUs and Regions', () => {
  const { template } = setup();
  template.hasResourceProperties('AWS::CloudFormation::StackSet', {
    StackSetName: 'cdk-org-trail-alert-forwarding',
    PermissionModel: 'SERVICE_MANAGED',
    AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
    CallAs: 'SELF',
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    ManagedExecution: { Active: true },
    StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['r-a1b2'] }, Regions: ['us-east-1', 'eu-west-1'] }],
  });
});

test('the central bus admits only the forwarder roles of the organization, and only forwarded events', () => {
  const { template } = setup();
  template.hasResourceProperties('AWS::Events::EventBus', { Name: 'cdk-org-trail-alerts' });
  template.hasResourceProperties('AWS::Events::EventBusPolicy', {
    Statement: Match.objectLike({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
        ArnLike: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/cdk-org-trail-alerts-forwarder-*']] } },
        Bool: { 'events:eventBusInvocation': 'true' },
      },
    }),
  });
});

test('the forwarder role is named after the bus and the Region, which the bus policy matches', () => {
  const member = memberTemplate(setup().template);
  expect(member.Resources.ForwarderRole.Properties.RoleName).toEqual({ 'Fn::Sub': 'cdk-org-trail-alerts-forwarder-${AWS::Region}' });
});

test.each<[string, string, RegExp]>([
  ['not a bus name', 'bad name!', /'eventBusName' must be 1-256 letters, digits, '\.', '_' or '-'.*got 'bad name!'/],
  ['reserved prefix', 'aws.alerts', /'eventBusName' must .*not start with 'aws\.'.*got 'aws\.alerts'/],
  ['too long for the role name', 'a'.repeat(40), /'eventBusName' 'a{40}' is too long: the forwarder role .* at most 39 characters/],
])('eventBusName: %s fails at synth', (_case, eventBusName, message) => {
  expect(() => setup({ eventBusName })).toThrow(message);
});

test('eventBusName at the role-name limit is accepted', () => {
  expect(() => setup({ eventBusName: 'a'.repeat(39) })).not.toThrow();
});

test('central rules on the bus notify the topic', () => {
  const { template } = setup();
  template.resourcePropertiesCountIs('AWS::Events::Rule', { EventBusName: { Ref: Match.stringLikeRegexp('EventBus') } }, 15);
});

test('the member template parses, forwards every alert to the central bus with a role, and keeps us-east-1-only alerts there', () => {
  const member = memberTemplate(setup().template);
  const rules = Object.entries(member.Resources).filter(([, resource]: [string, any]) => resource.Type === 'AWS::Events::Rule');
  expect(rules).toHaveLength(15);
  expect(member.Conditions.IsGlobalServiceRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  expect(member.Resources.IamPolicyChangesRule.Condition).toEqual('IsGlobalServiceRegion');
  expect(member.Resources.OrganizationsChangesRule.Condition).toEqual('IsGlobalServiceRegion');
  expect(member.Resources.ConsoleSignInWithoutMfaRule.Condition).toBeUndefined();
  expect(member.Resources.VpcChangesRule.Properties).toEqual({
    Description: '[cdk-org-trail:vpc-changes] VPC changes',
    EventPattern: awsSourcedPattern(Alert.VPC_CHANGES),
    State: 'ENABLED',
    Targets: [{ Id: 'CentralBus', Arn: 'CENTRAL_BUS_ARN', RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] } }],
  });
  expect(member.Resources.UnauthorizedApiCallsRule.Properties.State).toEqual('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  expect(member.Resources.ForwarderRole.Properties.Policies[0].PolicyDocument.Statement)
    .toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: 'CENTRAL_BUS_ARN' }]);
});

test('names and delegated admin are configurable', () => {
  const { template } = setup({ eventBusName: 'alerts', stackSetName: 'fwd', delegatedAdmin: true });
  template.hasResourceProperties('AWS::Events::EventBus', { Name: 'alerts' });
  template.hasResourceProperties('AWS::CloudFormation::StackSet', { StackSetName: 'fwd', CallAs: 'DELEGATED_ADMIN' });
});

test.each([
  ['organizationId', { organizationId: 'O-123' }, /'organizationId' must look like/],
  ['no regions', { regions: [] }, /'regions' must list at least one Region/],
  ['bad region', { regions: ['us-east-1', 'Europe'] }, /'regions' must hold Region codes.*'Europe'/],
  ['duplicate region', { regions: ['us-east-1', 'us-east-1'] }, /'regions' lists 'us-east-1' more than once/],
  ['no OUs', { organizationalUnitIds: [] }, /'organizationalUnitIds' must list at least one/],
  ['bad OU', { organizationalUnitIds: ['ou-1'] }, /must hold OU ids.*'ou-1'/],
  ['global alerts without us-east-1', { regions: ['eu-west-1'] }, /'regions' must include 'us-east-1'/],
])('%s is checked', (_name, props, message) => {
  expect(() => setup(props as any)).toThrow(message);
});

test('regional alerts need no us-east-1', () => {
  expect(() => setup({ regions: ['eu-west-1'], alerts: [Alert.VPC_CHANGES] })).not.toThrow();
});

describe('names each service enforces', () => {
  test.each<[string, Partial<OrganizationAlertFanoutProps>, RegExp]>([
    ['a StackSet name with an underscore', { stackSetName: 'alert_forwarding' }, /^'stackSetName' must start with a letter and hold 1-128 letters, digits or '-' \(CloudFormation StackSet names\), got 'alert_forwarding'/],
    ['a StackSet name starting with a digit', { stackSetName: '1-forwarding' }, /^'stackSetName' must start with a letter.*got '1-forwarding'/],
    ['a StackSet name of 129 characters', { stackSetName: 's'.repeat(129) }, /^'stackSetName' must start with a letter and hold 1-128/],
    ['the default bus', { eventBusName: 'default' }, /^'eventBusName' must not be 'default'/],
    ['a bus name with a slash', { eventBusName: 'team/alerts' }, /^'eventBusName' must be 1-256 letters.*got 'team\/alerts'/],
    ['a duplicate OU', { organizationalUnitIds: ['r-a1b2', 'r-a1b2'] }, /^'organizationalUnitIds' lists 'r-a1b2' more than once/],
  ])('%s is refused', (_name, props, message) => {
    expect(() => setup(props)).toThrow(message);
  });

  test.each<[string, Partial<OrganizationAlertFanoutProps>]>([
    ['a StackSet name of exactly 128 characters', { stackSetName: 's'.repeat(128) }],
    ['a one-letter StackSet name', { stackSetName: 's' }],
    ['a bus name of 39 characters (the forwarder role then has 64)', { eventBusName: 'b'.repeat(39) }],
  ])('%s is accepted', (_name, props) => {
    expect(() => setup(props)).not.toThrow();
  });
});

test('alerts without an event pattern leave nothing to forward, and fail', () => {
  const metricOnly = Alert.custom({ id: 'metric-only', title: 'Metric only', metricFilterPattern: '{ $.eventName = "X" }' });
  expect(() => setup({ alerts: [metricOnly] })).toThrow(/^'alerts' holds no alert with an event pattern \(got 'metric-only'\), so the fan-out would forward nothing/);
  expect(() => setup({ alerts: [] })).toThrow(/^'alerts' holds no alert with an event pattern \(got \[\]\)/);
});

describe('the TemplateBody is measured as CloudFormation receives it', () => {
  /** Alerts whose patterns are full of quotes and backslashes, which JSON escapes once more. */
  function quoteHeavy(count: number): Alert[] {
    return Array.from({ length: count }, (_, index) => Alert.custom({
      id: `quoted-${index}`,
      title: 'Quote-heavy',
      eventPattern: { source: ['aws.s3'], detail: { eventName: Array.from({ length: 20 }, (__, n) => `"x${n}"\\"`) } },
    }));
  }

  /** The body CloudFormation receives, with the bus ARN as long as it can be. */
  function receivedBytes(stack: any, fanout: OrganizationAlertFanout): number {
    const resolved = stack.resolve(fanout.stackSet.templateBody);
    const arn = 'arn:aws-us-gov:events:ap-southeast-5:111111111111:event-bus/cdk-org-trail-alerts';
    return Buffer.byteLength(resolved['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : arn)).join(''));
  }

  test('a template that fits is accepted, although its JSON-escaped form would not fit', () => {
    const { stack, fanout } = setup({ alerts: quoteHeavy(60) });
    const resolved = stack.resolve(fanout.stackSet.templateBody);
    expect(JSON.stringify(resolved).length).toBeGreaterThan(STACK_SET_TEMPLATE_BODY_MAX_LENGTH);
    expect(receivedBytes(stack, fanout)).toBeLessThanOrEqual(STACK_SET_TEMPLATE_BODY_MAX_LENGTH);
  });

  test('a template over the quota is refused, naming alerts and the size in bytes', () => {
    expect(() => setup({ alerts: quoteHeavy(100) }))
      .toThrow(/^'alerts' holds 100 alerts with an event pattern, whose forwarding template is \d+ bytes; a StackSet TemplateBody holds at most 51200\./);
  });
});
