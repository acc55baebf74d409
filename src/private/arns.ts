import { ArnFormat, Stack } from 'aws-cdk-lib';
import { regionalServiceName } from './partitions';

/**
 * ARN and path builders. Every policy in the component takes its ARNs from here, so the bucket,
 * key and role policies cannot drift apart.
 */

/**
 * The trail's ARN. An organization trail belongs to the management account even when a delegated
 * administrator created it ("The management account remains the owner of any CloudTrail
 * organization resources the delegated administrator creates"), so the account is the stack's
 * when the management account deploys it, and the given management account otherwise.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 */
export function trailArn(stack: Stack, trailName: string, managementAccount?: string): string {
  return stack.formatArn({ service: 'cloudtrail', account: managementAccount, resource: 'trail', resourceName: trailName });
}

/**
 * The value CloudTrail puts in `kms:EncryptionContext:aws:cloudtrail:arn`: any trail of the
 * management account, in any Region.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function managementAccountTrailsPattern(stack: Stack, managementAccount?: string): string {
  return stack.formatArn({ service: 'cloudtrail', region: '*', account: managementAccount, resource: 'trail', resourceName: '*' });
}

/**
 * The ARN of a trail of another account (the management account's, named from the log-archive
 * account's stack): the partition is the stack's (an organization never spans partitions), Region
 * and account are literal.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
 */
export function trailArnIn(stack: Stack, location: { readonly region: string; readonly account: string; readonly trailName: string }): string {
  return stack.formatArn({ service: 'cloudtrail', region: location.region, account: location.account, resource: 'trail', resourceName: location.trailName });
}

/**
 * A log group's ARN without the trailing `:*`, the form KMS puts in
 * `kms:EncryptionContext:aws:logs:arn`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function logGroupArn(stack: Stack, logGroupName: string): string {
  return stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * The object key path CloudTrail writes below: `[PREFIX/]AWSLogs`.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 */
export function logsRootPath(s3KeyPrefix?: string): string {
  return s3KeyPrefix ? `${s3KeyPrefix}/AWSLogs` : 'AWSLogs';
}

/** `arn:PARTITION:s3:::BUCKET/[PREFIX/]AWSLogs/<owner>/*` for one writer path. */
export function logObjectsArn(bucketArn: string, s3KeyPrefix: string | undefined, owner: string): string {
  return `${bucketArn}/${logsRootPath(s3KeyPrefix)}/${owner}/*`;
}

/**
 * The CloudWatch Logs service principal of the stack's Region (the key policy needs the regional form),
 * with the partition's DNS suffix: `logs.cn-north-1.amazonaws.com.cn` in China. The China form is
 * UNVERIFIED (no AWS page shows it; aws-cdk-lib's retired principal table marks `logs` regional and
 * partition-specific, and the Terraform/Pulumi `getServicePrincipal` docs give `logs.cn-north-1.amazonaws.com.cn`).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/getserviceprincipal
 */
export function logsServicePrincipal(stack: Stack): string {
  return regionalServiceName('logs', stack.region);
}
