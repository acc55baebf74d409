import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AccountEnumeration, AlertPack, AlertRules, AlertSeverity, DataResourceType, EventSelector, FieldCondition, InsightType,
  OrganizationAlertFanout, OrganizationTamperGuard, OrganizationTrail, OrganizationTrailProps, RegionEnumeration, SelectorField,
} from '../src';
import { controlTowerFindings, nagFindings } from './util/compliance-checkers';
import { appWithExampleContext } from './util/example-app';
import { GLOBAL_SERVICE_REGION_CONTEXT } from '../src/private/partitions';

/**
 * The component in the AWS GovCloud (US) and China partitions: no ARN hard-codes the commercial
 * partition, service principals and `kms:ViaService` names follow the partition, global-service
 * alerts go where the partition delivers global-service events, and what a partition lacks fails at
 * synth with the fix.
 */

const ACCOUNT = '111111111111';
const ORGANIZATION_ID = 'o-a1b2c3d4e5';

interface PartitionCase {
  readonly partition: string;
  /** The Region global-service events arrive in. */
  readonly home: string;
  readonly other: string;
  readonly dnsSuffix: string;
}

const GOVCLOUD: PartitionCase = { partition: 'aws-us-gov', home: 'us-gov-west-1', other: 'us-gov-east-1', dnsSuffix: 'amazonaws.com' };
const CHINA: PartitionCase = { partition: 'aws-cn', home: 'cn-north-1', other: 'cn-northwest-1', dnsSuffix: 'amazonaws.com.cn' };

/**
 * A value an alert matches in CloudTrail records, not an ARN the component builds: the S3 Browser tool's
 * placeholder resource, written by the tool whatever the partition (detections/identity-and-credentials.ts).
 */
const MATCHED_LITERALS = ['arn:aws:s3:::<YOUR-BUCKET-NAME>/'];

function stackIn(region: string, app: App = appWithExampleContext()): Stack {
  return new Stack(app, 'Audit', { env: { account: ACCOUNT, region } });
}

/** The example app's configuration (examples/example-app.ts) with the partition's Regions; no fan-out in China. */
function fullConfiguration(stack: Stack, c: PartitionCase): OrganizationTrailProps {
  // As in the example: an encrypted, TLS-only delivery topic whose key admits grants for AWS services only.
  const topicKey = new kms.Key(stack, 'DeliveryTopicKey', { enableKeyRotation: true });
  topicKey.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  const topic = new sns.Topic(stack, 'DeliveryTopic', { masterKey: topicKey, enforceSSL: true });
  return {
    organizationId: ORGANIZATION_ID,
    trailName: 'org-audit-trail',
    s3KeyPrefix: 'cloudtrail',
    archiveLifecycle: { expiration: Duration.days(2557) },
    objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)),
    snsTopic: topic,
    eventSelectors: [EventSelector.s3Objects(['my-sensitive-bucket/'], { name: 'Sensitive bucket objects' })],
    insightTypes: [InsightType.API_CALL_RATE, InsightType.API_ERROR_RATE],
    alerts: {
      pack: AlertPack.ALL,
      emailAddresses: ['security-alerts@example.com'],
      severityRoutes: [{ name: 'page', severities: [AlertSeverity.CRITICAL], emailAddresses: ['security-oncall@example.com'] }],
      ...(c.partition === CHINA.partition ? {} : { organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: [c.home, c.other] } }),
    },
    integrityValidation: { sourceRegions: [c.home, c.other] },
    archiveQueryOptions: {
      accounts: AccountEnumeration.of([ACCOUNT, '222222222222']),
      regions: RegionEnumeration.of([c.home, c.other]),
    },
  };
}

function synthesized(stack: Stack): any {
  return App.of(stack)!.synth().getStackByName(stack.stackName).template;
}

