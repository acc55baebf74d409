import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as logs from 'aws-cdk-lib/aws-logs';
import { OrganizationTrail, OrganizationTrailProps } from '../src';

const ORG_ID = 'o-a1b2c3d4e5';
const ENV = { account: '111111111111', region: 'us-east-1' };

function trail(stack: Stack, id: string, props: Partial<OrganizationTrailProps> = {}): OrganizationTrail {
  return new OrganizationTrail(stack, id, { organizationId: ORG_ID, ...props });
}

/** Synthesizes the whole app; returns the error message, or undefined. */
function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('default physical names derive from the trail name', () => {
  test('the Glue database, Athena workgroup and log group of two trails in one stack differ', () => {
    const app = new App();
    const stack = new Stack(app, 'Audit', { env: ENV });
    trail(stack, 'Main');
    trail(stack, 'Second', { trailName: 'Second.Trail_2' });
    const template = Template.fromStack(stack);
    expect(Object.values(template.findResources('AWS::Glue::Database')).map((r) => r.Properties.DatabaseInput.Name).sort())
      .toEqual(['cloudtrail_organization_trail', 'cloudtrail_second_trail_2']);
    expect(Object.values(template.findResources('AWS::Athena::WorkGroup')).map((r) => r.Properties.Name).sort())
      .toEqual(['cloudtrail-Second.Trail_2', 'cloudtrail-organization-trail']);
    expect(Object.values(template.findResources('AWS::Logs::LogGroup')).map((r) => r.Properties.LogGroupName).sort())
      .toEqual(['cloudtrail/Second.Trail_2', 'cloudtrail/organization-trail']);
    expect(synthError(app)).toBeUndefined();
  });

  test('the fan-out bus and StackSet of two trails with alerts in one stack differ', () => {
    const app = new App();
    const stack = new Stack(app, 'Audit', { env: ENV });
    const alerts = {
      emailAddresses: ['security@example.com'],
      organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'] },
    };
    trail(stack, 'Main', { alerts });
    trail(stack, 'Second', { trailName: 'Second.Trail_2', alerts });
    const template = Template.fromStack(stack);
    expect(Object.values(template.findResources('AWS::Events::EventBus')).map((r) => r.Properties.Name).sort())
      .toEqual(['Second.Trail_2-alerts', 'organization-trail-alerts']);
    expect(Object.values(template.findResources('AWS::CloudFormation::StackSet')).map((r) => r.Properties.StackSetName).sort())
      .toEqual(['Second-Trail-2-alert-forwarding', 'organization-trail-alert-forwarding']);
    expect(synthError(app)).toBeUndefined();
  });

  test('explicit fan-out names still win', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    trail(stack, 'Main', {
      alerts: {
        emailAddresses: ['security@example.com'],
        organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'], eventBusName: 'audit-bus', stackSetName: 'AuditForwarding' },
      },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'audit-bus' });
    template.hasResourceProperties('AWS::CloudFormation::StackSet', { StackSetName: 'AuditForwarding' });
  });

  test('a bad fan-out name is named by its path through the facade', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    expect(() => trail(stack, 'Main', {
      alerts: {
        emailAddresses: ['security@example.com'],
        organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'], stackSetName: '1-bad' },
      },
    })).toThrow(/'alerts\.organizationFanout\.stackSetName' must start with a letter/);
  });

  test('explicit query names still win', () => {
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    trail(stack, 'Main', { archiveQueryOptions: { databaseName: 'audit_db', workGroupName: 'audit' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'audit' });
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'audit_db' } });
  });

  test('a 128-character trail name falls back to the trail name as workgroup (128 characters at most)', () => {
    const trailName = `t${'x'.repeat(126)}t`;
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    trail(stack, 'Main', { trailName });
    Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', { Name: trailName });
  });

  test('a 117-character trail name still gets the cloudtrail- prefix (exactly 128 characters)', () => {
    const trailName = `t${'x'.repeat(115)}t`;
    const stack = new Stack(new App(), 'Audit', { env: ENV });
    trail(stack, 'Main', { trailName });
    Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', { Name: `cloudtrail-${trailName}` });
  });
});

