import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ACCESS_LOGS_BUCKET_ACKNOWLEDGEMENTS, acknowledge } from './acknowledgements';
import { addStatementsOrWarn } from './imported-policy';
import { serverAccessLogsDeliveryStatement } from './policy-statements';

/**
 * The bucket pieces the archive and the query layer share, so that their hardening cannot
 * drift apart.
 */

/**
 * What every bucket of the component has: all public access blocked, ACLs disabled, versioning,
 * TLS 1.2+ only (Control Tower CT.S3.PR.1/5/8/11, Security Hub S3.5).
 */
export const HARDENED_BUCKET_BASE = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} as const;

/**
 * A bucket for S3 server access logs. Server access logs can only be delivered to a bucket with
 * S3-managed encryption, so it uses SSE-S3; it holds request metadata, not log contents.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export function createAccessLogsBucket(scope: Construct, expirationDays: number, removalPolicy: RemovalPolicy): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogsBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    ...HARDENED_BUCKET_BASE,
    lifecycleRules: [{
      id: 'ExpireAccessLogs',
      enabled: true,
      expiration: Duration.days(expirationDays),
      noncurrentVersionExpiration: Duration.days(30),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
    removalPolicy,
  });
  acknowledge(bucket, ACCESS_LOGS_BUCKET_ACKNOWLEDGEMENTS);
  return bucket;
}

/**
 * Wires S3 server access logging with a bucket policy grant to the logging service, scoped to
 * the source bucket and account. Done on the L1 rather than through `serverAccessLogsBucket`,
 * whose behaviour (ACLs or bucket policy) depends on the app's feature flags. An imported
 * destination draws a warning with the statement to add.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export function deliverServerAccessLogs(scope: Construct, source: s3.Bucket, destination: s3.IBucket, prefix: string, sid: string): void {
  (source.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: destination.bucketName,
    logFilePrefix: prefix,
  };
  const statement = serverAccessLogsDeliveryStatement(Stack.of(scope), destination.arnForObjects(`${prefix}*`), source.bucketArn);
  statement.sid = sid;
  addStatementsOrWarn(scope, 'AccessLogsBucketPolicyNeedsS3Logging', 'The access-log bucket (\'accessLogsBucket\')',
    [statement], (added) => destination.addToResourcePolicy(added));
}

/**
 * Turns on S3 -> EventBridge object events on the L1 (Control Tower CT.S3.PR.4), without the
 * notifications custom resource (a Lambda function) that `eventBridgeEnabled` would add.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
    eventBridgeConfiguration: { eventBridgeEnabled: true },
  };
}
