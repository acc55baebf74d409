import * as sns from 'aws-cdk-lib/aws-sns';
import { Alert, AlertSeverity } from './catalog';

/**
 * A topic that the alerts of some severities notify instead of the default topic.
 */
export interface SeverityTopic {
  /** The severities whose alerts notify `topic` (each severity in at most one route). */
  readonly severities: AlertSeverity[];

  /**
   * The topic. Its policy and key must let this account's CloudWatch alarms and EventBridge
   * rules publish (an `AlarmTopic` does).
   */
  readonly topic: sns.ITopic;
}

/** The topic an alert notifies: its severity's route, else the default topic. */
export function topicFor(severity: AlertSeverity, defaultTopic: sns.ITopic, routes: readonly SeverityTopic[] = []): sns.ITopic {
  return routes.find((route) => route.severities.includes(severity))?.topic ?? defaultTopic;
}

/** The alerts grouped by the topic they notify, in the order the topics first appear. */
export function alertsByTopic(alerts: readonly Alert[], defaultTopic: sns.ITopic, routes: readonly SeverityTopic[] = []): Map<sns.ITopic, Alert[]> {
  const groups = new Map<sns.ITopic, Alert[]>();
  for (const alert of alerts) {
    const topic = topicFor(alert.severity, defaultTopic, routes);
    groups.set(topic, [...(groups.get(topic) ?? []), alert]);
  }
  return groups;
}

/** Routes must each name a severity, and no severity may go two ways. */
export function severityRouteProblems(prop: string, routes: readonly { readonly severities: AlertSeverity[] }[] = []): string[] {
  const problems: string[] = [];
  routes.forEach((route, index) => {
    if (route.severities.length === 0) {
      problems.push(`'${prop}[${index}].severities' must name at least one AlertSeverity, got []. Use e.g. [AlertSeverity.CRITICAL].`);
    }
  });
  const seen = routes.flatMap((route) => route.severities);
  const twice = [...new Set(seen.filter((severity, index) => seen.indexOf(severity) !== index))];
  if (twice.length > 0) {
    problems.push(`'${prop}' routes ${twice.join(', ')} more than once; each severity notifies one topic. Keep each severity in one route.`);
  }
  return problems;
}
