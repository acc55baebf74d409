import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../../src/integrity/aws/s3-object-store';
import { ObjectState } from '../../../src/integrity/ports';

/** An S3 client whose `send` answers from a function, recording the commands it was sent. */
function fakeClient(answer: (command: any) => any): { client: S3Client; sent: any[] } {
  const sent: any[] = [];
  const client = { send: async (command: any) => { sent.push(command); return answer(command); } } as unknown as S3Client;
  return { client, sent };
}

function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('S3ObjectStore', () => {
  test('lists every page, passing StartAfter on the first page only', async () => {
    const { client, sent } = fakeClient((command) => command.input.ContinuationToken === undefined
      ? { Contents: [{ Key: 'a' }, { Key: 'b' }], IsTruncated: true, NextContinuationToken: 't1' }
      : { Contents: [{ Key: 'c' }], IsTruncated: false });
    const keys = await new S3ObjectStore(client).listKeys('bucket', 'AWSLogs/', 'after');
    expect(keys).toEqual(['a', 'b', 'c']);
    expect(sent.every((command) => command instanceof ListObjectsV2Command)).toBe(true);
    expect(sent.map((command) => [command.input.StartAfter, command.input.ContinuationToken])).toEqual([['after', undefined], [undefined, 't1']]);
  });

  test('returns the bytes as stored and the metadata with lower-case names', async () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 1, 2]);
    const { client, sent } = fakeClient(() => ({
      Body: { transformToByteArray: async () => bytes },
      Metadata: { 'Signature': 'abc', 'signature-algorithm': 'SHA256withRSA' },
    }));
    const object = await new S3ObjectStore(client).getObject('bucket', 'key');
    expect(sent[0]).toBeInstanceOf(GetObjectCommand);
    expect(object).toEqual({ state: ObjectState.FOUND, body: bytes, metadata: { 'signature': 'abc', 'signature-algorithm': 'SHA256withRSA' } });
  });

  test.each([
    ['NoSuchKey', 404, ObjectState.NOT_FOUND],
    ['InvalidObjectState', 403, ObjectState.ARCHIVED],
    ['AccessDenied', 403, ObjectState.ACCESS_DENIED],
  ])('S3 %s (%d) is the state %s', async (name, status, state) => {
    const { client } = fakeClient(() => { throw s3Error(name, status); });
    expect(await new S3ObjectStore(client).getObject('bucket', 'key')).toEqual({ state });
  });

  test('any other error is thrown, not hidden as a state', async () => {
    const { client } = fakeClient(() => { throw s3Error('SlowDown', 503); });
    await expect(new S3ObjectStore(client).getObject('bucket', 'key')).rejects.toThrow('SlowDown');
  });
});
