import { Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Alert, AlertRegionScope } from './catalog';
import { AlertRules, awsSourcedPattern, GLOBAL_SERVICE_REGION, ruleDescription, ruleState } from './event-rules';
import { STACK_SET_TEMPLATE_BODY_MAX_LENGTH } from './limits';
import { pascalCase } from './metric-filter-alarms';

/**
 * Props for `OrganizationAlertFanout`.
 */
export interface OrganizationAlertFanoutProps {
  /** The organization (`o-...`); the central bus accepts events only from its accounts. */
  readonly organizationId: string;

  /** The alerts; those without an event pattern are skipped. */
  readonly alerts: Alert[];

  /** The topic the central rules notify. */
  readonly topic: sns.ITopic;

  /**
   * The Regions the forwarding rules are deployed to in every member account. Include us-east-1:
   * global-service events (IAM, STS, Organizations, root sign-in) arrive only there.
   */
  readonly regions: string[];

  /**
   * The organizational units (or the root, `r-...`) whose accounts get the forwarding rules; new
   * accounts in them get them automatically. The management account never does (service-managed
   * StackSets skip it): `AlertRules` in the management account covers it.
   */
  readonly organizationalUnitIds: string[];

  /**
   * The central event bus's name. The forwarder role in each member account is named
   * `<eventBusName>-forwarder-<region>`, so the name must leave room for IAM's 64 characters.
   *
   * @default 'cdk-org-trail-alerts'
   */
  readonly eventBusName?: string;

  /**
   * The StackSet's name.
   *
   * @default 'cdk-org-trail-alert-forwarding'
   */
  readonly stackSetName?: string;

  /**
   * Whether the StackSet is deployed by a delegated administrator rather than the management account.
   *
   * @default false
   */
  readonly delegatedAdmin?: boolean;
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ORGANIZATIONAL_UNIT_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Custom event bus names: letters, digits and . _ - (EventBridge's CreateEventBus rule), not 'aws.'-prefixed. */
const EVENT_BUS_NAME = /^(?!aws\.)[A-Za-z0-9._-]{1,256}$/;
const DEFAULT_EVENT_BUS_NAME = 'cdk-org-trail-alerts';
/** @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
const IAM_ROLE_NAME_MAX_LENGTH = 64;
/** The longest Region code in use today ('ap-southeast-5'); Regions added later may be longer. */
const LONGEST_REGION_CODE = 14;

/** The forwarder role's name in each member account and Region (IAM names are global per account). */
export function forwarderRoleName(eventBusName: string, region: string): string {
  return `${eventBusName}-forwarder-${region}`;
}

/**
 * The central bus admits only the forwarder roles of the organization's accounts: a member
 * principal that may call PutEvents could otherwise inject forged "AWS API Call via CloudTrail"
 * events (the central rules also require an `aws.` source, which PutEvents refuses to custom events),
 * and only as a rule's forwarding (`events:eventBusInvocation`), not as a direct PutEvents call.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
 */
export function forwarderPutEventsStatement(stack: Stack, eventBusArn: string, organizationId: string, eventBusName: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowOrganizationForwarderRolesToPutEvents',
    principals: [new iam.AnyPrincipal()],
    actions: ['events:PutEvents'],
    resources: [eventBusArn],
    conditions: {
      StringEquals: { 'aws:PrincipalOrgID': organizationId },
      ArnLike: { 'aws:PrincipalArn': `arn:${stack.partition}:iam::*:role/${forwarderRoleName(eventBusName, '*')}` },
      // Only events a rule forwards, never a direct PutEvents call, even with the forwarder role.
      Bool: { 'events:eventBusInvocation': 'true' },
    },
  });
}

