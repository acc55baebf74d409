import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { logObjectsArn, logsServicePrincipal, managementAccountTrailsPattern } from './arns';
import { regionalServiceName } from './partitions';
import { RESTART_LOOKUP_ACTIONS, VALIDATION_ACTIONS } from './perms';

/**
 * Every policy statement the component writes, in one place. The shapes follow the CloudTrail,
 * KMS and CloudWatch Logs guides; the `Sid`s are stable so that users can find them in a diff.
 */

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/** What the bucket policy needs to know about the trail. */
export interface TrailTarget {
  readonly trailArn: string;
  readonly organizationId: string;
  readonly s3KeyPrefix?: string;
  /** The management account (owner of the trail). @default - the stack's account */
  readonly managementAccount?: string;
}

/**
 * The three statements of an organization trail's bucket policy: ACL check, the management
 * account's own path (kept so the trail still works if it is ever made an account trail), and
 * the organization path. All carry `aws:SourceArn` for this trail.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function archiveBucketStatements(stack: Stack, bucketArn: string, target: TrailTarget): iam.PolicyStatement[] {
  const sourceArn = { 'aws:SourceArn': target.trailArn };
  const writeConditions = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...sourceArn } };
  return [
    new iam.PolicyStatement({
      sid: 'AWSCloudTrailAclCheck',
      principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      conditions: { StringEquals: sourceArn },
    }),
    new iam.PolicyStatement({
      sid: 'AWSCloudTrailWrite',
      principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
      actions: ['s3:PutObject'],
      resources: [logObjectsArn(bucketArn, target.s3KeyPrefix, target.managementAccount ?? stack.account)],
      conditions: writeConditions,
    }),
    new iam.PolicyStatement({
      sid: 'AWSCloudTrailOrganizationWrite',
      principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
      actions: ['s3:PutObject'],
      resources: [logObjectsArn(bucketArn, target.s3KeyPrefix, target.organizationId)],
      conditions: writeConditions,
    }),
  ];
}

/**
 * The S3 actions that would let a principal shorten the archive: delete a log file version (or
 * hide the current one behind a delete marker, which turns it noncurrent so that the lifecycle's
 * noncurrent-version expiration removes it early), bypass a governance-mode retention (to delete
 * or to shorten it), or weaken what keeps log files: the lifecycle configuration
 * (`s3:PutLifecycleConfiguration` covers both PutBucketLifecycleConfiguration and
 * DeleteBucketLifecycle), versioning, the Object Lock configuration, and the bucket itself.
 * Bucket policy changes are not in the list: denying them to everyone would stop CloudFormation
 * from updating the policy, and the account's root user can change the policy anyway.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketLifecycle.html
 */
export const ARCHIVE_SHORTENING_ACTIONS: readonly string[] = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:DeleteBucket',
];

/**
 * The archive guard: a `Principal: *` deny of the shortening actions and of removing a legal
 * hold, for everyone but the break-glass principals. `aws:PrincipalArn` carries the role's ARN
 * (not the session's) for assumed roles. AWS service principals are not exempt either (were the
 * key absent, a negated operator is true) and need none of these actions: CloudTrail only calls
 * GetBucketAcl and PutObject, S3 server access logging writes to
 * the other bucket, and lifecycle expiration is run by S3 itself, not requested by a principal.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-and-other-bucket-config.html
 */
export function archiveGuardStatements(bucketArn: string, breakGlassPrincipalArns: readonly string[]): iam.PolicyStatement[] {
  const exempt = breakGlassPrincipalArns.length === 0 ? {} : { ArnNotLike: { 'aws:PrincipalArn': [...breakGlassPrincipalArns] } };
  return [
    new iam.PolicyStatement({
      sid: 'DenyArchiveShortening',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...ARCHIVE_SHORTENING_ACTIONS],
      resources: [bucketArn, `${bucketArn}/*`],
      conditions: exempt,
    }),
    new iam.PolicyStatement({
      sid: 'DenyArchiveLegalHoldRemoval',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObjectLegalHold'],
      resources: [`${bucketArn}/*`],
      conditions: { StringNotEquals: { 's3:object-lock-legal-hold': 'ON' }, ...exempt },
    }),
  ];
}

