import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { watchesManagementEvents } from './alert-needs';
import { AlertPack } from './alert-pack';
import { Alert, AlertSeverity } from './catalog';
import { AlertRules, GlobalServiceAlertPlacement } from './event-rules';
import { MetricFilterAlarms, pascalCase } from './metric-filter-alarms';
import { OrganizationAlertFanout } from './organization-fanout';
import { SeverityTopic, severityRouteProblems } from './severity-routing';
import { defaultNamePrefix, namePrefixProblems } from '../private/alert-names';
import { defaultFanoutEventBusName, defaultFanoutStackSetName } from '../private/physical-names';
import { emailAddressProblems, metricNamespaceProblems } from '../private/service-names';
import { calledConstruct, nestedPropPath, propNamer, propPathOf, throwIfProblems, withPropPath } from '../private/validation';

/** The parts' `alerts` come from the user's `pack` (with `additionalAlerts` and the tampering alerts). */
const ALERTS_FROM_PACK = { prefix: '', renames: { alerts: 'pack' } };

/**
 * Where the organization fan-out deploys the alert rules.
 */
export interface AlertFanoutOptions {
  /** The organizational units (or the root, `r-...`) whose accounts get the forwarding rules. */
  readonly organizationalUnitIds: string[];

  /**
   * The Regions the forwarding rules are deployed to; include us-east-1 for global-service alerts
   * (us-gov-west-1 in AWS GovCloud (US)).
   */
  readonly regions: string[];

  /**
   * The central event bus's name (see `OrganizationAlertFanoutProps.eventBusName`).
   *
   * @default - `<trailName>-alerts`, cut and hashed to 39 characters so that the forwarder roles fit IAM's limit
   */
  readonly eventBusName?: string;

  /**
   * The StackSet's name (see `OrganizationAlertFanoutProps.stackSetName`).
   *
   * @default - `<trailName>-alert-forwarding` (periods and underscores as hyphens)
   */
  readonly stackSetName?: string;
}

/**
 * Alerts of some severities sent to a topic of their own (a pager, another team).
 */
export interface SeverityRouteOptions {
  /**
   * The route's name, in the topic's construct id (`Route<Name>Topic`, so renaming a route
   * replaces its topic): 1-64 letters, digits, '-' or '_'.
   */
  readonly name: string;

  /** The severities whose alerts notify this route's topic instead of the default one (each in one route). */
  readonly severities: AlertSeverity[];

  /**
   * E-mail addresses subscribed to the route's topic (each must confirm).
   *
   * @default - none
   */
  readonly emailAddresses?: string[];

  /**
   * Further subscriptions, e.g. a pager's HTTPS endpoint (`subscriptions.UrlSubscription`).
   *
   * @default - none
   */
  readonly subscriptions?: sns.ITopicSubscription[];
}

/**
 * Which alerts an organization trail raises, and how.
 */
export interface TrailAlertsOptions {
  /**
   * The pack of alerts to raise, e.g. `AlertPack.CIS`, or `AlertPack.of('mine', [...])` for a
   * selection of your own.
   *
   * @default AlertPack.BASELINE - the CIS monitoring controls, the walkthrough's alerts and Insights
   */
  readonly pack?: AlertPack;

  /**
   * Alerts raised besides the pack's, e.g. single `Alert` members or `Alert.custom(...)` ones.
   *
   * @default - none
   */
  readonly additionalAlerts?: Alert[];

  /**
   * Also alert on tampering with this component (`AlertPack.tampering()`): the trail stopped,
   * deleted or changed, and selector or logging changes on any trail of the organization; the key
   * disabled, scheduled for deletion, its policy or grants changed; the archive and access-log
   * buckets deleted or their protection changed; log files deleted from the archive; the log group
   * deleted or changed; the component's own alarms and rules deleted, disabled or changed.
   *
   * @default true
   */
  readonly tampering?: boolean;

