import { Token } from 'aws-cdk-lib';
import {
  BUCKET_NAME_MAX_LENGTH,
  BUCKET_NAME_MIN_LENGTH,
  BUCKET_NAME_RESERVED_PREFIXES,
  BUCKET_NAME_RESERVED_SUFFIXES,
  S3_KEY_PREFIX_MAX_LENGTH,
  TRAIL_NAME_MAX_LENGTH,
  TRAIL_NAME_MIN_LENGTH,
} from './limits';

/**
 * Name and identifier rules, each returning the problems it finds (empty when the value is fine
 * or unresolved). Callers turn the problems into one error that names the prop.
 */

/**
 * Identifier formats, in one place for every room.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
 * @see https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
 */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** An OU id (`ou-<root>-<ou>`) or the root id (`r-...`). */
export const ORGANIZATIONAL_UNIT_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
/** An AWS account ID: exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;
/** A Region code such as `eu-west-1` or `us-gov-west-1`. */
export const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The organization ID given as `prop` (unresolved values are skipped). */
export function organizationIdProblems(value: string, prop: string = 'organizationId'): string[] {
  if (Token.isUnresolved(value) || ORGANIZATION_ID.test(value)) {
    return [];
  }
  return [`'${prop}' must look like 'o-' followed by 10-32 lowercase letters or digits (e.g. 'o-a1b2c3d4e5'), got '${value}'. Copy it from 'aws organizations describe-organization'.`];
}

/** @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html */
export function trailNameProblems(value: string): string[] {
  if (Token.isUnresolved(value)) {
    return ['\'trailName\' must be a literal string: the bucket, key and role policies name the trail in aws:SourceArn before it exists. Pass a plain name such as \'organization-trail\'.'];
  }
  const problems: string[] = [];
  if (value.length < TRAIL_NAME_MIN_LENGTH || value.length > TRAIL_NAME_MAX_LENGTH) {
    problems.push(`be ${TRAIL_NAME_MIN_LENGTH}-${TRAIL_NAME_MAX_LENGTH} characters long (it has ${value.length})`);
  }
  if (!/^[A-Za-z0-9._-]*$/.test(value)) {
    problems.push('contain only ASCII letters, digits, periods, underscores and hyphens');
  }
  if (!/^[A-Za-z0-9]/.test(value) || !/[A-Za-z0-9]$/.test(value)) {
    problems.push('start and end with a letter or digit');
  }
  if (/[._-]{2}/.test(value)) {
    problems.push('not have two periods, underscores or hyphens next to each other (e.g. \'my-_trail\')');
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) {
    problems.push('not be in IP address format');
  }
  return problems.length === 0 ? [] : [`'trailName' must ${problems.join(', ')}; got '${value}'.`];
}

/**
 * CloudTrail puts the prefix in front of `AWSLogs/`, and the bucket policy must name the same path.
 * We refuse characters that would widen or break that policy path.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function s3KeyPrefixProblems(value: string): string[] {
  if (Token.isUnresolved(value)) {
    return ['\'s3KeyPrefix\' must be a literal string: the bucket policy names the prefix in its resource ARNs. Pass a plain prefix such as \'cloudtrail\'.'];
  }
  const problems: string[] = [];
  if (value.length === 0 || value.length > S3_KEY_PREFIX_MAX_LENGTH) {
    problems.push(`be 1-${S3_KEY_PREFIX_MAX_LENGTH} characters long (it has ${value.length}); leave it undefined for no prefix`);
  }
  if (value.startsWith('/') || value.endsWith('/')) {
    problems.push('not start or end with \'/\' (CloudTrail adds the separator before \'AWSLogs/\')');
  }
  if (value.includes('//')) {
    problems.push('not contain \'//\'');
  }
  if (!/^[A-Za-z0-9!_.'()/-]*$/.test(value)) {
    problems.push('use only letters, digits and ! _ . \' ( ) / - (\'*\' and \'?\' would widen the bucket policy)');
  }
  return problems.length === 0 ? [] : [`'s3KeyPrefix' must ${problems.join(', ')}; got '${value}'.`];
}

const PRINCIPAL_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):(role|user)\/([A-Za-z0-9+=,.@_\-/*?]+)$/;
const ROLE_SESSION_ARN = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
const ROOT_USER_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:root$/;

/**
 * Break-glass principals of the archive guard, matched with `ArnNotLike` against
 * `aws:PrincipalArn`: IAM role or user ARNs of any account, whose name (with its path) may carry
 * `*` or `?` (IAM Identity Center role names end in a random suffix). For a role session,
 * `aws:PrincipalArn` is the role's ARN, so session ARNs are refused with the role ARN to use.
 * Unresolved tokens are skipped.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */
