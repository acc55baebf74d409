import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { logsRootPath } from './arns';
import { regionalServiceName } from './partitions';
import { ARCHIVE_OBJECT_READ_ACTIONS, BUCKET_LIST_ACTIONS, KEY_DECRYPT_ACTIONS, VALIDATION_ACTIONS } from './perms';

/** The archive a reader is granted. */
export interface ArchiveReadTarget {
  /** The archive bucket. */
  readonly bucket: s3.IBucket;
  /** The trail key, which encrypts the log files and the bucket's S3 Bucket Key (none for an SSE-S3 archive). */
  readonly key?: kms.IKey;
  /** The objects to read, relative to the bucket, e.g. `AWSLogs/*`. */
  readonly objectsKeyPattern: string;
  /** The archive's Region (for `kms:ViaService`). */
  readonly region: string;
  /** The object actions to grant. @default ARCHIVE_OBJECT_READ_ACTIONS */
  readonly objectActions?: string[];
}

/**
 * The one archive-read grant, used by `OrganizationTrail.grantRead` and `TrailQuery.grantQuery`:
 * get the objects under `objectsKeyPattern`, list the bucket, and decrypt only data keys
 * CloudTrail generated (`kms:EncryptionContext:aws:cloudtrail:arn` present) or the archive's S3
 * Bucket Key (requested by S3 with the bucket's ARN as encryption context). Statements go to the
 * principal's policy, or to the bucket and key policies for a principal of another account.
 */
export function grantArchiveRead(grantee: iam.IGrantable, archive: ArchiveReadTarget): iam.Grant {
  const objects = iam.Grant.addToPrincipalOrResource({
    grantee,
    actions: archive.objectActions ?? ARCHIVE_OBJECT_READ_ACTIONS,
    resourceArns: [archive.bucket.arnForObjects(archive.objectsKeyPattern)],
    resource: archive.bucket,
  });
  const listing = iam.Grant.addToPrincipalOrResource({
    grantee,
    actions: BUCKET_LIST_ACTIONS,
    resourceArns: [archive.bucket.bucketArn],
    resource: archive.bucket,
  });
  const grant = objects.combine(listing);
  return archive.key ? grant.combine(logReaderDecryptGrants(grantee, archive.key, archive.bucket.bucketArn, archive.region)) : grant;
}

/**
 * Lets a reader decrypt the archive's log files through S3, and nothing else the key protects:
 * either a data key CloudTrail generated (its `aws:cloudtrail:arn` encryption context is present,
 * the guide's reader statement), or the archive's S3 Bucket Key, whose encryption context is the
 * bucket ARN ("S3 Bucket Keys use the bucket ARN as encryption context"), requested by S3. No page
 * says which of the two a read of a log file written with a Bucket Key presents, so both are allowed.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
export function logReaderDecryptGrants(grantee: iam.IGrantable, key: kms.IKey, archiveBucketArn: string, region: string): iam.Grant {
  const cloudTrailDataKeys = iam.Grant.addToPrincipalOrResource({
    grantee,
    actions: KEY_DECRYPT_ACTIONS,
    resourceArns: [key.keyArn],
    resourceSelfArns: ['*'],
    resource: key,
    conditions: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
  });
  const archiveBucketKey = iam.Grant.addToPrincipalOrResource({
    grantee,
    actions: KEY_DECRYPT_ACTIONS,
    resourceArns: [key.keyArn],
    resourceSelfArns: ['*'],
    resource: key,
    conditions: {
      StringEquals: {
        'kms:EncryptionContext:aws:s3:arn': archiveBucketArn,
        'kms:ViaService': regionalServiceName('s3', region),
      },
    },
  });
  return cloudTrailDataKeys.combine(archiveBucketKey);
}

/**
 * What a reader needs, beyond reading the archive, to validate it (the CLI, an auditor role): the CloudTrail public
 * keys that verify digest signatures. Added to the principal's policy: the action has no resource to attach it to.
 */
export function logValidatorGrant(grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: VALIDATION_ACTIONS,
    resourceArns: ['*'],
  });
}

/** A trail's archive as its reader grant names it. */
export interface TrailLogsTarget {
  /** The archive bucket. */
  readonly bucket: s3.IBucket;
  /** The trail key. */
  readonly key: kms.IKey;
  /** The trail's object key prefix. */
  readonly s3KeyPrefix?: string;
  /** The archive's Region (for `kms:ViaService`). */
  readonly region: string;
}

/**
 * `grantRead` of `OrganizationTrail` and `LogArchive`: the trail's log and digest files under
 * `[prefix/]AWSLogs/`, their decryption, and the public keys that validate digests.
 */
export function grantTrailLogsRead(grantee: iam.IGrantable, archive: TrailLogsTarget): iam.Grant {
  return grantArchiveRead(grantee, {
    bucket: archive.bucket,
    key: archive.key,
    objectsKeyPattern: `${logsRootPath(archive.s3KeyPrefix)}/*`,
    region: archive.region,
  }).combine(logValidatorGrant(grantee));
}
