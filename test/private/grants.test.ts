import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { grantArchiveRead } from '../../src/private/grants';
import { ARCHIVE_OBJECT_READ_ACTIONS, ARCHIVE_OBJECT_SCAN_ACTIONS, BUCKET_LIST_ACTIONS } from '../../src/private/perms';

function setup() {
  const stack = new Stack(new App(), 'Audit', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Archive', { encryptionKey: key });
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  return { stack, key, bucket, reader };
}

describe('grantArchiveRead', () => {
  test.each([
    ['the default object actions', undefined, ARCHIVE_OBJECT_READ_ACTIONS],
    ['the actions given (Athena scans)', ARCHIVE_OBJECT_SCAN_ACTIONS, ARCHIVE_OBJECT_SCAN_ACTIONS],
  ])('grants %s on the pattern, listing, and decryption of CloudTrail data keys and the Bucket Key', (_name, objectActions, expected) => {
    const { stack, key, bucket, reader } = setup();
    grantArchiveRead(reader, { bucket, key, objectsKeyPattern: 'AWSLogs/o-a1b2c3d4e5/*', region: 'eu-west-1', objectActions });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: expected.length === 1 ? expected[0] : expected,
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Archive'), 'Arn'] }, '/AWSLogs/o-a1b2c3d4e5/*']] },
          }),
          Match.objectLike({ Action: BUCKET_LIST_ACTIONS, Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Archive'), 'Arn'] } }),
          Match.objectLike({ Action: 'kms:Decrypt', Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } } }),
          Match.objectLike({
            Action: 'kms:Decrypt',
            Condition: { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': Match.anyValue(), 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
          }),
        ],
      },
    });
  });
});