export function breakGlassPrincipalArnProblems(prop: string, values: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    if (Token.isUnresolved(value)) {
      continue;
    }
    if (seen.has(value)) {
      problems.push(`'${prop}' lists '${value}' twice. Remove the duplicate.`);
      continue;
    }
    seen.add(value);
    const problem = breakGlassPrincipalArnProblem(prop, value);
    if (problem) {
      problems.push(problem);
    }
  }
  return problems;
}

function breakGlassPrincipalArnProblem(prop: string, value: string): string | undefined {
  const session = ROLE_SESSION_ARN.exec(value);
  if (session) {
    const [, partition, account, role] = session;
    return `'${prop}' must name IAM roles, not role sessions: aws:PrincipalArn carries the role's ARN for a session, so '${value}' would never match. Use 'arn:${partition}:iam::${account}:role/${role}' (with the role's path, if it has one).`;
  }
  if (ROOT_USER_ARN.test(value)) {
    return `'${prop}' must name IAM roles or users, got the root user '${value}'. In a bucket policy ':root' is easily read as the whole account, and the root user can remove the guard anyway (S3 always lets it change the bucket policy). Name a break-glass role or user instead.`;
  }
  const match = PRINCIPAL_ARN.exec(value);
  if (!match) {
    return `'${prop}' must hold IAM role or user ARNs such as 'arn:aws:iam::111111111111:role/BreakGlass' (the name may use '*' or '?'; partition and 12-digit account must be literal), got '${value}'.`;
  }
  const [, , account, type, name] = match;
  if (/^[*?/]+$/.test(name)) {
    return `'${prop}' entry '${value}' does not name a ${type}: it would exempt every ${type} of account ${account} and void the guard. Name the break-glass ${type} itself.`;
  }
  if (name.endsWith('/')) {
    return `'${prop}' entry '${value}' ends in '/', a path without a ${type} name, so it would match no principal. Add the ${type}'s name after the path.`;
  }
  return undefined;
}

/**
 * A general purpose bucket's name, given as `prop` (unresolved names are skipped).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblems(prop: string, value: string): string[] {
  if (Token.isUnresolved(value)) {
    return [];
  }
  const problems: string[] = [];
  if (value.length < BUCKET_NAME_MIN_LENGTH || value.length > BUCKET_NAME_MAX_LENGTH) {
    problems.push(`be ${BUCKET_NAME_MIN_LENGTH}-${BUCKET_NAME_MAX_LENGTH} characters long (it has ${value.length})`);
  }
  if (!/^[a-z0-9.-]*$/.test(value)) {
    problems.push('use only lowercase letters, digits, periods and hyphens');
  }
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value)) {
    problems.push('start and end with a lowercase letter or digit');
  }
  if (value.includes('..')) {
    problems.push('not contain two adjacent periods');
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) {
    problems.push('not be formatted as an IP address');
  }
  const prefix = BUCKET_NAME_RESERVED_PREFIXES.find((reserved) => value.startsWith(reserved));
  if (prefix) {
    problems.push(`not start with the reserved prefix '${prefix}'`);
  }
  const suffix = BUCKET_NAME_RESERVED_SUFFIXES.find((reserved) => value.endsWith(reserved));
  if (suffix) {
    problems.push(`not end with the reserved suffix '${suffix}'`);
  }
  return problems.length === 0 ? [] : [`${prop} must name an S3 bucket, whose name must ${problems.join(', ')}; got '${value}'.`];
}