  /**
   * The prefix of the names of the metric-filter alarms and EventBridge rules
   * (`<namePrefix><alert id>`, cut to the 64 characters of a rule name with a hash when longer):
   * 1-32 letters, digits, '.', '-' or '_'. The `alerting-tampering` alert recognises the
   * component's alarms and rules by it, so give each trail's alerts in an account and Region
   * their own prefix. Changing it renames, and so replaces, the alarms and rules.
   *
   * @default - `<trailName>-` (names longer than 31 characters are shortened with a hash of the full name)
   */
  readonly namePrefix?: string;

  /**
   * E-mail addresses subscribed to the alarm topic (each must confirm the subscription), one
   * address per entry, each once.
   *
   * @default - no subscription
   */
  readonly emailAddresses?: string[];

  /**
   * Further subscriptions of the alarm topic, e.g. a pager's HTTPS endpoint.
   *
   * @default - only the e-mail subscriptions
   */
  readonly subscriptions?: sns.ITopicSubscription[];

  /**
   * Send the alerts of some severities to topics of their own, each made like the alarm topic
   * (KMS-encrypted, TLS-only, publishable by this account's alarms and rules), e.g.
   * `[{ name: 'page', severities: [AlertSeverity.CRITICAL], subscriptions: [pager] }]`. Alerts of
   * the other severities, and the integrity validator's alarm unless CRITICAL is routed, notify
   * the alarm topic.
   *
   * @default - every alert notifies the alarm topic
   */
  readonly severityRoutes?: SeverityRouteOptions[];

  /**
   * Extra actions for every metric-filter alarm, besides the topic.
   *
   * @default - only the topic
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * Raise alerts through metric filters and alarms on the trail's log group (the organization-wide
   * path Security Hub checks). Needs CloudWatch Logs delivery. At least one of
   * `metricFilterAlarms`, `eventRules` and `organizationFanout` must be on, and the alerts must
   * give at least one alarm or rule: a topic nothing notifies fails at synth.
   *
   * @default true
   */
  readonly metricFilterAlarms?: boolean;

  /**
   * Raise alerts through EventBridge rules in this stack's account and Region (near real time).
   *
   * @default true
   */
  readonly eventRules?: boolean;

  /**
   * What to do with alerts on global services (IAM, STS, sign-in, Organizations) when the stack is
   * not in us-east-1, where their events arrive (us-gov-west-1 in AWS GovCloud (US), cn-north-1 in China).
   *
   * @default GlobalServiceAlertPlacement.FAIL
   */
  readonly globalServiceAlerts?: GlobalServiceAlertPlacement;

  /**
   * The CloudWatch namespace of the alert metrics: 1-255 printable ASCII characters other than
   * ':', '*' and '$', not starting with 'AWS/'.
   *
   * @default 'LogMetrics'
   */
  readonly metricNamespace?: string;

  /**
   * Deploy the alert rules to member accounts through a service-managed StackSet and forward
   * matches to a central event bus in this account.
   *
   * @default - no fan-out: rules see only this account and Region
   */
  readonly organizationFanout?: AlertFanoutOptions;
}

