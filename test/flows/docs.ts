/**
 * The AWS pages that say which principal and which context keys a service sends on a request.
 * Every context key a flow supplies names one of these.
 */
export const DOCS = {
  /** Global keys: aws:SecureTransport, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:SourceArn, aws:SourceAccount. */
  globalKeys: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  cloudTrailBucketPolicy: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
  cloudTrailKeyPolicy: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
  cloudTrailEncryption: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
  cloudTrailLogsRole: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html',
  cloudTrailConfusedDeputy: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html',
  cloudTrailLogStreams: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html',
  cloudTrailLogFileNames: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html',
  cloudTrailSns: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html',
  logsKeyPolicy: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
  logsApiKeyPolicy: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchLogsAPIKeyAccess.html',
  serverAccessLogging: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
  s3EncryptionContext: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
  s3BucketKey: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html',
  s3TlsVersion: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html',
  kmsViaService: 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html',
  kmsDefaultKeyPolicy: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
  snsKeyManagement: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
  alarmToTopic: 'https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger',
  eventBridgeToTopic: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html',
  eventBridgeCrossAccount: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html',
  eventBridgeToQueue: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions',
  eventBridgeConditions: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html',
  eventBridgeTargetRole: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html',
  athenaKms: 'https://docs.aws.amazon.com/athena/latest/ug/encryption.html',
  forwardAccessSessions: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html',
};
