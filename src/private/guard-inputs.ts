import { Token } from 'aws-cdk-lib';
import { ACCOUNT_ID, ORGANIZATIONAL_UNIT_ID } from './names';

/**
 * Formats of the tamper guard's inputs: attachment targets, the trail ARN and the archive key
 * ARN. Each rule returns the problems it finds (none for an unresolved value), for one error
 * that names the prop.
 */

/**
 * A policy target: the root (`r-` and 4-32 lowercase letters or digits), an OU (`ou-`, the
 * root's 4-32 characters, `-`, 8-32 more) or an account (12 digits).
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
 */
export function targetIdProblems(prop: string, values: readonly string[]): string[] {
  if (values.length === 0) {
    return [`'${prop}' is empty: the policies would be created but attached nowhere. List the root ('r-...'), OUs ('ou-...-...') or 12-digit account IDs to guard (aws organizations list-roots, list-organizational-units-for-parent).`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    if (Token.isUnresolved(value)) {
      continue;
    }
    if (seen.has(value)) {
      problems.push(`'${prop}' lists '${value}' twice. Remove the duplicate (CloudFormation requires unique target IDs).`);
      continue;
    }
    seen.add(value);
    if (!ORGANIZATIONAL_UNIT_ID.test(value) && !ACCOUNT_ID.test(value)) {
      problems.push(`'${prop}' must hold the root ID ('r-' and 4-32 lowercase letters or digits), OU IDs ('ou-' and the root's 4-32 characters, '-', then 8-32 lowercase letters or digits, e.g. 'ou-ab12-cd34ef56') or 12-digit account IDs, got '${value}'.`);
    }
  }
  return problems;
}

/** A partition, Region and account, as they appear in an ARN. */
const ARN_HEAD = 'arn:(aws(?:-[a-z]+)*):([a-z]+):([a-z]{2}(?:-[a-z]+)+-\\d{1,2}):(\\d{12}):';

/**
 * A trail ARN: `arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME`, the name following
 * CloudTrail's rules (3-128 letters, digits, periods, underscores, hyphens).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
 */
const TRAIL_ARN = new RegExp(`^${ARN_HEAD}trail/[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$`);

/**
 * A KMS key ARN: `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID`, the key ID a UUID or, for a
 * multi-Region key, `mrk-` and 32 hex digits. Policies name the key, never an alias.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
 */
const KEY_ARN = new RegExp(`^${ARN_HEAD}key/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`);

export function trailArnProblems(prop: string, value: string): string[] {
  if (Token.isUnresolved(value)) {
    return [];
  }
  const match = TRAIL_ARN.exec(value);
  if (!match || match[2] !== 'cloudtrail') {
    return [`'${prop}' must be the organization trail's ARN, 'arn:<partition>:cloudtrail:<home Region>:<management account>:trail/<name>' (e.g. 'arn:aws:cloudtrail:us-east-1:111111111111:trail/organization-trail'), got '${value}'.`];
  }
  return [];
}

export function keyArnProblems(prop: string, value: string): string[] {
  if (Token.isUnresolved(value)) {
    return [];
  }
  if (/^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(value)) {
    return [`'${prop}' must be a key ARN, not an alias ARN: the key actions are authorized on the key's own ARN, so '${value}' would protect nothing. Use 'arn:<partition>:kms:<Region>:<account>:key/<key id>' (aws kms describe-key --key-id ${value.split(':').slice(5).join(':')}).`];
  }
  const match = KEY_ARN.exec(value);
  if (!match || match[2] !== 'kms') {
    return [`'${prop}' must be a KMS key ARN, 'arn:<partition>:kms:<Region>:<account>:key/<key id>' (e.g. 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab'), got '${value}'.`];
  }
  return [];
}

/** The account of a literal key or trail ARN, or undefined. */
export function arnAccount(value: string): string | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(value)?.[1];
}
