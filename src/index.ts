// The public API, and only it: classes, interfaces and enums that jsii ships to every language.
// Helpers (policy builders, validators, name rules, constants) stay internal to their modules.

export { OrganizationTrail } from './organization-trail';
export type { OrganizationTrailProps } from './organization-trail';
export type { TrailKeyOptions } from './key/trail-key';
export type { TrailArchiveOptions } from './archive/trail-archive';
export type { CloudWatchDeliveryOptions } from './delivery/cloudwatch-delivery';
export type { DeliveryNotificationOptions } from './delivery/delivery-notifications';
export type { TrailSelectorsOptions } from './selectors/trail-selectors';
export type { InsightsOptions } from './insights/insights';
export type { ArchiveLifecycle, ArchiveTransition } from './archive/archive-lifecycle';
export { ConditionOperator, FieldCondition, SelectorField } from './selectors/selector-field';
export { DataResourceType } from './selectors/data-resource-type';
export { EventCategory, EventSelector } from './selectors/event-selector';
export type { DataEventPresetOptions, DataEventsOptions, NetworkActivityEventsOptions } from './selectors/event-selector';
export { InsightEventCategory, InsightsDelivery, InsightType } from './insights/insights';
export type { ArchiveQueryOptions } from './query/archive-query-options';
export { TrailQuery } from './query/trail-query';
export type { TrailNamedQuery, TrailQueryProps } from './query/trail-query';
export { AccountEnumeration, RegionEnumeration } from './query/partition-projection';
export { LakeEventDataStore } from './query/lake-event-data-store';
export type { LakeEventDataStoreProps, LakeQuery } from './query/lake-event-data-store';
export { Alert, AlertPack, AlertRegionScope, AlertSeverity } from './alerts/catalog';
export type { AlertingTamperingOptions, AlertProps, ComponentBucketOptions, LogGroupTamperingOptions, TamperingPackOptions, TrailKeyTamperingOptions, TrailTamperingOptions } from './alerts/catalog';
export { AlarmTopic } from './alerts/alarm-topic';
export type { AlarmTopicProps } from './alerts/alarm-topic';
export { MetricFilterAlarms } from './alerts/metric-filter-alarms';
export type { MetricFilterAlarmsProps } from './alerts/metric-filter-alarms';
export { AlertRules, GlobalServiceAlertPlacement } from './alerts/event-rules';
export type { AlertRulesProps } from './alerts/event-rules';
export { OrganizationAlertFanout } from './alerts/organization-fanout';
export type { OrganizationAlertFanoutProps } from './alerts/organization-fanout';
export { TrailAlerts } from './alerts/trail-alerts';
export type { AlertFanoutOptions, TrailAlertsOptions, TrailAlertsProps } from './alerts/trail-alerts';
export { ContinuousValidation } from './integrity/continuous-validation';
export type { ContinuousValidationProps, IntegrityValidationOptions } from './integrity/continuous-validation';
export { OrganizationTamperGuard } from './guard/organization-tamper-guard';
export type { OrganizationTamperGuardOptions, OrganizationTamperGuardProps } from './guard/organization-tamper-guard';
