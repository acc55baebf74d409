import { EXCLUDED_SIGMA_RULES } from './sigma-rules';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert, AlertRegionScope } from '../../src/alerts/catalog';

/** The packs in README's order; the tampering pack with every resource named. */
export const README_PACKS: AlertPack[] = [
  AlertPack.CIS, AlertPack.WALKTHROUGH, AlertPack.INSIGHTS,
  AlertPack.DEFENSE_IMPAIRMENT, AlertPack.IDENTITY_AND_CREDENTIALS, AlertPack.NETWORK_EXPOSURE,
  AlertPack.EXFILTRATION_AND_EXPOSURE, AlertPack.RESOURCE_HIJACKING, AlertPack.DISCOVERY,
  AlertPack.tampering({
    trailName: 'org-trail',
    keyArn: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    bucketName: 'archive',
    archiveEventBridgeNotifications: true,
    accessLogsBucketName: 'access-logs',
    logGroupName: 'cloudtrail/org-trail',
    namePrefix: 'org-trail-',
  }),
];

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The EventBridge column: whether there is a rule, and what it needs. */
export function eventBridgeCell(alert: Alert): string {
  if (alert.eventPattern === undefined) {
    return 'no: counts over a window';
  }
  const notes = [
    alert.readOnlyManagementEvents ? 'all management events' : undefined,
    alert.regionScope === AlertRegionScope.US_EAST_1 ? 'us-east-1 only' : undefined,
    alert.regionScope === AlertRegionScope.US_EAST_1_AND_EVERY_REGION ? 'us-east-1 and every Region' : undefined,
    alert.dataEventResourceTypes.length > 0 ? `data events: ${alert.dataEventResourceTypes.join(', ')}` : undefined,
    alert.requiresInsights ? 'Insights' : undefined,
  ].filter((note) => note !== undefined);
  return notes.length === 0 ? 'yes' : `yes (${notes.join('; ')})`;
}

/** The metric filter column: whether there is one, and its threshold and window when it counts. */
export function metricFilterCell(alert: Alert): string {
  if (alert.metricFilterPattern === undefined) {
    return 'no';
  }
  if (alert.alarmThreshold > 1 || alert.alarmPeriod !== undefined) {
    return `yes: ≥ ${alert.alarmThreshold} in ${alert.alarmPeriod?.toMinutes() ?? 5} min`;
  }
  return 'yes';
}

function sourceCell(alert: Alert): string {
  const rules = alert.sourceRules.map((rule) => `\`${rule}\``).join(', ');
  return alert.sourceRuleFix === undefined ? rules : `${rules}; fixed: ${escape(alert.sourceRuleFix)}`;
}

/** README's catalog table: every alert of every pack. */
export function catalogTable(): string {
  const lines = [
    '| id | pack | severity | ATT&CK | controls | answers (and what we fixed) | EventBridge | metric filter |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const pack of README_PACKS) {
    for (const alert of pack.alerts) {
      lines.push(`| \`${alert.id}\` | ${pack.name} | ${alert.severity} | ${alert.techniques.join(', ')} | ${alert.controls.join(', ')} | ${sourceCell(alert)} | ${eventBridgeCell(alert)} | ${metricFilterCell(alert)} |`);
    }
  }
  return lines.join('\n');
}

/** README's table of the Sigma rules the catalog leaves out. */
export function excludedRulesTable(): string {
  return [
    '| Sigma rule | why it is not an alert |',
    '|---|---|',
    ...Object.entries(EXCLUDED_SIGMA_RULES).map(([rule, reason]) => `| \`${rule}\` | ${escape(reason)} |`),
  ].join('\n');
}
