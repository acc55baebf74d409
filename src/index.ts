export * from './organization-trail';
export * from './archive/archive-lifecycle';
export * from './selectors/selector-field';
export * from './selectors/data-resource-type';
export * from './selectors/event-selector';
export { ManagementEventSource } from './selectors/management-events';
export { InsightType, InsightEventCategory, InsightsDelivery } from './insights/insights';
