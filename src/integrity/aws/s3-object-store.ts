import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ObjectState, ObjectStore, StoredObject } from '../ports';

/**
 * The validation core's storage on Amazon S3: `ListObjectsV2` (paged, `StartAfter`) and `GetObject` with its user
 * metadata. Missing, archived and forbidden objects are states the core reports as findings, not exceptions.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 */
export class S3ObjectStore implements ObjectStore {
  constructor(private readonly client: S3Client) {}

  public async listKeys(bucket: string, prefix: string, startAfter?: string): Promise<string[]> {
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        // StartAfter applies to the first page only; the continuation token carries it on.
        StartAfter: continuationToken ? undefined : startAfter,
        ContinuationToken: continuationToken,
      }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!).filter((key) => key !== undefined));
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return keys;
  }

  public async getObject(bucket: string, key: string): Promise<StoredObject> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      // The SDK does not decompress: CloudTrail stores gzip bytes (Content-Encoding gzip), which the core hashes as stored.
      const body = await object.Body!.transformToByteArray();
      return { state: ObjectState.FOUND, body, metadata: lowerCaseKeys(object.Metadata ?? {}) };
    } catch (error) {
      return { state: stateOf(error) };
    }
  }
}

/** S3's answer for an object that cannot be read, or the error again when it is something else. */
function stateOf(error: unknown): ObjectState {
  const name = (error as { name?: string }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (name === 'NoSuchKey' || status === 404) {
    return ObjectState.NOT_FOUND;
  }
  if (name === 'InvalidObjectState') {
    return ObjectState.ARCHIVED;
  }
  if (name === 'AccessDenied' || status === 403) {
    return ObjectState.ACCESS_DENIED;
  }
  throw error;
}

function lowerCaseKeys(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name.toLowerCase(), value]));
}
