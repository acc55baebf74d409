import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseCheckpoint, serializeCheckpoint } from '../checkpoint';
import { CheckpointStore, FolderLister, VersionedCheckpoint } from '../runtime/validator';

/** Where checkpoints live in the state bucket. */
export const CHECKPOINT_PREFIX = 'checkpoints/';

/** The state bucket key of a partition's checkpoint (partition ids hold `/` and `#`). */
export function checkpointKey(partitionId: string): string {
  return `${CHECKPOINT_PREFIX}${encodeURIComponent(partitionId)}.json`;
}

/**
 * Checkpoints as one small JSON object per partition in the validator's state bucket, written with S3 conditional
 * writes (`If-Match` on the ETag read, `If-None-Match: *` for the first one) so that two invocations can never move a
 * partition's checkpoint backwards.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
export class S3CheckpointStore implements CheckpointStore {
  constructor(private readonly client: S3Client, private readonly bucket: string) {}

  public async load(partitionId: string): Promise<VersionedCheckpoint | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkpointKey(partitionId) }));
      return { checkpoint: parseCheckpoint(await object.Body!.transformToString()), version: object.ETag! };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  public async save(checkpoint: VersionedCheckpoint['checkpoint'], expectedVersion: string | undefined): Promise<string | undefined> {
    try {
      const written = await this.client.send(new PutObjectCommand({
        Bucket: this.bucket,
        Key: checkpointKey(checkpoint.partitionId),
        Body: serializeCheckpoint(checkpoint),
        ContentType: 'application/json',
        ...(expectedVersion === undefined ? { IfNoneMatch: '*' } : { IfMatch: expectedVersion }),
      }));
      return written.ETag;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // 412: the precondition failed (another run wrote first); 409: a conflicting write during the upload, "retry";
      // 404: If-Match named a checkpoint that was deleted meanwhile. All three: another writer owns the partition now,
      // so this run gives the record back and the next one starts from whatever is stored.
      // @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
      if (status === 412 || status === 409 || (status === 404 && expectedVersion !== undefined)) return undefined;
      throw error;
    }
  }

  public async listLastKeys(): Promise<string[]> {
    const lastKeys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({
        Bucket: this.bucket, Prefix: CHECKPOINT_PREFIX, ContinuationToken: continuationToken,
      }));
      for (const object of page.Contents ?? []) {
        const id = decodeURIComponent(object.Key!.slice(CHECKPOINT_PREFIX.length, -'.json'.length));
        const stored = await this.load(id);
        if (stored) lastKeys.push(stored.checkpoint.lastKey);
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return lastKeys;
  }
}

/** Account and Region folders of the archive: `ListObjectsV2` with `Delimiter: '/'`. */
export class S3FolderLister implements FolderLister {
  constructor(private readonly client: S3Client) {}

  public async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: continuationToken }));
      folders.push(...(page.CommonPrefixes ?? []).map((common) => common.Prefix!).filter((folder) => folder !== undefined));
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return folders;
  }
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}
