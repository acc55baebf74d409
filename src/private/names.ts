import { Token } from 'aws-cdk-lib';
import { S3_KEY_PREFIX_MAX_LENGTH, TRAIL_NAME_MAX_LENGTH, TRAIL_NAME_MIN_LENGTH } from './limits';

/**
 * Name and identifier rules, each returning the problems it finds (empty when the value is fine
 * or unresolved). Callers turn the problems into one error that names the prop.
 */

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html */
export function organizationIdProblems(value: string): string[] {
  if (Token.isUnresolved(value) || ORGANIZATION_ID.test(value)) {
    return [];
  }
  return [`'organizationId' must look like 'o-' followed by 10-32 lowercase letters or digits (e.g. 'o-a1b2c3d4e5'), got '${value}'. Copy it from 'aws organizations describe-organization'.`];
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

/** Throws one error listing every problem, so a user fixes them in one go. */
export function throwIfProblems(problems: string[]): void {
  if (problems.length === 1) {
    throw new Error(problems[0]);
  }
  if (problems.length > 1) {
    throw new Error(`Invalid OrganizationTrail configuration:\n- ${problems.join('\n- ')}`);
  }
}
