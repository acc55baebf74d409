import { App, Stack } from 'aws-cdk-lib';
import {
  logGroupArn,
  logObjectsArn,
  logsRootPath,
  logsServicePrincipal,
  managementAccountTrailsPattern,
  trailArn,
} from '../../src/private/arns';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

const PARTITION = { Ref: 'AWS::Partition' };
const REGION_REF = { Ref: 'AWS::Region' };
const ACCOUNT_REF = { Ref: 'AWS::AccountId' };

function join(...parts: unknown[]): unknown {
  return { 'Fn::Join': ['', parts] };
}

function concreteStack(): Stack {
  return new Stack(new App(), 'Concrete', { env: { account: ACCOUNT, region: REGION } });
}

function agnosticStack(): Stack {
  return new Stack(new App(), 'Agnostic');
}

describe('with a concrete account and Region', () => {
  const stack = concreteStack();

  test('trailArn is the management account trail ARN in the stack Region', () => {
    expect(stack.resolve(trailArn(stack, 'org-trail'))).toEqual(
      join('arn:', PARTITION, `:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`),
    );
  });

  test('managementAccountTrailsPattern is any trail of the management account in any Region', () => {
    expect(stack.resolve(managementAccountTrailsPattern(stack))).toEqual(
      join('arn:', PARTITION, `:cloudtrail:*:${ACCOUNT}:trail/*`),
    );
  });

  test('logGroupArn uses the colon form and has no trailing :*', () => {
    expect(stack.resolve(logGroupArn(stack, 'cloudtrail/org-trail'))).toEqual(
      join('arn:', PARTITION, `:logs:${REGION}:${ACCOUNT}:log-group:cloudtrail/org-trail`),
    );
  });

  test('logsServicePrincipal is the regional principal', () => {
    expect(logsServicePrincipal(stack)).toBe('logs.us-east-1.amazonaws.com');
  });

  test.each([
    ['eu-west-1', 'logs.eu-west-1.amazonaws.com'],
    // The China DNS suffix (UNVERIFIED for the principal: see logsServicePrincipal).
    ['cn-north-1', 'logs.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'logs.us-gov-west-1.amazonaws.com'],
  ])('logsServicePrincipal in %s is %s', (region, principal) => {
    const other = new Stack(new App(), 'Other', { env: { account: ACCOUNT, region } });
    expect(logsServicePrincipal(other)).toBe(principal);
  });
});

describe('with an environment-agnostic stack', () => {
  const stack = agnosticStack();

  test('trailArn uses the deploy-time Region and account', () => {
    expect(stack.resolve(trailArn(stack, 'org-trail'))).toEqual(
      join('arn:', PARTITION, ':cloudtrail:', REGION_REF, ':', ACCOUNT_REF, ':trail/org-trail'),
    );
  });

  test('managementAccountTrailsPattern keeps the Region wildcard and uses the deploy-time account', () => {
    expect(stack.resolve(managementAccountTrailsPattern(stack))).toEqual(
      join('arn:', PARTITION, ':cloudtrail:*:', ACCOUNT_REF, ':trail/*'),
    );
  });

  test('logGroupArn uses the deploy-time Region and account', () => {
    expect(stack.resolve(logGroupArn(stack, 'cloudtrail/org-trail'))).toEqual(
      join('arn:', PARTITION, ':logs:', REGION_REF, ':', ACCOUNT_REF, ':log-group:cloudtrail/org-trail'),
    );
  });

  test('logsServicePrincipal uses the deploy-time Region', () => {
    expect(stack.resolve(logsServicePrincipal(stack))).toEqual(join('logs.', REGION_REF, '.amazonaws.com'));
  });
});

describe('logsRootPath', () => {
  test.each([
    ['no prefix', undefined, 'AWSLogs'],
    ['an empty prefix', '', 'AWSLogs'],
    ['a prefix', 'cloudtrail', 'cloudtrail/AWSLogs'],
    ['a nested prefix', 'org/cloudtrail', 'org/cloudtrail/AWSLogs'],
  ])('with %s', (_label, prefix, expected) => {
    expect(logsRootPath(prefix)).toBe(expected);
  });
});

describe('logObjectsArn', () => {
  const BUCKET_ARN = 'arn:aws:s3:::archive-bucket';

  test.each([
    ['no prefix, management account', undefined, ACCOUNT, `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/*`],
    ['no prefix, organization', undefined, 'o-a1b2c3d4e5', `${BUCKET_ARN}/AWSLogs/o-a1b2c3d4e5/*`],
    ['a prefix, management account', 'cloudtrail', ACCOUNT, `${BUCKET_ARN}/cloudtrail/AWSLogs/${ACCOUNT}/*`],
    ['a prefix, organization', 'cloudtrail', 'o-a1b2c3d4e5', `${BUCKET_ARN}/cloudtrail/AWSLogs/o-a1b2c3d4e5/*`],
  ])('with %s', (_label, prefix, owner, expected) => {
    expect(logObjectsArn(BUCKET_ARN, prefix, owner)).toBe(expected);
  });

  test('resolves with a bucket ARN token and an env-agnostic account', () => {
    const stack = agnosticStack();
    const bucketArn = stack.formatArn({ service: 's3', region: '', account: '', resource: 'archive-bucket' });
    expect(stack.resolve(logObjectsArn(bucketArn, 'cloudtrail', stack.account))).toEqual(
      join('arn:', PARTITION, ':s3:::archive-bucket/cloudtrail/AWSLogs/', ACCOUNT_REF, '/*'),
    );
  });

  test('resolves with a concrete account', () => {
    const stack = concreteStack();
    const bucketArn = stack.formatArn({ service: 's3', region: '', account: '', resource: 'archive-bucket' });
    expect(stack.resolve(logObjectsArn(bucketArn, undefined, stack.account))).toEqual(
      join('arn:', PARTITION, `:s3:::archive-bucket/AWSLogs/${ACCOUNT}/*`),
    );
  });
});
