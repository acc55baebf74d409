import { DigestChain, DigestKey, parseDigestKey } from './digest-key';

/**
 * One digest chain: account × source Region × trail × standard/backfill. Chains are validated independently, so a
 * partition is also the unit of checkpointing and parallelism.
 */
export interface Partition {
  /** Stable identifier, used as the checkpoint key. */
  readonly id: string;
  readonly keyPrefix: string;
  readonly organizationId?: string;
  readonly accountId: string;
  readonly sourceRegion: string;
  readonly trailName: string;
  readonly homeRegion: string;
  readonly chain: DigestChain;
  /** The S3 prefix to list for this partition's digests (shared by the trail's two chains and by other trails). */
  readonly listPrefix: string;
}

/** The partition a digest key belongs to. */
export function partitionOf(digest: DigestKey): Partition {
  const accountRoot = `${digest.keyPrefix}AWSLogs/${digest.organizationId ? `${digest.organizationId}/` : ''}${digest.accountId}/`;
  const listPrefix = `${accountRoot}CloudTrail-Digest/${digest.sourceRegion}/`;
  return {
    id: `${listPrefix}#${digest.trailName}#${digest.homeRegion}#${digest.chain}`,
    keyPrefix: digest.keyPrefix,
    ...(digest.organizationId ? { organizationId: digest.organizationId } : {}),
    accountId: digest.accountId,
    sourceRegion: digest.sourceRegion,
    trailName: digest.trailName,
    homeRegion: digest.homeRegion,
    chain: digest.chain,
    listPrefix,
  };
}

/** True when `key` is a digest of `partition` (same trail, same chain); listings share prefixes, so filter. */
export function belongsTo(partition: Partition, key: string): boolean {
  const digest = parseDigestKey(key);
  return digest !== undefined && isOf(partition, digest);
}

/** True when the parsed digest is one of `partition`'s: the fields `partitionOf` builds its id from, compared as they are. */
export function isOf(partition: Partition, digest: DigestKey): boolean {
  return digest.trailName === partition.trailName
    && digest.homeRegion === partition.homeRegion
    && digest.chain === partition.chain
    && digest.sourceRegion === partition.sourceRegion
    && digest.accountId === partition.accountId
    && digest.keyPrefix === partition.keyPrefix
    && digest.organizationId === partition.organizationId;
}

/**
 * Finds the partitions present in a list of keys (for example one `ListObjectsV2` pass over `AWSLogs/`), sorted by
 * id so that runs are reproducible. Keys that are not digests are ignored.
 */
export function discoverPartitions(keys: Iterable<string>): Partition[] {
  const found = new PartitionSet();
  for (const key of keys) {
    const digest = parseDigestKey(key);
    if (digest) found.add(digest);
  }
  return found.sorted();
}

/** The partitions of parsed digest keys, for callers that parse the keys anyway (`discoverPartitions`, the CLI). */
export class PartitionSet {
  private readonly found = new Map<string, Partition>();
  private previous?: Partition;

  /** Adds the digest's partition if it is not known yet; the first digest seen of a partition describes it. */
  public add(digest: DigestKey): void {
    // Listed keys come in runs of one partition: a digest of the partition just seen needs no new id.
    if (this.previous && isOf(this.previous, digest)) return;
    const partition = partitionOf(digest);
    this.previous = this.found.get(partition.id);
    if (!this.previous) {
      this.found.set(partition.id, partition);
      this.previous = partition;
    }
  }

  /** The partitions, sorted by id so that runs are reproducible. */
  public sorted(): Partition[] {
    return [...this.found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