/**
 * Key policy statements for CloudTrail: encrypt only for this trail (aws:SourceArn) and only with
 * a CloudTrail encryption context of the management account; describe the key; decrypt for this
 * trail, which CloudTrail needs when the archive bucket uses an S3 Bucket Key with this key.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function cloudTrailKeyStatements(stack: Stack, trailArn: string, managementAccount?: string): iam.PolicyStatement[] {
  const sourceArn = { 'aws:SourceArn': trailArn };
  const context = { 'kms:EncryptionContext:aws:cloudtrail:arn': managementAccountTrailsPattern(stack, managementAccount) };
  return [
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptLogs',
      principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: sourceArn, StringLike: context },
    }),
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeKey',
      principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: sourceArn },
    }),
    // The guide's "Allow CloudTrail to decrypt a trail" statement has no encryption-context
    // condition, and no page says whether that Decrypt (for the S3 Bucket Key) carries
    // aws:SourceArn: if it does, it must name this trail; if it does not, creating the trail must
    // not fail with InsufficientEncryptionPolicyException. Proven both ways by the service flows.
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDecryptWithBucketKey',
      principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEqualsIfExists: sourceArn },
    }),
  ];
}

/**
 * The trail key's statements for the log-archive account when the key stays beside the trail (in
 * the management account) and the archive lives in the log-archive account: the account may let
 * its own principals decrypt, through its IAM policies, only what a reader of this archive needs:
 * data keys CloudTrail generated for this trail (the encryption context names it), and the
 * archive's S3 Bucket Key, requested by S3 (`kms:ViaService`) with the archive bucket's ARN as
 * encryption context. Cross-account use needs this key policy statement and an IAM policy in the
 * other account ("Neither the key policy nor the IAM policy alone is sufficient").
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
export function logArchiveReaderKeyStatements(
  stack: Stack, archive: { readonly account: string; readonly region: string; readonly bucketArn: string }, trailArn: string,
): iam.PolicyStatement[] {
  const logArchiveRoot = new iam.ArnPrincipal(stack.formatArn({ service: 'iam', region: '', account: archive.account, resource: 'root' }));
  return [
    new iam.PolicyStatement({
      sid: 'AllowLogArchiveAccountToDecryptTrailLogs',
      principals: [logArchiveRoot],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn } },
    }),
    new iam.PolicyStatement({
      sid: 'AllowLogArchiveAccountToDecryptArchiveBucketKey',
      principals: [logArchiveRoot],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:EncryptionContext:aws:s3:arn': archive.bucketArn,
          'kms:ViaService': `s3.${archive.region}.amazonaws.com`,
        },
      },
    }),
  ];
}

/**
 * Denies KMS grants except those AWS services create for AWS resources (Control Tower CT.KMS.PR.3).
 * Neither CloudTrail, CloudWatch Logs nor S3 Bucket Keys need grants from other principals.
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html
 */
export function denyGrantsExceptForAwsServicesStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
}

/**
 * Key policy statement for CloudWatch Logs, scoped to the one log group by its encryption context.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function cloudWatchLogsKeyStatement(stack: Stack, logGroupArnWithoutStar: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForTrailLogGroup',
    principals: [new iam.ServicePrincipal(logsServicePrincipal(stack))],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArnWithoutStar } },
  });
}

/**
 * The SNS topic policy statement CloudTrail needs to notify on log delivery.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
 */
export function deliveryTopicStatement(topicArn: string, trailArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AWSCloudTrailSNSPolicy',
    principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
    actions: ['sns:Publish'],
    resources: [topicArn],
    conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
  });
}

/**
 * The statement an encrypted notification topic's key needs so CloudTrail can publish to it.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
 */
export function deliveryTopicKeyStatement(trailArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCloudTrailToPublishToEncryptedTopic',
    principals: [new iam.ServicePrincipal(CLOUDTRAIL)],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
  });
}

/**
 * The delivery role's trust policy: CloudTrail, and when CloudTrail says on whose behalf it acts
 * (aws:SourceArn / aws:SourceAccount, the confused-deputy keys its security guide recommends), only
 * this trail of the management account. The `IfExists` forms keep delivery working if CloudTrail's
 * AssumeRole does not carry the keys: the guide shows no trust-policy example with them, and users
 * report delivery breaking with the plain forms.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html
 */
export function deliveryRoleTrustConditions(trailArn: string, managementAccount: string): { [operator: string]: { [key: string]: string } } {
  return {
    ArnEqualsIfExists: { 'aws:SourceArn': trailArn },
    StringEqualsIfExists: { 'aws:SourceAccount': managementAccount },
  };
}

/** The log streams an organization trail writes: the management account's and every member's. */
export interface LogStreamOwners {
  readonly logGroupArnWithoutStar: string;
  readonly managementAccount: string;
  readonly region: string;
  readonly organizationId: string;
  /**
   * The account of the log group when it is not the management account's (a trail a delegated
   * administrator created delivers to a log group of the delegated administrator's account).
   * @default - the management account's
   */
  readonly logGroupAccount?: string;
}

