import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The key policy statements a CloudTrail Lake event data store needs, in one place.
 *
 * CloudTrail's guide shows them without conditions and states that `aws:SourceArn` and
 * `aws:SourceAccount` are not supported in key policies for event data stores; that is why the
 * event data store gets a key of its own by default rather than the trail's key.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function lakeKeyStatements(): iam.PolicyStatement[] {
  const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  return [
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptEventDataStore',
      principals: [cloudtrail],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeEventDataStoreKey',
      principals: [cloudtrail],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
    }),
  ];
}
