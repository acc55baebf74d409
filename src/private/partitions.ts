import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { REGION_CODE } from './names';

/**
 * What differs between AWS partitions (`aws`, `aws-us-gov`, `aws-cn`) for this component. A stack's
 * partition is known at synth only when its Region is (`env: { region }`): aws-cdk-lib renders
 * `Stack.partition` as the `AWS::Partition` token (unless `@aws-cdk/core:enablePartitionLiterals` is set), so the partition is read from the Region with
 * `RegionInfo` (region-info's `partition` and `domainSuffix` facts). Without a Region every helper here
 * keeps the commercial (`aws`) answer, and the README says so.
 */

/** The commercial partition. */
export const COMMERCIAL_PARTITION = 'aws';
/** AWS GovCloud (US). */
export const GOVCLOUD_PARTITION = 'aws-us-gov';
/** The China Regions (Beijing, Ningxia). */
export const CHINA_PARTITION = 'aws-cn';

/** The partition's display name, for messages. */
export function partitionName(partition: string): string {
  switch (partition) {
    case GOVCLOUD_PARTITION: return 'AWS GovCloud (US) (aws-us-gov)';
    case CHINA_PARTITION: return 'China (aws-cn)';
    case COMMERCIAL_PARTITION: return 'commercial (aws)';
    default: return `'${partition}'`;
  }
}

/** The partition of the scope's stack when its Region is known at synth, else undefined. */
export function knownPartition(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
}

/**
 * The DNS suffix of a Region's service names (`logs.<region>.<suffix>`, the `kms:ViaService` values):
 * region-info's `domainSuffix` fact, `amazonaws.com.cn` in China (whose endpoints read e.g.
 * `inspector2.cn-north-1.amazonaws.com.cn`, https://docs.amazonaws.cn/en_us/aws/latest/userguide/inspector2.html),
 * `amazonaws.com` in the commercial and GovCloud partitions and whenever the Region is a token.
 */
export function dnsSuffixOf(region: string): string {
  return (Token.isUnresolved(region) ? undefined : RegionInfo.get(region).domainSuffix) ?? 'amazonaws.com';
}

/** `<service>.<region>.<suffix>`, a service's regional name in the Region's partition. */
export function regionalServiceName(service: string, region: string): string {
  return `${service}.${region}.${dnsSuffixOf(region)}`;
}

/**
 * The Region where CloudTrail delivers global-service events (IAM, STS global endpoint, sign-in,
 * Organizations), by partition.
 * - aws: us-east-1 (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events).
 * - aws-cn: cn-north-1 (China (Beijing)); trails monitoring global service events there must be multi-Region to get
 *   CloudFront's, which stay in cn-northwest-1 (http://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudtrail.html).
 * - aws-us-gov: us-gov-west-1, UNVERIFIED (no AWS page found that names it); override with the context key below.
 */
export const GLOBAL_SERVICE_REGIONS: { readonly [partition: string]: string } = {
  [COMMERCIAL_PARTITION]: 'us-east-1',
  [CHINA_PARTITION]: 'cn-north-1',
  [GOVCLOUD_PARTITION]: 'us-gov-west-1',
};

/** The commercial global-service Region, used when the partition is not known at synth. */
export const DEFAULT_GLOBAL_SERVICE_REGION = GLOBAL_SERVICE_REGIONS[COMMERCIAL_PARTITION];

/** CDK context key that overrides the global-service Region (for a partition whose Region is UNVERIFIED or not listed). */
export const GLOBAL_SERVICE_REGION_CONTEXT = '@cdk-org-trail/globalServiceRegion';

/**
 * The Region where the scope's partition delivers global-service events: the context override when
 * set, else by the stack's partition; us-east-1 when the Region (and so the partition) is not known
 * at synth. Throws for a partition with no known Region and no override.
 */
export function globalServiceRegion(scope: IConstruct): string {
  const override = scope.node.tryGetContext(GLOBAL_SERVICE_REGION_CONTEXT);
  if (override !== undefined) {
    if (typeof override !== 'string' || !REGION_CODE.test(override)) {
      throw new Error(`The context value '${GLOBAL_SERVICE_REGION_CONTEXT}' must be a Region code such as 'us-gov-west-1', got ${JSON.stringify(override)}. Fix it in cdk.json or --context.`);
    }
    return override;
  }
  const partition = knownPartition(scope);
  if (partition === undefined) {
    return DEFAULT_GLOBAL_SERVICE_REGION;
  }
  const region = GLOBAL_SERVICE_REGIONS[partition];
  if (region === undefined) {
    throw new Error(`The stack's Region '${Stack.of(scope).region}' is in the ${partitionName(partition)} partition, where the Region that receives global-service events (IAM, STS, sign-in) is not known to cdk-org-trail. Set the context value '${GLOBAL_SERVICE_REGION_CONTEXT}' to that Region.`);
  }
  return region;
}

/**
 * Literal ARNs whose partition is not the stack's (an `arn:aws:` ARN in a GovCloud or China stack, the usual
 * mistake when a configuration is copied between partitions): policies in one partition can never match
 * principals or resources of another, so the statement would silently do nothing. Skipped when the stack's
 * Region is not known at synth.
 * @see https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-s3.html (use the AWS GovCloud (US) ARN identifier)
 */
export function partitionMismatchProblems(scope: IConstruct, prop: string, arns: readonly string[]): string[] {
  const partition = knownPartition(scope);
  if (partition === undefined) {
    return [];
  }
  const foreign = arns.filter((arn) => !Token.isUnresolved(arn) && arn.startsWith('arn:') && arn.split(':')[1] !== partition);
  if (foreign.length === 0) {
    return [];
  }
  return [`'${prop}' names ${foreign.map((arn) => `'${arn}'`).join(', ')}, outside the ${partitionName(partition)} partition of this stack's Region '${Stack.of(scope).region}'; a policy never matches another partition's ARNs. Write them as 'arn:${partition}:...'.`];
}
