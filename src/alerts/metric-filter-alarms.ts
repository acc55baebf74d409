import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Alert } from './catalog';
import { METRIC_FILTERS_PER_LOG_GROUP } from './limits';

/**
 * Props for `MetricFilterAlarms`.
 */
export interface MetricFilterAlarmsProps {
  /** The organization trail's log group (in the management account; it receives every account's events). */
  readonly logGroup: logs.ILogGroup;

  /** The alerts; those without a metric-filter pattern are skipped. */
  readonly alerts: Alert[];

  /** The topic each alarm notifies. */
  readonly topic: sns.ITopic;

  /**
   * The metrics' namespace. Security Hub's remediation uses 'LogMetrics'; the namespace is not part
   * of its check (UNVERIFIED), so any value works.
   *
   * @default 'LogMetrics'
   */
  readonly metricNamespace?: string;

  /**
   * Further alarm actions besides the topic.
   *
   * @default - only the topic
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * The alarm period (the CIS remediation text uses 300 seconds, UNVERIFIED against the PDF).
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/**
 * A CloudWatch Logs metric filter and an alarm per alert on the organization trail's log group: the
 * CIS / Security Hub CloudWatch.1-14 mechanism, which covers every account and Region of the
 * organization from the management account, with the latency of CloudTrail's delivery to CloudWatch Logs.
 * The metric name is the alert id; the alarm fires when the sum over one period is at least 1.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 *
 * @example
 * declare const logGroup: logs.ILogGroup;
 * declare const topic: sns.ITopic;
 * new MetricFilterAlarms(this, 'Alarms', { logGroup, topic, alerts: AlertPack.CIS.alerts });
 */
export class MetricFilterAlarms extends Construct {
  /** The metric filters, by alert id. */
  public readonly metricFilters: { [alertId: string]: logs.MetricFilter } = {};
  /** The alarms, by alert id. */
  public readonly alarms: { [alertId: string]: cloudwatch.Alarm } = {};
  /** The namespace of the metrics. */
  public readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: MetricFilterAlarmsProps) {
    super(scope, id);
    this.metricNamespace = props.metricNamespace ?? 'LogMetrics';
    const alerts = props.alerts.filter((alert) => alert.metricFilterPattern !== undefined);
    this.validate(alerts, props.period);
    const actions = [new cloudwatchActions.SnsAction(props.topic), ...(props.alarmActions ?? [])];

    for (const alert of alerts) {
      const base = pascalCase(alert.id);
      const filter = new logs.MetricFilter(this, `${base}Filter`, {
        logGroup: props.logGroup,
        filterName: alert.id,
        filterPattern: logs.FilterPattern.literal(alert.metricFilterPattern!),
        metricNamespace: this.metricNamespace,
        metricName: alert.id,
        metricValue: '1',
        defaultValue: 0,
      });
      const alarm = new cloudwatch.Alarm(this, `${base}Alarm`, {
        alarmDescription: `[cdk-org-trail:${alert.id}] ${alert.title}${alert.controls.length > 0 ? ` (${alert.controls.join(', ')})` : ''}`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: props.period ?? Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(...actions);
      this.metricFilters[alert.id] = filter;
      this.alarms[alert.id] = alarm;
    }
  }

  private validate(alerts: Alert[], period?: Duration): void {
    if (alerts.length > METRIC_FILTERS_PER_LOG_GROUP) {
      throw new Error(`'alerts' has ${alerts.length} alerts with a metric filter; CloudWatch Logs allows ${METRIC_FILTERS_PER_LOG_GROUP} metric filters per log group. Drop some, or use EventBridge rules for the rest.`);
    }
    if (period && !Token.isUnresolved(period.toSeconds()) && (period.toSeconds() < 60 || period.toSeconds() % 60 !== 0)) {
      throw new Error(`'period' must be a whole number of minutes (CloudWatch alarms on these metrics evaluate 60-second multiples), got ${period.toSeconds()} seconds.`);
    }
  }
}

/** 'root-account-usage' -> 'RootAccountUsage' (construct ids of the filters, rules and alarms). */
export function pascalCase(id: string): string {
  return id.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