/**
 * The delivery role's permissions: create streams and put events, only in the management
 * account's stream and the organization's member streams of this one log group. With the log
 * group's key: the data keys CloudWatch Logs asks for on the caller's behalf when it writes to a
 * KMS-encrypted group (through CloudWatch Logs, for this log group only). No CloudTrail page lists
 * them; AWS's managed policy for direct PutLogEvents callers (CloudWatchLogsAPIKeyAccess) grants
 * exactly these, so they are added rather than risk undelivered events.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchLogsAPIKeyAccess.html
 */
export function deliveryRoleStatements(owners: LogStreamOwners, logGroupKeyArn?: string): iam.PolicyStatement[] {
  // In a delegated administrator's log group, the guide's example names the log group owner's own
  // stream (<account>_CloudTrail_<region>); which account CloudTrail puts there for a trail the
  // management account owns is UNVERIFIED, so both are allowed (the organization's member streams
  // keep their <o-id>_ prefix either way).
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
  const ownAccounts = [owners.managementAccount,
    ...(owners.logGroupAccount === undefined || owners.logGroupAccount === owners.managementAccount ? [] : [owners.logGroupAccount])];
  const streams = [
    ...ownAccounts.map((account) => `${owners.logGroupArnWithoutStar}:log-stream:${account}_CloudTrail_${owners.region}*`),
    `${owners.logGroupArnWithoutStar}:log-stream:${owners.organizationId}_*`,
  ];
  return [
    new iam.PolicyStatement({ sid: 'AWSCloudTrailCreateLogStream', actions: ['logs:CreateLogStream'], resources: streams }),
    new iam.PolicyStatement({ sid: 'AWSCloudTrailPutLogEvents', actions: ['logs:PutLogEvents'], resources: streams }),
    ...(logGroupKeyArn === undefined ? [] : [new iam.PolicyStatement({
      sid: 'UseLogGroupKeyThroughCloudWatchLogs',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [logGroupKeyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': regionalServiceName('logs', owners.region) },
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': owners.logGroupArnWithoutStar },
      },
    })]),
  ];
}

/**
 * Lets the S3 logging service deliver one bucket's server access logs, and only that bucket's.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export function serverAccessLogsDeliveryStatement(stack: Stack, logObjectsArnPattern: string, sourceBucketArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'S3ServerAccessLogsPolicy',
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [logObjectsArnPattern],
    conditions: {
      ArnLike: { 'aws:SourceArn': sourceBucketArn },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  });
}

/**
 * Renders statements as a policy document users can paste into a resource this stack cannot
 * change: CloudFormation intrinsics become plain text (`Fn::Join` concatenated, the partition
 * filled in where the stack's Region is known, other references as `${Name}` placeholders).
 */
export function printableStatements(stack: Stack, statements: iam.PolicyStatement[]): string {
  const document = stack.resolve(new iam.PolicyDocument({ statements }).toJSON());
  const partition = Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).partition;
  return JSON.stringify(plainText(document, partition), undefined, 2);
}

function plainText(value: unknown, partition: string | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => plainText(item, partition));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map((item) => plainText(item, partition)).join(delimiter);
  }
  if (typeof node.Ref === 'string') {
    return node.Ref === 'AWS::Partition' && partition ? partition : `\${${node.Ref}}`;
  }
  if (Array.isArray(node['Fn::GetAtt'])) {
    return `\${${(node['Fn::GetAtt'] as string[]).join('.')}}`;
  }
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, plainText(item, partition)]));
}

/**
 * Lets this account's CloudWatch alarms publish to the topic.
 * @see https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
 */
export function alarmPublishStatement(topicArn: string, stack: Stack): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topicArn],
    conditions: {
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  });
}

/**
 * Lets SNS use the topic key for messages from CloudWatch alarms of this account and from
 * EventBridge rules. The two principals need different statements: the alarm statement keeps
 * `aws:SourceAccount`, but the EventBridge statement carries no source condition at all, because
 * "adding the aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not
 * supported for EventBridge-to-encrypted topics": with one, every rule's delivery fails, visible only
 * in the rule's FailedInvocations metric. EventBridge's publishing is narrowed where it is supported
 * instead: the topic policy admits only the component's rules (`aws:SourceArn`).
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export function topicKeyStatements(account: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'AllowAlarmPublishers',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }),
    new iam.PolicyStatement({
      sid: 'AllowEventBridgePublishers',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  ];
}

/**
 * Lets the given EventBridge rules publish to the alarm topic. Narrowed to these rules where
 * EventBridge says which rule publishes; IfExists because the EventBridge guide has said
 * condition blocks are not usable in SNS topic policies for EventBridge, and a condition the
 * request lacks would drop every alert silently.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 */
export function alertRulesPublishStatement(sid: string, topicArn: string, ruleArns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topicArn],
    conditions: { ArnEqualsIfExists: { 'aws:SourceArn': ruleArns } },
  });
}

