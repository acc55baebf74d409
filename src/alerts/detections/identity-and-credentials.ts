import { Alert } from '../catalog';

/**
 * Identity and credentials: federation and identity-provider changes, sign-in tokens, instance credentials used from outside AWS, credential-harvesting tools (S3 Browser).
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const IDENTITY_AND_CREDENTIALS_ALERTS: Alert[] = [];
