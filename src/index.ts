// The public API, and only it: classes, interfaces and enums that jsii ships to every language.
// Helpers (policy builders, validators, name rules, constants) stay internal to their modules.

export { OrganizationTrail, OrganizationTrailProps } from './organization-trail';

export { ArchiveLifecycle, ArchiveTransition } from './archive/archive-lifecycle';

export { ConditionOperator, FieldCondition, SelectorField } from './selectors/selector-field';
export { DataResourceType } from './selectors/data-resource-type';
export {
  DataEventPresetOptions, DataEventsOptions, EventCategory, EventSelector, NetworkActivityEventsOptions,
} from './selectors/event-selector';
export { ManagementEventSource } from './selectors/management-events';
export { InsightEventCategory, InsightsDelivery, InsightType } from './insights/insights';

export { ArchiveQueryOptions } from './query/archive-query-options';
export { TrailNamedQuery, TrailQuery, TrailQueryProps } from './query/trail-query';
export { AccountEnumeration, RegionEnumeration } from './query/partition-projection';
export { LakeEventDataStore, LakeEventDataStoreProps, LakeQuery } from './query/lake-event-data-store';

export {
  Alert, AlertingTamperingOptions, AlertPack, AlertProps, AlertRegionScope, AlertSeverity,
  ComponentBucketOptions, LogGroupTamperingOptions, TamperingPackOptions, TrailKeyTamperingOptions, TrailTamperingOptions,
} from './alerts/catalog';
export { AlarmTopic, AlarmTopicProps } from './alerts/alarm-topic';
export { MetricFilterAlarms, MetricFilterAlarmsProps } from './alerts/metric-filter-alarms';
export { AlertRules, AlertRulesProps, GlobalServiceAlertPlacement } from './alerts/event-rules';
export { OrganizationAlertFanout, OrganizationAlertFanoutProps } from './alerts/organization-fanout';
export { AlertFanoutOptions, TrailAlerts, TrailAlertsOptions, TrailAlertsProps } from './alerts/trail-alerts';

export { ContinuousValidation, ContinuousValidationProps, IntegrityValidationOptions } from './integrity/continuous-validation';
