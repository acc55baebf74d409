import { App, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { LONGEST_PARTITION, LONGEST_REGION, worstCase } from '../../src/private/token-lengths';

describe('worstCase', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const other = new Stack(app, 'Other');
  const bucket = new s3.Bucket(other, 'Bucket');
  const key = new kms.Key(stack, 'Key');

  test('a literal is itself, not estimated', () => {
    expect(worstCase(stack, 'org-trail-archive')).toEqual({ text: 'org-trail-archive', estimated: false, unmeasurable: [] });
  });

  test('the longest partition and Region come from the Regions aws-cdk-lib knows', () => {
    expect(LONGEST_PARTITION).toBe(Math.max(...RegionInfo.regions.map((region) => (region.partition ?? '').length)));
    expect(LONGEST_REGION).toBe(Math.max(...RegionInfo.regions.map((region) => region.name.length)));
    expect(LONGEST_PARTITION).toBeGreaterThanOrEqual('aws-us-gov'.length);
    expect(LONGEST_REGION).toBeGreaterThanOrEqual('ap-southeast-5'.length);
  });

  test('pseudo parameters count at their longest, literal text around them as it is', () => {
    const arn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/t`;
    const result = worstCase(stack, arn);
    expect(result.estimated).toBe(true);
    expect(result.text.length).toBe('arn::cloudtrail:::trail/t'.length + LONGEST_PARTITION + LONGEST_REGION + 12);
    expect(worstCase(stack, stack.partition).text.length).toBe(LONGEST_PARTITION);
  });

  test('a bucket name (even of another stack) counts as 63 characters', () => {
    expect(worstCase(stack, bucket.bucketName)).toEqual({ text: 'b'.repeat(63), estimated: true, unmeasurable: [] });
  });

  test('a key ARN counts as the longest partition, Region, account and key ID', () => {
    expect(worstCase(stack, key.keyArn).text.length).toBe('arn::kms:::key/'.length + LONGEST_PARTITION + LONGEST_REGION + 12 + 36);
  });

  test.each([
    ['an import', Fn.importValue('KeyArn'), '{"Fn::ImportValue":"KeyArn"}'],
    ['another attribute of a bucket', bucket.bucketArn, '{"Fn::GetAtt":["Bucket83908E77","Arn"]}'],
    ['a key ID', key.keyId, '{"Ref":"Key961B73FD"}'],
  ])('%s is unmeasurable', (_name, value, resolved) => {
    expect(worstCase(stack, value)).toEqual({ text: '', estimated: true, unmeasurable: [resolved] });
  });
});
