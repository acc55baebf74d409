import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Alert, AlertRegionScope } from './catalog';
import { EVENT_PATTERN_MAX_LENGTH, RULE_DESCRIPTION_MAX_LENGTH, RULES_PER_EVENT_BUS } from './limits';
import { pascalCase } from './metric-filter-alarms';

/** The Region where global-service events (IAM, STS global endpoint, Organizations, root sign-in) are delivered. */
export const GLOBAL_SERVICE_REGION = 'us-east-1';

/**
 * What `AlertRules` does with global-service alerts when its stack is not in us-east-1.
 */
export enum GlobalServiceAlertPlacement {
  /** Fail at synth, naming the alerts (the default). */
  FAIL = 'FAIL',
  /**
   * Leave out the alerts whose events arrive only in us-east-1, keep those that also see events
   * elsewhere (sign-ins, root usage, denied calls), and warn.
   */
  SKIP_WITH_WARNING = 'SKIP_WITH_WARNING',
  /** Deploy them all anyway and warn: they miss the events delivered in us-east-1. */
  DEPLOY_WITH_WARNING = 'DEPLOY_WITH_WARNING',
}

/**
 * Props for `AlertRules`.
 */
export interface AlertRulesProps {
  /** The alerts; those without an event pattern are skipped. */
  readonly alerts: Alert[];

  /** The topic each rule notifies. Its policy gets a statement allowing these rules to publish. */
  readonly topic: sns.ITopic;

  /**
   * The bus the rules listen on. CloudTrail delivers only to the default bus of the account and
   * Region where the event is recorded; use another bus for events forwarded to it (as
   * `OrganizationAlertFanout` does).
   *
   * @default - the default event bus
   */
  readonly eventBus?: events.IEventBus;

  /**
   * What to do with global-service alerts when the stack is not in us-east-1 (only checked for the
   * default bus, where CloudTrail delivers).
   *
   * @default GlobalServiceAlertPlacement.FAIL
   */
  readonly globalServiceAlerts?: GlobalServiceAlertPlacement;
}

/**
 * One EventBridge rule per alert, notifying a topic in near real time. A rule sees only the events
 * of its own account and Region: in the management account it covers the management account; use
 * `OrganizationAlertFanout` for member accounts, and deploy global-service alerts in us-east-1.
 * Rules of alerts that must see read-only calls are in state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 *
 * @example
 * declare const topic: sns.ITopic;
 * new AlertRules(this, 'Rules', { topic, alerts: AlertPack.WALKTHROUGH.alerts });
 */
