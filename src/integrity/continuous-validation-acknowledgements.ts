import { Stack } from 'aws-cdk-lib';
import { ComponentAcknowledgement, wildcardResourceAcknowledgements } from '../private/acknowledgements';

/** Where the state bucket's server access logs go in the access-log bucket. */
export const CHECKPOINT_STATE_PREFIX = 'validator-state/';

const REPLICATION_REASON = 'The validator\'s checkpoints are derived data: losing them only makes the next run start again from the lookback window, so a second copy in another Region would protect nothing.';

/** On the validator's state bucket. */
export const STATE_BUCKET_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
  { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
  { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
  { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'CT.S3.PR.9: a checkpoint is replaced after every validated digest; versioning keeps the replaced ones for 90 days, and Object Lock would only pile up locked versions of derived data.' },
];

/** Why the validator role's resources end in wildcards. */
export const VALIDATOR_WILDCARD_REASON = 'The validator reads every log and digest file under the organization\'s AWSLogs/<o-id>/ path (their keys are not known in advance), writes one checkpoint object per partition under checkpoints/, writes log streams Lambda names in its own log group, and calls cloudtrail:ListPublicKeys and cloudtrail:LookupEvents, which have no resource type.';

const VPC_REASON = 'The validator only calls AWS APIs (S3, CloudTrail ListPublicKeys and LookupEvents, CloudWatch Logs) and accepts no connection; a VPC would add a NAT gateway or interface endpoints, which cost more than the validator, without closing any path an attacker could use. Its role, not its network, bounds what it can reach.';

/** On the validator function. */
export const VALIDATOR_FUNCTION_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'HIPAA.Security-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'PCI.DSS.321-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: `CT.LAMBDA.PR.3: ${VPC_REASON}` },
];

/**
 * Why a validator in the log-archive account may name every key of the trail stack's account (the management
 * account's, or a delegated administrator's): the trail key's ID is random and CDK cannot reference it across accounts.
 */
export const MANAGEMENT_KEYS_WILDCARD_REASON = 'The trail key lives beside the trail, in the account of the trail\'s stack (the management account, or the CloudTrail delegated administrator that deploys it), whose random key ID this account cannot reference at synth; the identity policy names that account\'s keys (key/*) only for decrypting CloudTrail data keys or the archive\'s S3 Bucket Key through S3, and the trail key\'s own policy allows this account nothing else. Pass LogArchive trailKeyArn to name the one key.';

/** On the validator (its role's wildcards and the compute choices). */
export function continuousValidationAcknowledgements(
  stack: Stack, archiveBucketArn: string, logsPath: string, stateBucketArn: string, logGroupArnWithoutStar: string, archiveKeyArn?: string,
): ComponentAcknowledgement[] {
  return [
    ...(archiveKeyArn === undefined ? [] : wildcardResourceAcknowledgements(stack, [archiveKeyArn], MANAGEMENT_KEYS_WILDCARD_REASON)),
    ...wildcardResourceAcknowledgements(stack, [
      `${archiveBucketArn}/${logsPath}/*`,
      `${stateBucketArn}/checkpoints/*`,
      `${logGroupArnWithoutStar}:*`,
      '*',
    ], VALIDATOR_WILDCARD_REASON),
    ...VALIDATOR_FUNCTION_ACKNOWLEDGEMENTS,
  ];
}