/** Props for `TrailAlerts`. */
export interface TrailAlertsProps extends TrailAlertsOptions {
  /** The organization, for the fan-out's bus policy. */
  readonly organizationId: string;
  /** The trail's name, for the tampering alerts. */
  readonly trailName: string;
  /** The trail key's ARN, for the tampering alerts. */
  readonly keyArn: string;
  /** The archive bucket's name, for the tampering alerts. */
  readonly bucketName: string;
  /**
   * The archive bucket sends object events to EventBridge, so deletions of log files can be
   * alerted on (`archive-object-deleted`).
   *
   * @default false - no object deletion alert
   */
  readonly archiveEventBridgeNotifications?: boolean;
  /**
   * The name of the bucket that receives the archive's S3 server access logs, for the tampering alerts.
   *
   * @default - no access-log bucket alert
   */
  readonly accessLogsBucketName?: string;
  /**
   * The trail's log group, for metric-filter alarms.
   *
   * @default - no metric-filter alarms
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * The log group another trail (Control Tower's) delivers the management events to, when this
   * trail does not record them all: the metric filters of alerts on management events go there,
   * those on data and Insights events stay on `logGroup`.
   *
   * @default - every metric filter is on `logGroup`
   */
  readonly managementEventsLogGroup?: logs.ILogGroup;
  /**
   * What happens to the alarm topic's key when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The alerting half of an organization trail: an encrypted alarm topic, metric-filter alarms on
 * the trail's log group, EventBridge rules, and optionally the organization fan-out.
 */
export class TrailAlerts extends Construct {
  /** The encrypted, TLS-only topic every alert notifies unless its severity is routed elsewhere. */
  public readonly alarmTopic: AlarmTopic;
  /** The topics of `severityRoutes`, by route name. */
  public readonly routeTopics: { [routeName: string]: AlarmTopic } = {};
  /** The alerts in force, tampering included. */
  public readonly alerts: Alert[];
  /** The metric filters and alarms on the trail's log group (undefined when off). */
  public readonly metricFilterAlarms?: MetricFilterAlarms;
  /** The metric filters and alarms on `managementEventsLogGroup` (undefined without it). */
  public readonly managementEventsMetricFilterAlarms?: MetricFilterAlarms;
  /** The EventBridge rules (undefined when off). */
  public readonly eventRules?: AlertRules;
  /** The organization fan-out (undefined when not configured). */
  public readonly fanout?: OrganizationAlertFanout;
  private routes?: SeverityTopic[];

  constructor(scope: Construct, id: string, props: TrailAlertsProps) {
    super(scope, id);
    const name = propNamer(props);
    const path = propPathOf(props);
    const chosen = [...(props.pack ?? AlertPack.BASELINE).alerts, ...(props.additionalAlerts ?? [])];
    const namePrefix = checkedNamePrefix(props);
    const tampering = props.tampering === false ? [] : AlertPack.tampering({
      trailName: props.trailName,
      keyArn: props.keyArn,
      bucketName: props.bucketName,
      archiveEventBridgeNotifications: props.archiveEventBridgeNotifications,
      accessLogsBucketName: props.accessLogsBucketName,
      logGroupName: props.logGroup?.logGroupName,
      namePrefix,
    }).alerts;
    this.alerts = [...chosen, ...tampering];
    throwIfProblems(calledConstruct(props, 'TrailAlerts'), [
      ...this.duplicateProblems(props),
      ...pathProblems(props),
      ...emailAddressProblems(name('emailAddresses'), props.emailAddresses),
      ...severityRouteProblems(name('severityRoutes'), props.severityRoutes),
      ...routeNameProblems(name('severityRoutes'), props.severityRoutes ?? []),
      ...(props.metricFilterAlarms === false ? [] : metricNamespaceProblems(name('metricNamespace'), props.metricNamespace)),
    ]);

    this.alarmTopic = new AlarmTopic(this, 'Topic', withPropPath({
      emailAddresses: props.emailAddresses,
      subscriptions: props.subscriptions,
      removalPolicy: props.removalPolicy,
    }, path));
    const topic = this.alarmTopic.topic;
    const severityTopics = this.addRouteTopics(props);
    if (props.metricFilterAlarms !== false) {
      // Beside another trail's log group, each alert's filter goes where its events arrive.
      const elsewhere = props.managementEventsLogGroup;
      const onOwnGroup = elsewhere ? this.alerts.filter((alert) => !watchesManagementEvents(alert)) : this.alerts;
      const metricFilterAlarms = (constructId: string, logGroup: logs.ILogGroup, alerts: Alert[]) => new MetricFilterAlarms(this, constructId,
        withPropPath({
          logGroup,
          alerts,
          topic,
          severityTopics,
          metricNamespace: props.metricNamespace,
          alarmActions: props.alarmActions,
          namePrefix,
        }, nestedPropPath(path, ALERTS_FROM_PACK)));
      if (props.logGroup && (!elsewhere || onOwnGroup.length > 0)) {
        this.metricFilterAlarms = metricFilterAlarms('MetricFilterAlarms', props.logGroup, onOwnGroup);
      }
      if (elsewhere) {
        this.managementEventsMetricFilterAlarms = metricFilterAlarms('ManagementEventsMetricFilterAlarms', elsewhere,
          this.alerts.filter(watchesManagementEvents));
      }
    }
    if (props.eventRules !== false) {
      this.eventRules = new AlertRules(this, 'Rules', withPropPath({
        alerts: this.alerts,
        topic,
        severityTopics,
        globalServiceAlerts: props.globalServiceAlerts,
        namePrefix,
      }, nestedPropPath(path, ALERTS_FROM_PACK)));
    }
    if (props.organizationFanout) {
      this.fanout = new OrganizationAlertFanout(this, 'Fanout', withPropPath({
        organizationId: props.organizationId,
        // The trail, its key, buckets, log group, alarms and rules live in this account: their
        // tampering rules in member accounts could never match, and would only spend rule and
        // template quotas. Logging changes on any trail can happen in every account.
        alerts: [...chosen, ...tampering.filter((alert) => alert.id === Alert.ANY_TRAIL_LOGGING_CHANGES.id)],
        topic,
        severityTopics,
        namePrefix,
        regions: props.organizationFanout.regions,
        organizationalUnitIds: props.organizationFanout.organizationalUnitIds,
        // Two trails of one account must not share a bus or StackSet: the defaults derive from the trail.
        eventBusName: props.organizationFanout.eventBusName
          ?? (Token.isUnresolved(props.trailName) ? undefined : defaultFanoutEventBusName(props.trailName)),
        stackSetName: props.organizationFanout.stackSetName
          ?? (Token.isUnresolved(props.trailName) ? undefined : defaultFanoutStackSetName(props.trailName)),
      }, nestedPropPath(path, {
        prefix: '',
        renames: {
          ...ALERTS_FROM_PACK.renames,
          ...Object.fromEntries(['regions', 'organizationalUnitIds', 'eventBusName', 'stackSetName'].map((prop) => [prop, `organizationFanout.${prop}`])),
        },
      })));
    }
    this.failIfNothingNotifies(props);
  }

