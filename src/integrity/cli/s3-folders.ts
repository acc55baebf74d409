import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PrefixLister } from './discovery';

/**
 * Folder listing on S3: `ListObjectsV2` with `Delimiter: '/'`, paged, returning `CommonPrefixes`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
export class S3FolderLister implements PrefixLister {
  public constructor(private readonly client: S3Client) {}

  public async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: continuationToken }));
      for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix);
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return folders;
  }
}
