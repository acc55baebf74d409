import { Annotations, AspectPriority, Aspects } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Alert } from './catalog';

/**
 * What a trail records, as far as the alerts' needs go.
 */
export interface TrailRecording {
  /** The trail records read-only management events (Get, List, Describe). */
  readonly readOnlyManagementEvents: boolean;
  /** The trail records management events at all. */
  readonly managementEvents: boolean;
  /** Management event sources the trail leaves out (e.g. 'kms.amazonaws.com'). */
  readonly excludedEventSources: string[];
  /** The data event resource types some selector records (e.g. 'AWS::S3::Object'). */
  readonly dataResourceTypes: string[];
}

/** An alert that cannot see what it watches, and why. */
export interface BlindAlerts {
  /** The warning id (after 'cdk-org-trail:'). */
  readonly id: string;
  /** The message naming the alerts, the cause and the fix. */
  readonly message: string;
}

/**
 * Whether an alert watches management events (as opposed to data or Insights events, which only
 * the trail whose selectors or Insights settings record them delivers).
 */
export function watchesManagementEvents(alert: Alert): boolean {
  return alert.dataEventResourceTypes.length === 0 && !alert.requiresInsights;
}

const ids = (alerts: readonly Alert[]): string => alerts.map((alert) => `'${alert.id}'`).join(', ');

/**
 * The alerts that the trail's recording makes blind, grouped by cause. CloudTrail delivers to the
 * trail's log group, and to EventBridge, only events a trail records: data events only from
 * trails whose selectors record them, and management events the trail's settings include.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/event-types.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 */
export function blindAlerts(alerts: readonly Alert[], recording: TrailRecording): BlindAlerts[] {
  const blind: BlindAlerts[] = [];
  const management = alerts.filter(watchesManagementEvents);
  if (!recording.managementEvents) {
    const affected = management.filter((alert) => alert.eventSources.length > 0 || alert.metricFilterPattern !== undefined);
    if (affected.length > 0) {
      blind.push({
        id: 'AlertsWithoutManagementEvents',
        message: `'managementEvents' is ReadWriteType.NONE, so ${ids(affected)} never see their events in the trail's log group. Record management events, or drop these alerts.`,
      });
    }
  } else if (!recording.readOnlyManagementEvents) {
    const affected = management.filter((alert) => alert.readOnlyManagementEvents);
    if (affected.length > 0) {
      blind.push({
        id: 'AlertsNeedReadOnlyEvents',
        message: `'managementEvents' leaves out read-only calls, which ${ids(affected)} watch: their metric filters can never match. Record ReadWriteType.ALL, or drop these alerts.`,
      });
    }
  }
  const excluded = management.filter((alert) => alert.eventSources.some((source) => recording.excludedEventSources.includes(source)));
  if (excluded.length > 0) {
    blind.push({
      id: 'AlertsNeedExcludedSources',
      message: `'excludeManagementEventSources' leaves out ${recording.excludedEventSources.join(', ')}, which ${ids(excluded)} watch: they can never fire. Stop excluding the source, or drop these alerts.`,
    });
  }
  const needing = alerts.filter((alert) => alert.dataEventResourceTypes.some((type) => !recording.dataResourceTypes.includes(type)));
  if (needing.length > 0) {
    const unrecorded = (alert: Alert) => alert.dataEventResourceTypes.filter((type) => !recording.dataResourceTypes.includes(type));
    const missing = [...new Set(needing.flatMap(unrecorded))];
    blind.push({
      id: 'AlertsNeedDataEvents',
      message: `${ids(needing)} watch data events of ${missing.join(', ')}, which no event selector of the trail records, so they can never fire. Add a selector (e.g. EventSelector.dataEvents({ resourceType: ... })), or drop these alerts.`,
    });
  }
  return blind;
}

/**
 * Warns on `scope` at synth (once every selector is known) about the alerts its trail's recording
 * makes blind, one warning per cause.
 */
export function warnWhenAlertsAreBlind(scope: IConstruct, alerts: readonly Alert[], recording: () => TrailRecording): void {
  Aspects.of(scope).add({
    visit: (node) => {
      if (node !== scope) return;
      for (const { id, message } of blindAlerts(alerts, recording())) {
        Annotations.of(scope).addWarningV2(`cdk-org-trail:${id}`, message);
      }
    },
  }, { priority: AspectPriority.READONLY });
}