  /** The topic that alerts of this severity notify. */
  public topicFor(severity: AlertSeverity): sns.ITopic {
    const route = (this.routes ?? []).find((candidate) => candidate.severities.includes(severity));
    return route?.topic ?? this.alarmTopic.topic;
  }

  /** One `AlarmTopic` per severity route (construct id `Route<Name>Topic`). */
  private addRouteTopics(props: TrailAlertsProps): SeverityTopic[] {
    const path = propPathOf(props);
    this.routes = (props.severityRoutes ?? []).map((route, index) => {
      const alarmTopic = new AlarmTopic(this, `Route${pascalCase(route.name)}Topic`, withPropPath({
        emailAddresses: route.emailAddresses,
        subscriptions: route.subscriptions,
        removalPolicy: props.removalPolicy,
      }, nestedPropPath(path, { prefix: `severityRoutes[${index}].`, renames: {} })));
      this.routeTopics[route.name] = alarmTopic;
      return { severities: route.severities, topic: alarmTopic.topic };
    });
    return this.routes;
  }

  private duplicateProblems(props: TrailAlertsProps): string[] {
    const duplicates = this.alerts.map((alert) => alert.id).filter((alertId, index, ids) => ids.indexOf(alertId) !== index);
    if (duplicates.length === 0) {
      return [];
    }
    const name = propNamer(props);
    return [`'${name('pack')}' and '${name('additionalAlerts')}' list ${[...new Set(duplicates)].map((alertId) => `'${alertId}'`).join(', ')} more than once (tampering alerts are added by '${name('tampering')}'). List each alert once.`];
  }

