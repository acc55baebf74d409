import { Alert } from '../catalog';

/**
 * Defense impairment: turning off or blinding logging, monitoring, findings and security controls (GuardDuty, Security Hub, flow logs, S3 logging and versioning, EBS encryption, KMS key material, Bedrock guardrails).
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const DEFENSE_IMPAIRMENT_ALERTS: Alert[] = [];
