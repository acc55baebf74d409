import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { CloudTrailPublicKeyProvider } from '../../../src/integrity/aws/cloudtrail-public-keys';

describe('CloudTrailPublicKeyProvider', () => {
  test('asks the Region\'s client for the window, follows NextToken, and keeps only complete keys', async () => {
    const regions: string[] = [];
    const sent: any[] = [];
    const start = new Date('2026-11-30T00:00:00Z');
    const end = new Date('2026-11-30T03:00:00Z');
    const key = (fingerprint: string) => ({ Value: new Uint8Array([1]), Fingerprint: fingerprint, ValidityStartTime: start, ValidityEndTime: end });
    const provider = new CloudTrailPublicKeyProvider((region) => {
      regions.push(region);
      return {
        send: async (command: any) => {
          sent.push(command);
          return command.input.NextToken === undefined
            ? { PublicKeyList: [key('aa'), { Fingerprint: 'incomplete' }], NextToken: 'n1' }
            : { PublicKeyList: [key('bb')] };
        },
      } as unknown as CloudTrailClient;
    });
    const keys = await provider.listPublicKeys('eu-west-1', start, end);
    expect(regions).toEqual(['eu-west-1']);
    expect(sent.every((command) => command instanceof ListPublicKeysCommand)).toBe(true);
    expect(sent.map((command) => [command.input.StartTime, command.input.EndTime, command.input.NextToken])).toEqual([[start, end, undefined], [start, end, 'n1']]);
    expect(keys.map((found) => found.fingerprint)).toEqual(['aa', 'bb']);
  });
});
