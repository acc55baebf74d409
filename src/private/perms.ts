/**
 * The IAM action lists of the grants the constructs offer, kept in one place (as aws-s3 keeps
 * `perms.ts`) so that a grant cannot drift from its twin in another room.
 */

/** Reading one archived log or digest file, any version of it. */
export const ARCHIVE_OBJECT_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];

/** Reading the current version of archived log files, all Athena needs to scan them. */
export const ARCHIVE_OBJECT_SCAN_ACTIONS = ['s3:GetObject'];

/** Listing the archive bucket and finding its Region. */
export const BUCKET_LIST_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'];

/** Fetching the CloudTrail public keys that verify digest signatures (the validator, the CLI). */
export const VALIDATION_ACTIONS = ['cloudtrail:ListPublicKeys'];

/** Reading the trail's management events (StopLogging, StartLogging, ...) that explain a digest chain restart. */
export const RESTART_LOOKUP_ACTIONS = ['cloudtrail:LookupEvents'];

/** Decrypting CloudTrail data keys and the archive's S3 Bucket Key. */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt'];

/** Running queries in one Athena workgroup and reading its named queries and results. */
export const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution', 'athena:BatchGetQueryExecution',
  'athena:ListQueryExecutions', 'athena:GetQueryResults', 'athena:GetQueryResultsStream', 'athena:GetQueryRuntimeStatistics',
  'athena:GetWorkGroup', 'athena:GetNamedQuery', 'athena:BatchGetNamedQuery', 'athena:ListNamedQueries',
];

/** Glue Data Catalog reads Athena makes for the table (projection needs no partition reads, but they are harmless). */
export const GLUE_READ_ACTIONS = ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'];

/** Writing and reading Athena query results. */
export const RESULTS_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** Listing the results bucket, including multipart uploads Athena leaves. */
export const RESULTS_BUCKET_LIST_ACTIONS = [...BUCKET_LIST_ACTIONS, 's3:ListBucketMultipartUploads'];

/** Encrypting and decrypting query results. */
export const RESULTS_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];
