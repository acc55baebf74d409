import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The compliance findings this component acknowledges on its own resources, each with the reason.
 * They are design decisions, not gaps: README lists every one of them, and a test checks that it
 * does. Ids are those of cdk-nag 3.x and of the Control Tower rules in cdk-validator-cfnguard.
 */
export interface ComponentAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

const ACCESS_LOGS_REPLICATION_REASON = 'Replication needs a destination bucket in another Region or account that this component does not own; the access logs are request metadata about the archive, not the audit record, which `archiveReplication` copies.';

/** On the access-log bucket: S3 server access logging constrains its destination. */
export const ACCESS_LOGS_BUCKET_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'AwsSolutions-S1', reason: 'This bucket is the server access log destination; logging it to itself would loop.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: 'CT.S3.PR.2: this bucket is the server access log destination; logging it to itself would loop.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: 'CT.S3.PR.10: S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, not SSE-KMS.' },
  { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, not SSE-KMS.' },
  { id: 'HIPAA.Security-S3DefaultEncryptionKMS', reason: 'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, not SSE-KMS.' },
  { id: 'PCI.DSS.321-S3DefaultEncryptionKMS', reason: 'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, not SSE-KMS.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'CT.S3.PR.9: S3 does not deliver server access logs to a destination bucket with an Object Lock default retention.' },
  { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: ACCESS_LOGS_REPLICATION_REASON },
  { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: ACCESS_LOGS_REPLICATION_REASON },
  { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: ACCESS_LOGS_REPLICATION_REASON },
];

const ARCHIVE_REPLICATION_REASON = 'No second copy is configured (`archiveReplication` unset): replication needs a destination bucket in another Region or account, which this stack cannot own; the archive is protected by versioning, log file validation, retention and optional Object Lock. Set `archiveReplication` (with ArchiveReplica in the other account or Region) if your regime requires a separate copy.';

/** On the archive bucket while no second copy is configured (`archiveReplication` unset, the default). */
export const ARCHIVE_BUCKET_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: ARCHIVE_REPLICATION_REASON },
  { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: ARCHIVE_REPLICATION_REASON },
  { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: ARCHIVE_REPLICATION_REASON },
];

/**
 * On an `ArchiveReplica` bucket: it is the second copy, so a copy of it would be a third. The same
 * Object Lock finding as the archive's applies while its `objectLockRetention` is unset.
 */
export const REPLICA_BUCKET_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'This bucket is the archive\'s second copy: the archive replicates into it, and replicating the copy again would only make a third.' },
  { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: 'This bucket is the archive\'s second copy: the archive replicates into it, and replicating the copy again would only make a third.' },
  { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: 'This bucket is the archive\'s second copy: the archive replicates into it, and replicating the copy again would only make a third.' },
];

/** On the archive bucket when Object Lock is not configured (the default). */
export const ARCHIVE_WITHOUT_OBJECT_LOCK_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'CT.S3.PR.9: Object Lock is opt-in (`objectLockRetention`) because compliance mode cannot be undone; log file validation detects tampering, and versioning keeps replaced objects.' },
];

/** Why the replication role's resources end in wildcards. */
export const REPLICATION_ROLE_WILDCARD_REASON = 'S3 replication reads and writes every log and digest file under the trail\'s AWSLogs/ path, whose keys are unknown in advance; with a destination key named by alias ARN, the key ID is unknown too, and kms:ResourceAliases, kms:ViaService and the replica bucket\'s encryption context narrow the statement to that one key used by S3 for that one bucket.';

/** Why the CloudWatch Logs delivery role's resources end in wildcards. */
export const DELIVERY_ROLE_WILDCARD_REASON = 'CloudTrail names its log streams <account>_CloudTrail_<region>[_n] and <orgId>_<account>_CloudTrail_<region>[_n]; the wildcards are the suffixes of those two documented stream-name patterns in one log group.';

/**
 * cdk-nag reports each wildcard resource as its own finding, `AwsSolutions-IAM5[Resource::<arn>]`,
 * with the ARN flattened (`{Ref: X}` -> `<X>`, joins concatenated), and matches acknowledgements
 * by exact id. This builds those ids for the given resources, so that only these wildcards are
 * acknowledged and any other one still fails.
 */
export function wildcardResourceAcknowledgements(stack: Stack, resources: string[], reason: string): ComponentAcknowledgement[] {
  const ids = new Set(resources
    .filter((resource) => resource.includes('*'))
    .map((resource) => `AwsSolutions-IAM5[Resource::${flattenForFindingId(stack.resolve(resource))}]`));
  return [...ids].map((id) => ({ id, reason }));
}

function flattenForFindingId(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const node = value as Record<string, any>;
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return (items as unknown[]).map(flattenForFindingId).join(delimiter);
  }
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flattenForFindingId(resource)}.${flattenForFindingId(attribute)}>`;
  }
  if (node.Ref) {
    return `<${flattenForFindingId(node.Ref)}>`;
  }
  return JSON.stringify(value);
}

/** Records the acknowledgements on a construct (they apply to its whole subtree). */
export function acknowledge(scope: IConstruct, acknowledgements: readonly ComponentAcknowledgement[]): void {
  Validations.of(scope).acknowledge(...acknowledgements);
}
