import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { PublicKeyProvider } from '../ports';
import { CloudTrailPublicKey } from '../public-key';

/**
 * CloudTrail's public keys from `ListPublicKeys` in each source Region (each Region signs its digests with its own
 * keys), paged. `clientFor` returns a client of the Region asked for.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html
 */
export class CloudTrailPublicKeyProvider implements PublicKeyProvider {
  constructor(private readonly clientFor: (region: string) => CloudTrailClient) {}

  public async listPublicKeys(region: string, start: Date, end: Date): Promise<CloudTrailPublicKey[]> {
    const client = this.clientFor(region);
    const keys: CloudTrailPublicKey[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: nextToken }));
      for (const key of page.PublicKeyList ?? []) {
        if (key.Value && key.Fingerprint && key.ValidityStartTime && key.ValidityEndTime) {
          keys.push({
            value: key.Value,
            fingerprint: key.Fingerprint,
            validityStartTime: key.ValidityStartTime,
            validityEndTime: key.ValidityEndTime,
          });
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return keys;
  }
}
