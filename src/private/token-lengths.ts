import { CfnResource, Reference, Stack, Tokenization } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { BUCKET_NAME_MAX_LENGTH } from './limits';

/**
 * Worst-case text for values that are only partly known at synth time. A token's length cannot
 * be measured, so each kind of token this component hands out stands for the longest text it can
 * resolve to; any other token is reported as unmeasurable, for the caller to refuse.
 */

/** The longest partition name aws-cdk-lib knows (`aws-us-gov`). Partitions added later may be longer. */
export const LONGEST_PARTITION = Math.max(...RegionInfo.regions.map((region) => (region.partition ?? 'aws').length));

/** The longest Region code aws-cdk-lib knows. Regions added later may be longer. */
export const LONGEST_REGION = Math.max(...RegionInfo.regions.map((region) => region.name.length));

/** @see https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html */
const ACCOUNT_ID_LENGTH = 12;

/**
 * A key ID is a UUID (36 characters) or, for a multi-Region key, `mrk-` and 32 hex digits (36).
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-id
 */
const KEY_ID_LENGTH = 36;

/** The longest `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID`. */
const LONGEST_KEY_ARN = `arn:${'p'.repeat(LONGEST_PARTITION)}:kms:${'r'.repeat(LONGEST_REGION)}:${'1'.repeat(ACCOUNT_ID_LENGTH)}:key/${'k'.repeat(KEY_ID_LENGTH)}`;

export interface WorstCase {
  /** The value with every token replaced by its longest possible text. */
  readonly text: string;
  /** Whether any token was replaced. */
  readonly estimated: boolean;
  /** Tokens of a kind whose length is unknown (their text is left empty). */
  readonly unmeasurable: string[];
}

/**
 * The longest text `value` can resolve to in `stack`: pseudo parameters (`AWS::Partition`,
 * `AWS::Region`, `AWS::AccountId`), a bucket's name (`Ref` of `AWS::S3::Bucket`, at most 63
 * characters) and a key's ARN (`Fn::GetAtt` Arn of `AWS::KMS::Key`).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function worstCase(stack: Stack, value: string): WorstCase {
  const unmeasurable: string[] = [];
  let estimated = false;
  const joined: unknown = Tokenization.reverseString(value)
    .mapTokens({
      mapToken: (token) => {
        estimated = true;
        const text = tokenWorstCase(stack, token);
        if (text === undefined) {
          unmeasurable.push(JSON.stringify(stack.resolve(token)));
          return '';
        }
        return text;
      },
    })
    .join({ join: (left: unknown, right: unknown) => `${left}${right}` });
  return { text: String(joined ?? ''), estimated, unmeasurable };
}

function tokenWorstCase(stack: Stack, token: unknown): string | undefined {
  if (token instanceof Reference && CfnResource.isCfnResource(token.target)) {
    const type = token.target.cfnResourceType;
    if (type === 'AWS::S3::Bucket' && token.displayName === 'Ref') {
      return 'b'.repeat(BUCKET_NAME_MAX_LENGTH);
    }
    if (type === 'AWS::KMS::Key' && token.displayName === 'Arn') {
      return LONGEST_KEY_ARN;
    }
    return undefined;
  }
  const resolved = stack.resolve(token) as { Ref?: unknown } | undefined;
  switch (resolved?.Ref) {
    case 'AWS::Partition': return 'p'.repeat(LONGEST_PARTITION);
    case 'AWS::Region': return 'r'.repeat(LONGEST_REGION);
    case 'AWS::AccountId': return '1'.repeat(ACCOUNT_ID_LENGTH);
    default: return undefined;
  }
}
