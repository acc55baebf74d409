import { Arn, ArnFormat, CfnResource, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * The only key spec CloudTrail (and S3 SSE-KMS) can use: symmetric encryption keys.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
 */
export const SYMMETRIC_KEY_SPEC = 'SYMMETRIC_DEFAULT';

/**
 * The key usage of a symmetric encryption key.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
 */
export const SYMMETRIC_KEY_USAGE = 'ENCRYPT_DECRYPT';

/**
 * Aliases of AWS managed keys start with `alias/aws/`; their key policies cannot be changed, so
 * they can never let CloudTrail or another service principal use them.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html
 */
export const AWS_MANAGED_KEY_ALIAS_PREFIX = 'alias/aws/';

const KMS_KEY_TYPE = 'AWS::KMS::Key';

/**
 * What is wrong with a key given as `prop`, where it is knowable at synth time: a `kms.Key` of
 * this app with a key spec or key usage other than symmetric encryption, or an AWS managed key
 * (imported by its `alias/aws/...` alias or alias ARN). Unresolved values are skipped.
 * `usedFor` completes "CloudTrail needs a symmetric encryption key to ...".
 */
export function kmsKeyProblems(prop: string, key: kms.IKey, usedFor: string): string[] {
  const problems: string[] = [];
  const cfnKey = key.node.defaultChild;
  if (cfnKey && CfnResource.isCfnResource(cfnKey) && cfnKey.cfnResourceType === KMS_KEY_TYPE) {
    const { keySpec, keyUsage } = cfnKey as kms.CfnKey;
    if (keySpec !== undefined && !Token.isUnresolved(keySpec) && keySpec !== SYMMETRIC_KEY_SPEC) {
      problems.push(`'${prop}' has keySpec '${keySpec}', but ${usedFor} needs a symmetric encryption key (asymmetric and HMAC keys cannot encrypt log files). Use kms.KeySpec.SYMMETRIC_DEFAULT (the default).`);
    }
    if (keyUsage !== undefined && !Token.isUnresolved(keyUsage) && keyUsage !== SYMMETRIC_KEY_USAGE) {
      problems.push(`'${prop}' has keyUsage '${keyUsage}', but ${usedFor} needs a key for encryption. Use kms.KeyUsage.ENCRYPT_DECRYPT (the default).`);
    }
  }
  const alias = awsManagedAlias(key);
  if (alias) {
    problems.push(`'${prop}' is the AWS managed key '${alias}', whose key policy cannot be changed, so it can never let ${usedFor} use it. Pass a customer managed key (or leave '${prop}' unset to have one created).`);
  }
  return problems;
}

/** The `alias/aws/...` name of an AWS managed key given by alias or alias ARN, if any. */
function awsManagedAlias(key: kms.IKey): string | undefined {
  const candidates = [(key as { aliasName?: string }).aliasName, key.keyArn, key.keyId];
  for (const candidate of candidates) {
    if (candidate === undefined || Token.isUnresolved(candidate)) {
      continue;
    }
    const alias = candidate.startsWith('arn:') ? aliasOfArn(candidate) : candidate;
    if (alias?.startsWith(AWS_MANAGED_KEY_ALIAS_PREFIX)) {
      return alias;
    }
  }
  return undefined;
}

/** `alias/<name>` of a KMS alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`), else undefined. */
function aliasOfArn(arn: string): string | undefined {
  try {
    const { service, resource, resourceName } = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    return service === 'kms' && resource === 'alias' && resourceName ? `alias/${resourceName}` : undefined;
  } catch {
    return undefined;
  }
}
