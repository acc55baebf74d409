import { Stack } from 'aws-cdk-lib';
import { lakeKeyStatements } from '../../src/private/policy-statements';

describe('lakeKeyStatements', () => {
  test('the statements CloudTrail documents for event data stores, without source conditions', () => {
    const stack = new Stack();
    expect(lakeKeyStatements().map((statement) => stack.resolve(statement.toStatementJson()))).toEqual([
      {
        Sid: 'AllowCloudTrailToEncryptEventDataStore',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
      },
      {
        Sid: 'AllowCloudTrailToDescribeEventDataStoreKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
    ]);
  });
});