/** Every `arn:aws:` (the commercial partition, not `arn:aws-...`) in the template, the matched literals aside. */
function commercialArns(template: unknown): string[] {
  let json = JSON.stringify(template);
  for (const literal of MATCHED_LITERALS) {
    json = json.split(literal).join('');
  }
  return json.match(/arn:aws:[^"\\]*/g) ?? [];
}

/** The `Service` principals of every policy statement in the template (resource and identity policies). */
function servicePrincipals(template: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Principal' && value !== null && typeof value === 'object' && 'Service' in value) {
          [(value as any).Service].flat().forEach((service: unknown) => found.add(JSON.stringify(service)));
        }
        visit(value);
      }
    }
  };
  visit(template);
  return [...found].map((service) => JSON.parse(service)).sort();
}

/** Every `kms:ViaService` value in the template's conditions. */
function viaServices(template: unknown): string[] {
  return [...new Set((JSON.stringify(template).match(/"kms:ViaService":"[^"]*"/g) ?? []).map((entry) => entry.split('"')[3]))].sort();
}

describe.each([['AWS GovCloud (US)', GOVCLOUD], ['China', CHINA]])('%s', (_name, c) => {
  describe('the smallest trail', () => {
    const stack = stackIn(c.home);
    new OrganizationTrail(stack, 'OrgTrail', { organizationId: ORGANIZATION_ID });
    const template = synthesized(stack);

    test('names no commercial ARN, and its own partition where it writes one out', () => {
      expect(commercialArns(template)).toEqual([]);
      // The example's feature flags write partitions out when the Region is known: the check above is live.
      expect(JSON.stringify(template)).toContain(`arn:${c.partition}:`);
    });

    test('service principals: the global form, and CloudWatch Logs with the partition\'s DNS suffix', () => {
      expect(servicePrincipals(template)).toEqual(['cloudtrail.amazonaws.com', 'logging.s3.amazonaws.com', `logs.${c.home}.${c.dnsSuffix}`]);
    });

    test('kms:ViaService names the partition\'s endpoints', () => {
      expect(viaServices(template)).toEqual([`logs.${c.home}.${c.dnsSuffix}`]);
    });

    test('with aws-cdk-lib\'s default flags every ARN takes AWS::Partition', () => {
      const plain = stackIn(c.home, new App());
      new OrganizationTrail(plain, 'OrgTrail', { organizationId: ORGANIZATION_ID });
      const plainTemplate = synthesized(plain);
      expect(commercialArns(plainTemplate)).toEqual([]);
      expect(JSON.stringify(plainTemplate)).toContain('{"Ref":"AWS::Partition"}');
    });
  });

  describe('the example\'s full configuration', () => {
    const stack = stackIn(c.home);
    const trail = new OrganizationTrail(stack, 'OrgTrail', fullConfiguration(stack, c));
    const template = synthesized(stack);

    test('names no commercial ARN', () => {
      expect(commercialArns(template)).toEqual([]);
    });

    test('service principals: the global form everywhere but the regional CloudWatch Logs principal', () => {
      expect(servicePrincipals(template)).toEqual([
        'cloudtrail.amazonaws.com', 'cloudwatch.amazonaws.com', 'events.amazonaws.com', 'lambda.amazonaws.com',
        'logging.s3.amazonaws.com', `logs.${c.home}.${c.dnsSuffix}`,
      ]);
    });

    test('kms:ViaService names the partition\'s endpoints', () => {
      expect(viaServices(template)).toEqual([`logs.${c.home}.${c.dnsSuffix}`, `s3.${c.home}.${c.dnsSuffix}`]);
    });

    test('global-service alert rules are deployed in the partition\'s global-service Region', () => {
      expect(trail.alerts?.eventRules?.rules['iam-policy-changes']).toBeDefined();
      expect(trail.alerts?.eventRules?.rules['organizations-changes']).toBeDefined();
    });

    test('no resource type CloudFormation lacks in AWS GovCloud (US)', () => {
      // https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-cfn.html
      const unsupported = ['AWS::IAM::GroupPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::Organizations::Account', 'AWS::RolesAnywhere::TrustAnchor'];
      const types = Object.values(template.Resources).map((resource: any) => resource.Type);
      expect(types.filter((type) => unsupported.includes(type))).toEqual([]);
    });
  });

  describe('global-service alerts outside the partition\'s global-service Region', () => {
    test('fail at synth, naming that Region', () => {
      const stack = stackIn(c.other, new App());
      const topic = new sns.Topic(stack, 'Topic');
      expect(() => new AlertRules(stack, 'Rules', { topic, alerts: AlertPack.CIS.alerts }))
        .toThrow(new RegExp(`delivered to EventBridge only in ${c.home}, but this stack is in '${c.other}'. Deploy these rules in a ${c.home} stack`));
    });

    test('in that Region they are deployed', () => {
      const stack = stackIn(c.home, new App());
      const topic = new sns.Topic(stack, 'Topic');
      const rules = new AlertRules(stack, 'Rules', { topic, alerts: AlertPack.CIS.alerts });
      expect(rules.rules['root-account-usage']).toBeDefined();
    });
  });
});

/** The StackSet's TemplateBody, the central bus ARN replaced, parsed. */
function memberTemplate(stack: Stack): any {
  const stackSet = Object.values(Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet'))[0] as any;
  const body = stackSet.Properties.TemplateBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'CENTRAL_BUS_ARN')).join('');
  return JSON.parse(text);
}

function fanout(stack: Stack, regions: string[]): OrganizationAlertFanout {
  const topic = new sns.Topic(stack, 'Topic');
  return new OrganizationAlertFanout(stack, 'Fanout', { organizationId: ORGANIZATION_ID, organizationalUnitIds: ['r-a1b2'], regions, topic, alerts: AlertPack.CIS.alerts });
}

describe('the organization fan-out', () => {
  test('in GovCloud keeps global-service rules in us-gov-west-1', () => {
    const stack = stackIn(GOVCLOUD.home, new App());
    fanout(stack, [GOVCLOUD.home, GOVCLOUD.other]);
    const member = memberTemplate(stack);
    expect(member.Conditions.IsGlobalServiceRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-gov-west-1'] });
    expect(member.Resources.IamPolicyChangesRule.Condition).toEqual('IsGlobalServiceRegion');
  });

  test('in GovCloud must list us-gov-west-1 among its Regions', () => {
    expect(() => fanout(stackIn(GOVCLOUD.other, new App()), [GOVCLOUD.other]))
      .toThrow(/'regions' must include 'us-gov-west-1', got 'us-gov-east-1'/);
  });

  test('without a Region at synth keeps the commercial us-east-1', () => {
    const stack = new Stack(new App(), 'Agnostic');
    fanout(stack, ['us-east-1']);
    expect(memberTemplate(stack).Conditions.IsGlobalServiceRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  });

  test('fails at synth in China, where service-managed StackSets cannot be created', () => {
    expect(() => fanout(stackIn(CHINA.home, new App()), [CHINA.home]))
      .toThrow(/^OrganizationAlertFanout deploys a service-managed StackSet, which the China \(aws-cn\) partition does not offer .* this stack is in 'cn-north-1'. Remove it, and deploy AlertRules in each member account and Region instead.$/);
  });

  test('fails at synth in China through OrganizationTrail, naming alerts.organizationFanout', () => {
    const stack = stackIn(CHINA.home, new App());
    expect(() => new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: ORGANIZATION_ID,
      alerts: { emailAddresses: ['a@example.com'], organizationFanout: { organizationalUnitIds: ['r-a1b2'], regions: [CHINA.home] } },
    })).toThrow(/^'alerts.organizationFanout' deploys a service-managed StackSet, which the China \(aws-cn\) partition does not offer/);
  });
});

describe('the global-service Region override', () => {
  test('the context value replaces the partition\'s Region', () => {
    const app = new App({ context: { [GLOBAL_SERVICE_REGION_CONTEXT]: 'us-gov-east-1' } });
    const stack = stackIn(GOVCLOUD.other, app);
    fanout(stack, [GOVCLOUD.other]);
    expect(memberTemplate(stack).Conditions.IsGlobalServiceRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-gov-east-1'] });
  });

  test('a context value that is not a Region fails at synth', () => {
    const app = new App({ context: { [GLOBAL_SERVICE_REGION_CONTEXT]: 'gov-west' } });
    expect(() => fanout(stackIn(GOVCLOUD.home, app), [GOVCLOUD.home]))
      .toThrow(`The context value '${GLOBAL_SERVICE_REGION_CONTEXT}' must be a Region code such as 'us-gov-west-1', got "gov-west".`);
  });

  test('a partition with no known global-service Region asks for the context value', () => {
    expect(() => fanout(stackIn('us-iso-east-1', new App()), ['us-iso-east-1']))
      .toThrow(`The stack's Region 'us-iso-east-1' is in the 'aws-iso' partition, where the Region that receives global-service events (IAM, STS, sign-in) is not known to cdk-org-trail. Set the context value '${GLOBAL_SERVICE_REGION_CONTEXT}' to that Region.`);
  });

  test('commercial stacks are unchanged', () => {
    const stack = stackIn('eu-west-1', new App());
    fanout(stack, ['us-east-1', 'eu-west-1']);
    expect(memberTemplate(stack).Conditions.IsGlobalServiceRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  });
});

describe('ARNs the user writes', () => {
  const govArn = (service: string, resource: string, region = GOVCLOUD.home) => `arn:aws-us-gov:${service}:${region}:${ACCOUNT}:${resource}`;

  test('GovCloud and China ARNs pass the validators', () => {
    const stack = stackIn(GOVCLOUD.home, new App());
    expect(() => new OrganizationTamperGuard(stack, 'Guard', {
      targetIds: ['r-a1b2'],
      breakGlassPrincipalArns: [`arn:aws-us-gov:iam::${ACCOUNT}:role/BreakGlass`],
      trailArn: govArn('cloudtrail', 'trail/organization-trail'),
      archiveKeyArn: govArn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    })).not.toThrow();
    const china = stackIn(CHINA.home, new App());
    expect(() => new OrganizationTrail(china, 'OrgTrail', {
      organizationId: ORGANIZATION_ID,
      archiveBreakGlassPrincipalArns: [`arn:aws-cn:iam::${ACCOUNT}:role/BreakGlass`],
      eventSelectors: [EventSelector.dataEvents({
        name: 'China bucket objects',
        resourceType: DataResourceType.S3_OBJECT,
        conditions: [FieldCondition.startsWith(SelectorField.RESOURCES_ARN, ['arn:aws-cn:s3:::my-sensitive-bucket/'])],
      })],
    })).not.toThrow();
  });

  test('a commercial ARN in a GovCloud stack fails at synth, naming the prop and the fix', () => {
    const stack = stackIn(GOVCLOUD.home, new App());
    expect(() => new OrganizationTamperGuard(stack, 'Guard', {
      targetIds: ['r-a1b2'],
      breakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/BreakGlass`],
      trailArn: govArn('cloudtrail', 'trail/organization-trail'),
    })).toThrow(`'breakGlassPrincipalArns' names 'arn:aws:iam::${ACCOUNT}:role/BreakGlass', outside the AWS GovCloud (US) (aws-us-gov) partition of this stack's Region 'us-gov-west-1'; a policy never matches another partition's ARNs. Write them as 'arn:aws-us-gov:...'.`);
  });
});

describe('compliance packs over the GovCloud stack', () => {
  test('the full configuration has no unacknowledged finding', () => {
    const stack = stackIn(GOVCLOUD.home);
    new OrganizationTrail(stack, 'OrgTrail', fullConfiguration(stack, GOVCLOUD));
    const findings = [...nagFindings(stack), ...controlTowerFindings(stack)];
    expect(findings.map((finding) => `${finding.checker} ${finding.ruleId} at ${finding.resource}`)).toEqual([]);
  });
});
