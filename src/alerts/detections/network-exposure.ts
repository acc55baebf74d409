import { Alert } from '../catalog';

/**
 * Network exposure: security groups of load balancers, databases and caches, new Regions enabled, domain transfers.
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const NETWORK_EXPOSURE_ALERTS: Alert[] = [];
