import { ComponentAcknowledgement } from '../private/acknowledgements';

/**
 * The compliance findings the query layer acknowledges on its own resources, each with the
 * reason. README lists every one of them.
 */

const REPLICATION_REASON = 'Athena query results are short-lived copies that expire with the bucket\'s lifecycle and can be re-created by running the query again; replicating them to another Region would only spread copies of audit data.';

/** On the Athena results bucket. */
export const RESULTS_BUCKET_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
  { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
  { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
  { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'CT.S3.PR.9: query results must expire after a few days (they are re-creatable copies of archive data); an Object Lock default retention would keep them locked past their lifecycle expiry.' },
];
