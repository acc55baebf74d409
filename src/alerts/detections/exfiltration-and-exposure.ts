import { Alert } from '../catalog';

/**
 * Exfiltration and exposure: buckets, file systems and database clusters deleted, snapshots shared, instances exported, databases restored public, master passwords reset.
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const EXFILTRATION_AND_EXPOSURE_ALERTS: Alert[] = [];