describe('components that would collide in one account and Region fail at synth, naming both paths', () => {
  test('the same trail name in two stacks of one account and Region', () => {
    const app = new App();
    trail(new Stack(app, 'One', { env: ENV }), 'Trail');
    trail(new Stack(app, 'Two', { env: ENV }), 'Trail');
    const message = synthError(app);
    expect(message).toMatch(/The trail name 'organization-trail' is used by 2 resources in account 111111111111, Region us-east-1: One\/Trail\/Resource and Two\/Trail\/Resource; they would collide at deploy time\. Give each trail its own 'trailName'/);
    expect(message).toMatch(/The log group name 'cloudtrail\/organization-trail' is used by 2 resources/);
    expect(message).toMatch(/The Athena workgroup name 'cloudtrail-organization-trail' is used by 2 resources/);
    expect(message).toMatch(/The Glue database name 'cloudtrail_organization_trail' is used by 2 resources/);
  });

  test('the same trail name twice in one stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Audit', { env: ENV });
    trail(stack, 'A');
    trail(stack, 'B');
    expect(synthError(app)).toMatch(/The trail name 'organization-trail' is used by 2 resources in account 111111111111, Region us-east-1: Audit\/A\/Resource and Audit\/B\/Resource/);
  });

  test('the same explicit workgroup for two trails', () => {
    const app = new App();
    const stack = new Stack(app, 'Audit', { env: ENV });
    trail(stack, 'A', { trailName: 'trail-a', archiveQueryOptions: { workGroupName: 'audit' } });
    trail(stack, 'B', { trailName: 'trail-b', archiveQueryOptions: { workGroupName: 'audit' } });
    expect(synthError(app)).toMatch(/The Athena workgroup name 'audit' is used by 2 resources in account 111111111111, Region us-east-1: Audit\/A\/Query\/WorkGroup and Audit\/B\/Query\/WorkGroup/);
  });

  test('a trail and another resource of the app with the same physical name', () => {
    const app = new App();
    const stack = new Stack(app, 'Audit', { env: ENV });
    trail(stack, 'Main');
    new logs.LogGroup(stack, 'Other', { logGroupName: 'cloudtrail/organization-trail' });
    new athena.CfnWorkGroup(stack, 'OtherWorkGroup', { name: 'cloudtrail-organization-trail' });
    const message = synthError(app);
    expect(message).toMatch(/The log group name 'cloudtrail\/organization-trail' is used by 2 resources in account 111111111111, Region us-east-1: Audit\/Main\/CloudWatchDelivery\/LogGroup\/Resource and Audit\/Other\/Resource/);
    expect(message).toMatch(/The Athena workgroup name 'cloudtrail-organization-trail' is used by 2 resources/);
  });

  test.each([
    ['different Regions', { account: '111111111111', region: 'us-east-1' }, { account: '111111111111', region: 'eu-west-1' }],
    ['different accounts', { account: '111111111111', region: 'us-east-1' }, { account: '222222222222', region: 'us-east-1' }],
    ['two environment-agnostic stacks (they may deploy anywhere)', undefined, undefined],
  ])('the same trail name in %s does not collide', (_name, env1, env2) => {
    const app = new App();
    trail(new Stack(app, 'One', { env: env1 }), 'Trail');
    trail(new Stack(app, 'Two', { env: env2 }), 'Trail');
    expect(synthError(app)).toBeUndefined();
  });

  test('the same trail name twice in one environment-agnostic stack collides', () => {
    const app = new App();
    const stack = new Stack(app, 'Audit');
    trail(stack, 'A');
    trail(stack, 'B');
    expect(synthError(app)).toMatch(/The trail name 'organization-trail' is used by 2 resources in stack Audit: Audit\/A\/Resource and Audit\/B\/Resource/);
  });
});

describe('at most 5 trails per Region per account', () => {
  function trails(count: number, envs: Array<{ account: string; region: string }> = [ENV]): App {
    const app = new App();
    for (let index = 0; index < count; index++) {
      const stack = new Stack(app, `Stack${index}`, { env: envs[index % envs.length] });
      trail(stack, 'Trail', { trailName: `trail-${index}`, archiveQuery: false, cloudWatchLogs: false });
    }
    return app;
  }

  test('5 trails in one account and Region are accepted (the limit)', () => {
    expect(synthError(trails(5))).toBeUndefined();
  });

  test('6 trails in one account and Region fail, listing them', () => {
    expect(synthError(trails(6))).toMatch(/6 trails are defined in account 111111111111, Region us-east-1 \(Stack0\/Trail\/Resource, .*Stack5\/Trail\/Resource\), but CloudTrail allows at most 5 trails per Region per account \(not adjustable\)/);
  });

  test('6 trails spread over two Regions are accepted', () => {
    expect(synthError(trails(6, [ENV, { ...ENV, region: 'eu-west-1' }]))).toBeUndefined();
  });
});
