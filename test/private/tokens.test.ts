import { Aws, Lazy } from 'aws-cdk-lib';
import { literalParts } from '../../src/private/tokens';

describe('literalParts', () => {
  const token = Lazy.string({ produce: () => 'x' });
  test.each<[string, string, string[]]>([
    ['a literal', 'abc', ['abc']],
    ['a token alone', token, ['', '']],
    ['a wildcard after a token', `${token}*`, ['', '*']],
    ['a partition token inside an ARN', `arn:${Aws.PARTITION}:s3:::bucket/`, ['arn:', ':s3:::bucket/']],
    ['two tokens', `a${token}b${Aws.ACCOUNT_ID}c`, ['a', 'b', 'c']],
  ])('%s', (_name, value, parts) => {
    expect(literalParts(value)).toEqual(parts);
  });
});