/**
 * Organization-wide real-time alerts: a service-managed CloudFormation StackSet (automatic
 * deployment to new accounts) puts a forwarding rule per alert on the default bus of every member
 * account in the chosen Regions, sending matches to a central event bus in this account (its policy
 * admits only the organization's accounts), where central rules notify the topic.
 *
 * Global-service alerts are deployed only in us-east-1; sign-in and root-usage alerts in every Region.
 *
 * Deploy prerequisite that synth cannot create: CloudFormation StackSets trusted access in AWS
 * Organizations (`aws cloudformation activate-organizations-access`, or "Activate trusted access" in
 * the StackSets console); without it the management account cannot create service-managed StackSets.
 *
 * The central bus admits only the forwarder roles (`<eventBusName>-forwarder-<region>`) of the
 * organization's accounts, and only events their rules forward; every central rule requires an `aws.`
 * source, so a member principal cannot inject forged CloudTrail events.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 *
 * @example
 * declare const topic: sns.ITopic;
 * new OrganizationAlertFanout(this, 'Fanout', {
 *   organizationId: 'o-a1b2c3d4e5',
 *   organizationalUnitIds: ['r-a1b2'],
 *   regions: ['us-east-1', 'eu-west-1'],
 *   topic,
 *   alerts: AlertPack.CIS.alerts,
 * });
 */
export class OrganizationAlertFanout extends Construct {
  /** The central bus. */
  public readonly eventBus: events.EventBus;
  /** The StackSet with the forwarding rules. */
  public readonly stackSet: cloudformation.CfnStackSet;
  /** The rules on the central bus. */
  public readonly centralRules: AlertRules;

  constructor(scope: Construct, id: string, props: OrganizationAlertFanoutProps) {
    super(scope, id);
    this.validate(props);
    const alerts = props.alerts.filter((alert) => alert.eventPattern !== undefined);

    const eventBusName = props.eventBusName ?? DEFAULT_EVENT_BUS_NAME;
    this.eventBus = new events.EventBus(this, 'EventBus', { eventBusName });
    const stack = Stack.of(this);
    this.eventBus.addToResourcePolicy(forwarderPutEventsStatement(stack, this.eventBus.eventBusArn, props.organizationId, eventBusName));

    this.centralRules = new AlertRules(this, 'CentralRules', { alerts, topic: props.topic, eventBus: this.eventBus });

    const templateBody = stack.toJsonString(forwardingTemplate(alerts, this.eventBus.eventBusArn, eventBusName));
    const length = JSON.stringify(stack.resolve(templateBody)).length;
    if (length > STACK_SET_TEMPLATE_BODY_MAX_LENGTH) {
      throw new Error(`The forwarding template for ${alerts.length} alerts is about ${length} characters; a StackSet TemplateBody holds at most ${STACK_SET_TEMPLATE_BODY_MAX_LENGTH}. Use fewer alerts per OrganizationAlertFanout.`);
    }
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? 'cdk-org-trail-alert-forwarding',
      description: 'cdk-org-trail: forwards CloudTrail alert matches to the central event bus',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: props.delegatedAdmin ? 'DELEGATED_ADMIN' : 'SELF',
      // The forwarder role has a name (the bus policy admits it by aws:PrincipalArn).
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: { failureTolerancePercentage: 100, maxConcurrentPercentage: 100, regionConcurrencyType: 'PARALLEL' },
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds }, regions: props.regions }],
      templateBody,
    });
    // Member accounts forward to the bus as soon as their stacks exist, so its policy must come
    // first. The bus itself is already ordered by the template's GetAtt (a DependsOn on it would be
    // redundant, validator rule W3005).
    for (const policy of this.eventBus.node.findAll().filter((child) => child instanceof events.CfnEventBusPolicy)) {
      this.stackSet.node.addDependency(policy);
    }
  }

  private validate(props: OrganizationAlertFanoutProps): void {
    const problems: string[] = [];
    if (!Token.isUnresolved(props.organizationId) && !ORGANIZATION_ID.test(props.organizationId)) {
      problems.push(`'organizationId' must look like 'o-' followed by 10-32 lowercase letters or digits, got '${props.organizationId}'.`);
    }
    if (props.regions.length === 0) {
      problems.push('\'regions\' must list at least one Region, e.g. [\'us-east-1\', \'eu-west-1\'].');
    }
    const badRegions = props.regions.filter((region) => !Token.isUnresolved(region) && !REGION.test(region));
    if (badRegions.length > 0) {
      problems.push(`'regions' must hold Region codes such as 'eu-west-1', got ${badRegions.map((region) => `'${region}'`).join(', ')}.`);
    }
    if (new Set(props.regions).size !== props.regions.length) {
      problems.push('\'regions\' lists a Region twice; StackSet Regions must be unique.');
    }
    if (props.organizationalUnitIds.length === 0) {
      problems.push('\'organizationalUnitIds\' must list at least one OU (\'ou-...\') or the root (\'r-...\').');
    }
    const badUnits = props.organizationalUnitIds.filter((unit) => !Token.isUnresolved(unit) && !ORGANIZATIONAL_UNIT_ID.test(unit));
    if (badUnits.length > 0) {
      problems.push(`'organizationalUnitIds' must hold OU ids ('ou-xxxx-xxxxxxxx') or the root id ('r-xxxx'), got ${badUnits.map((unit) => `'${unit}'`).join(', ')}.`);
    }
    const eventBusName = props.eventBusName ?? DEFAULT_EVENT_BUS_NAME;
    if (!Token.isUnresolved(eventBusName)) {
      const knownRegions = props.regions.filter((region) => !Token.isUnresolved(region));
      const longestRegion = Math.max(LONGEST_REGION_CODE, ...knownRegions.map((region) => region.length));
      const longestRoleName = forwarderRoleName(eventBusName, 'x'.repeat(longestRegion));
      if (!EVENT_BUS_NAME.test(eventBusName)) {
        problems.push(`'eventBusName' must be 1-256 letters, digits, '.', '_' or '-' (EventBridge's rule for custom buses) and not start with 'aws.', got '${eventBusName}'.`);
      } else if (longestRoleName.length > IAM_ROLE_NAME_MAX_LENGTH) {
        problems.push(`'eventBusName' '${eventBusName}' is too long: the forwarder role in each member account is named '${forwarderRoleName(eventBusName, '<region>')}', which IAM caps at ${IAM_ROLE_NAME_MAX_LENGTH} characters. Use a bus name of at most ${IAM_ROLE_NAME_MAX_LENGTH - longestRoleName.length + eventBusName.length} characters.`);
      }
    }
    const needsUsEast1 = props.alerts.some((alert) => alert.globalService);
    if (needsUsEast1 && props.regions.length > 0 && !props.regions.includes(GLOBAL_SERVICE_REGION)) {
      problems.push(`'regions' must include '${GLOBAL_SERVICE_REGION}': ${props.alerts.filter((alert) => alert.globalService).map((alert) => `'${alert.id}'`).join(', ')} watch global-service events, which are delivered only there.`);
    }
    if (problems.length > 0) {
      throw new Error(problems.join('\n'));
    }
  }
}