  /**
   * A topic that no alarm and no rule notifies deploys and stays silent: refuse it. The paths are
   * counted after they are built, so alerts without a pattern for the enabled paths, and
   * global-service alerts skipped outside us-east-1, are accounted for.
   */
  private failIfNothingNotifies(props: TrailAlertsProps): void {
    const notifiers = Object.keys(this.metricFilterAlarms?.alarms ?? {}).length
      + Object.keys(this.managementEventsMetricFilterAlarms?.alarms ?? {}).length
      + Object.keys(this.eventRules?.rules ?? {}).length
      + Object.keys(this.fanout?.centralRules.rules ?? {}).length;
    if (notifiers > 0) {
      return;
    }
    const name = propNamer(props);
    const ids = this.alerts.length === 0 ? '[]' : this.alerts.map((alert) => `'${alert.id}'`).join(', ');
    const paths = [
      props.metricFilterAlarms === false ? undefined : 'metric-filter alarms need a \'metricFilterPattern\'',
      props.eventRules === false ? undefined : 'EventBridge rules need an \'eventPattern\' (and global-service alerts us-east-1)',
    ].filter((text) => text !== undefined).join('; ');
    throw new Error(`'${name('pack')}' and '${name('additionalAlerts')}' give no alarm and no rule, so the alarm topic would never be notified (got ${ids}${props.tampering === false ? `, with '${name('tampering')}' false` : ''}). Add alerts the enabled paths can raise (${paths}).`);
  }
}

const ROUTE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Route names: usable in a topic name after the prefix, and unique. */
function routeNameProblems(prop: string, routes: readonly SeverityRouteOptions[]): string[] {
  const problems: string[] = [];
  routes.forEach((route, index) => {
    if (!Token.isUnresolved(route.name) && !ROUTE_NAME.test(route.name)) {
      problems.push(`'${prop}[${index}].name' must be 1-64 letters, digits, '-' or '_', got '${route.name}'. Use e.g. 'page'.`);
    }
  });
  const names = routes.map((route) => route.name);
  const twice = [...new Set(names.filter((routeName, index) => names.indexOf(routeName) !== index))];
  if (twice.length > 0) {
    problems.push(`'${prop}' names ${twice.map((routeName) => `'${routeName}'`).join(', ')} more than once. Give each route its own name.`);
  }
  return problems;
}

/** The alert paths: at least one on, and metric-filter alarms only with a log group. */
function pathProblems(props: TrailAlertsProps): string[] {
  const name = propNamer(props);
  if (props.metricFilterAlarms === false && props.eventRules === false && props.organizationFanout === undefined) {
    return [`'${name('metricFilterAlarms')}' and '${name('eventRules')}' are both false and '${name('organizationFanout')}' is not set, so no alert could ever notify the topic. Turn one of them on, or leave the alerts out.`];
  }
  if (props.metricFilterAlarms !== false && !props.logGroup && !props.managementEventsLogGroup) {
    return [`'${name('metricFilterAlarms')}' is ${props.metricFilterAlarms === undefined ? 'on by default' : 'true'}, but 'logGroup' is not set, so there is no log group to filter. Pass the trail's log group, or set '${name('metricFilterAlarms')}' to false and rely on EventBridge rules.`];
  }
  return [];
}

/** The prefix of the alarm and rule names, checked. */
function checkedNamePrefix(props: TrailAlertsProps): string {
  const name = propNamer(props);
  if (props.namePrefix === undefined && Token.isUnresolved(props.trailName)) {
    throw new Error(`'${name('namePrefix')}' must be set when 'trailName' is not known at synth time (got a token): the alarm and rule names, and the alert that watches them, are derived from it. Pass a literal such as 'org-trail-'.`);
  }
  const namePrefix = props.namePrefix ?? defaultNamePrefix(props.trailName);
  throwIfProblems(calledConstruct(props, 'TrailAlerts'), namePrefixProblems(name('namePrefix'), namePrefix));
  return namePrefix;
}