/**
 * The central bus admits only the forwarder roles of the organization's accounts: a member
 * principal that may call PutEvents could otherwise inject forged "AWS API Call via CloudTrail"
 * events (the central rules also require an `aws.` source, which PutEvents refuses to custom events),
 * and only as a rule's forwarding (`events:eventBusInvocation`), not as a direct PutEvents call.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
 */
export function forwarderPutEventsStatement(eventBusArn: string, organizationId: string, forwarderRoleArnPattern: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowOrganizationForwarderRolesToPutEvents',
    principals: [new iam.AnyPrincipal()],
    actions: ['events:PutEvents'],
    resources: [eventBusArn],
    conditions: {
      StringEquals: { 'aws:PrincipalOrgID': organizationId },
      ArnLike: { 'aws:PrincipalArn': forwarderRoleArnPattern },
      // Only events a rule forwards, never a direct PutEvents call, even with the forwarder role.
      Bool: { 'events:eventBusInvocation': 'true' },
    },
  });
}

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


/**
 * `cloudtrail:ListPublicKeys`, which the validator and the CLI need to check digest signatures. The action has no
 * resource type in the Service Authorization Reference, so only `*` can name it.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html
 */
export function listPublicKeysStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ListCloudTrailPublicKeys',
    actions: VALIDATION_ACTIONS,
    resources: ['*'],
  });
}

/**
 * `cloudtrail:LookupEvents`, with which the continuous validator explains a digest chain restart from the trail's
 * `StopLogging`/`StartLogging` events. Like `ListPublicKeys`, the action has no resource type in the Service
 * Authorization Reference, so only `*` can name it (AWS's own AWSCloudTrail_ReadOnlyAccess grants it on `*`).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCloudTrail_ReadOnlyAccess.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export function lookupTrailEventsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'LookupTrailLoggingEvents',
    actions: RESTART_LOOKUP_ACTIONS,
    resources: ['*'],
  });
}

/**
 * What the continuous validator reads in the archive: list and get objects under one path (the organization's
 * `[prefix/]AWSLogs/o-id/`), nothing else, and no write of any kind.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
 */
export function validatorArchiveReadStatements(bucketArn: string, path: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ListTrailLogPath',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${path}/*`] } },
    }),
    new iam.PolicyStatement({
      sid: 'ReadTrailLogAndDigestFiles',
      actions: ['s3:GetObject'],
      resources: [`${bucketArn}/${path}/*`],
    }),
  ];
}

/**
 * The validator's own state: read and (conditionally) write checkpoint objects under one prefix of its state bucket,
 * and list that prefix. No delete: a checkpoint is only ever replaced, and the bucket is versioned.
 */
export function validatorStateStatements(stateBucketArn: string, prefix: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ListCheckpoints',
      actions: ['s3:ListBucket'],
      resources: [stateBucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    }),
    new iam.PolicyStatement({
      sid: 'ReadWriteCheckpoints',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [`${stateBucketArn}/${prefix}*`],
    }),
  ];
}

/**
 * Encrypt and decrypt checkpoints with the validator's key, only through S3 (SSE-KMS with an S3 Bucket Key, whose
 * encryption context is the bucket ARN).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
export function validatorStateKeyStatement(keyArn: string, stateBucketArn: string, region: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'EncryptCheckpointsThroughS3',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [keyArn],
    conditions: {
      StringEquals: {
        'kms:ViaService': regionalServiceName('s3', region),
        'kms:EncryptionContext:aws:s3:arn': stateBucketArn,
      },
    },
  });
}

/**
 * What Lambda needs to consume an SQS queue through an event source mapping.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export function queueConsumerStatement(queueArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ConsumeValidationQueue',
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
    resources: [queueArn],
  });
}

/**
 * A function's dead-letter queue for asynchronous invocations: send only.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export function deadLetterSendStatement(queueArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'SendToDeadLetterQueue',
    actions: ['sqs:SendMessage'],
    resources: [queueArn],
  });
}

/**
 * Queue policy statement for EventBridge rules: send only from the named rules.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 */
export function eventBridgeToQueueStatement(queueArn: string, ruleArns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowValidationRulesToSend',
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['sqs:SendMessage'],
    resources: [queueArn],
    conditions: { ArnEquals: { 'aws:SourceArn': ruleArns } },
  });
}

/**
 * A function's own log group: create its streams and write to them (what AWSLambdaBasicExecutionRole grants, without
 * its `*` resource).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-permissions.html
 */
export function functionLogStatement(logGroupArnWithoutStar: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'WriteOwnLogGroup',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [`${logGroupArnWithoutStar}:*`],
  });
}