export class AlertRules extends Construct {
  /** The rules, by alert id. */
  public readonly rules: { [alertId: string]: events.CfnRule } = {};

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    const alerts = this.placeGlobalServiceAlerts(props.alerts.filter((alert) => alert.eventPattern !== undefined), props);
    if (alerts.length > RULES_PER_EVENT_BUS) {
      throw new Error(`'alerts' would create ${alerts.length} rules on one event bus; EventBridge allows ${RULES_PER_EVENT_BUS} in some Regions (300 in most). Drop some alerts or raise the quota and split them over buses.`);
    }
    const stack = Stack.of(this);
    for (const alert of alerts) {
      const rule = new events.CfnRule(this, pascalCase(alert.id), {
        description: ruleDescription(alert),
        eventBusName: props.eventBus?.eventBusName,
        eventPattern: checkedPattern(stack, alert),
        state: ruleState(alert),
        targets: [{ id: 'Topic', arn: props.topic.topicArn }],
      });
      this.rules[alert.id] = rule;
    }
    const ruleArns = Object.values(this.rules).map((rule) => rule.attrArn);
    if (ruleArns.length > 0) {
      props.topic.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AllowAlertRules${Token.isUnresolved(this.node.addr) ? '' : this.node.addr.slice(0, 8)}`,
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
        // Narrowed to these rules where EventBridge says which rule publishes; IfExists because
        // the EventBridge guide has said condition blocks are not usable in SNS topic policies for
        // EventBridge, and a condition the request lacks would drop every alert silently.
        conditions: { ArnEqualsIfExists: { 'aws:SourceArn': ruleArns } },
      }));
    }
  }

  private placeGlobalServiceAlerts(alerts: Alert[], props: AlertRulesProps): Alert[] {
    if (props.eventBus !== undefined) {
      return alerts;
    }
    const region = Stack.of(this).region;
    const global = alerts.filter((alert) => alert.globalService);
    if (global.length === 0 || region === GLOBAL_SERVICE_REGION) {
      return alerts;
    }
    const names = global.map((alert) => `'${alert.id}'`).join(', ');
    if (Token.isUnresolved(region)) {
      Annotations.of(this).addWarningV2('cdk-org-trail:GlobalServiceAlertsRegionUnknown',
        `The stack's Region is not known at synth, and ${names} only see global-service events (IAM, Organizations, root sign-in) when deployed in ${GLOBAL_SERVICE_REGION}. Give the stack an explicit env.`);
      return alerts;
    }
    const placement = props.globalServiceAlerts ?? GlobalServiceAlertPlacement.FAIL;
    if (placement === GlobalServiceAlertPlacement.FAIL) {
      throw new Error(`'alerts' includes ${names}, whose events (IAM, STS, Organizations, root sign-in) are delivered to EventBridge only in ${GLOBAL_SERVICE_REGION}, but this stack is in '${region}'. Deploy these rules in a ${GLOBAL_SERVICE_REGION} stack, rely on the metric-filter alarms, or set 'globalServiceAlerts' to SKIP_WITH_WARNING or DEPLOY_WITH_WARNING.`);
    }
    if (placement === GlobalServiceAlertPlacement.SKIP_WITH_WARNING) {
      const skipped = global.filter((alert) => alert.regionScope === AlertRegionScope.US_EAST_1);
      Annotations.of(this).addWarningV2('cdk-org-trail:GlobalServiceAlertsSkipped',
        `This stack is in '${region}': ${skipped.map((alert) => `'${alert.id}'`).join(', ') || 'no alert'} left out (their events arrive only in ${GLOBAL_SERVICE_REGION}); ${global.filter((alert) => !skipped.includes(alert)).map((alert) => `'${alert.id}'`).join(', ') || 'none'} kept but miss the events delivered in ${GLOBAL_SERVICE_REGION}.`);
      return alerts.filter((alert) => !skipped.includes(alert));
    }
    Annotations.of(this).addWarningV2('cdk-org-trail:GlobalServiceAlertsOutsideUsEast1',
      `This stack is in '${region}': ${names} miss the events delivered only in ${GLOBAL_SERVICE_REGION} (IAM, STS, Organizations, root sign-in).`);
    return alerts;
  }
}

/** `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` for alerts that must see read-only calls, else `ENABLED`. */
export function ruleState(alert: Alert): string {
  return alert.readOnlyManagementEvents ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED';
}

/** `[cdk-org-trail:<id>] <title>`, cut to the 512 characters CloudFormation accepts. */
export function ruleDescription(alert: Alert): string {
  return `[cdk-org-trail:${alert.id}] ${alert.title}`.slice(0, RULE_DESCRIPTION_MAX_LENGTH);
}

/**
 * The alert's pattern, required to come from an AWS service: PutEvents refuses custom events whose
 * `source` starts with `aws.` (NotAuthorizedForSourceException), so a principal allowed to put events
 * on a bus cannot feed a rule a forged "AWS API Call via CloudTrail" event. Patterns that already name
 * their sources keep them.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
 */
export function awsSourcedPattern(alert: Alert): { [key: string]: any } {
  const pattern = alert.eventPattern!;
  return pattern.source === undefined ? { source: [{ prefix: 'aws.' }], ...pattern } : pattern;
}

/** The alert's event pattern (AWS-sourced), checked against the EventBridge size quota once tokens are resolved. */
export function checkedPattern(stack: Stack, alert: Alert): { [key: string]: any } {
  const pattern = awsSourcedPattern(alert);
  const json = JSON.stringify(stack.resolve(pattern));
  if (!json.includes('"Fn::') && !json.includes('"Ref"') && json.length > EVENT_PATTERN_MAX_LENGTH) {
    throw new Error(`The event pattern of alert '${alert.id}' is ${json.length} characters; EventBridge accepts at most ${EVENT_PATTERN_MAX_LENGTH}. Split the alert.`);
  }
  return pattern;
}