/**
 * The template each member account and Region receives: a role EventBridge assumes to put events
 * on the central bus, and one rule per alert on the default bus targeting that bus. Alerts scoped to
 * us-east-1 carry a condition so that they exist only there.
 */
export function forwardingTemplate(alerts: Alert[], centralBusArn: string, eventBusName: string): { [key: string]: any } {
  const resources: { [key: string]: any } = {
    ForwarderRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: { 'Fn::Sub': forwarderRoleName(eventBusName, '${AWS::Region}') },
        Description: 'Lets EventBridge forward cdk-org-trail alert matches to the central event bus',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }],
        },
        Policies: [{
          PolicyName: 'PutEventsOnCentralBus',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBusArn }],
          },
        }],
      },
    },
  };
  for (const alert of alerts) {
    resources[`${pascalCase(alert.id)}Rule`] = {
      Type: 'AWS::Events::Rule',
      ...(alert.regionScope === AlertRegionScope.US_EAST_1 ? { Condition: 'IsGlobalServiceRegion' } : {}),
      Properties: {
        Description: ruleDescription(alert),
        EventPattern: awsSourcedPattern(alert),
        State: ruleState(alert),
        Targets: [{ Id: 'CentralBus', Arn: centralBusArn, RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] } }],
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'cdk-org-trail alert forwarding (deployed by a service-managed StackSet)',
    Conditions: { IsGlobalServiceRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, GLOBAL_SERVICE_REGION] } },
    Resources: resources,
  };
}
