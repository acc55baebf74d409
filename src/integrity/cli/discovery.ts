import { mapWithConcurrency } from '../bounded-concurrency';
import { parseDigestKey } from '../digest-key';
import { Partition, PartitionSet } from '../partition';
import { ObjectStore, StoredObject } from '../ports';

/** Listing with a delimiter: the "folders" directly under a prefix (S3 `CommonPrefixes`). */
export interface PrefixLister {
  /** Common prefixes directly under `prefix` with `/` as delimiter, each ending in `/`. */
  listFolders(bucket: string, prefix: string): Promise<string[]>;
}

/** Where and what to discover. */
export interface DiscoveryOptions {
  readonly bucket: string;
  readonly prefix: string;
  readonly organizationId?: string;
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
  readonly from: Date;
  readonly to: Date;
  /** Listings at once. */
  readonly concurrency: number;
}

/** The partitions found, and the digest keys of the window for each digest folder (account × Region). */
export interface Discovery {
  readonly partitions: Partition[];
  /** Digest keys in the window, by the partition's `listPrefix`, sorted. */
  readonly keysByListPrefix: ReadonlyMap<string, string[]>;
  /** How many digest keys of the window were listed, all partitions together. */
  readonly digestCount: number;
}

const ACCOUNT_FOLDER = /^\d{12}\/$/;
const ORGANIZATION_FOLDER = /^o-[a-z0-9]{10,32}\/$/;

/** `YYYY/MM/DD` of a time in UTC, the date folders of CloudTrail keys. */
function datePath(time: Date): string {
  return time.toISOString().slice(0, 10).replace(/-/g, '/');
}

/**
 * Finds the partitions under `[prefix/]AWSLogs/` without listing every object: delimiter listings walk the folders
 * (`AWSLogs/[o-…/]ACCOUNT/CloudTrail-Digest/REGION/`), then each Region folder is listed from the window's first day
 * (`StartAfter`, as the AWS CLI does) and only digest keys up to its end are kept. No Organizations call: accounts
 * that never delivered have nothing to validate.
 */
export async function discover(lister: PrefixLister, store: ObjectStore, options: DiscoveryOptions): Promise<Discovery> {
  const root = `${options.prefix ? `${options.prefix}/` : ''}AWSLogs/`;
  const accountFolders: string[] = [];
  const orgFolders: string[] = [];
  if (options.organizationId) {
    orgFolders.push(`${root}${options.organizationId}/`);
  } else {
    for (const folder of await lister.listFolders(options.bucket, root)) {
      const name = folder.slice(root.length);
      if (ACCOUNT_FOLDER.test(name)) accountFolders.push(folder);
      else if (ORGANIZATION_FOLDER.test(name)) orgFolders.push(folder);
    }
  }
  for (const lists of await mapWithConcurrency(orgFolders, options.concurrency, (org) => lister.listFolders(options.bucket, org))) {
    accountFolders.push(...lists.filter((folder) => ACCOUNT_FOLDER.test(folder.slice(folder.lastIndexOf('/', folder.length - 2) + 1))));
  }
  const wantedAccounts = options.accounts ? new Set(options.accounts) : undefined;
  const accounts = accountFolders.filter((folder) => !wantedAccounts || wantedAccounts.has(folder.slice(-13, -1)));

  const regionFolders = (await mapWithConcurrency(accounts, options.concurrency,
    (account) => lister.listFolders(options.bucket, `${account}CloudTrail-Digest/`))).flat();
  const wantedRegions = options.regions ? new Set(options.regions) : undefined;
  const regions = regionFolders.filter((folder) => !wantedRegions || wantedRegions.has(folder.split('/').slice(-2, -1)[0]));

  const firstDay = datePath(options.from);
  const lastDay = datePath(options.to);
  const from = options.from.getTime();
  const to = options.to.getTime();
  const keysByListPrefix = new Map<string, string[]>();
  // Each key is parsed once, here, and its partition noted at the same time.
  const partitions = new PartitionSet();
  let digestCount = 0;
  const listings = await mapWithConcurrency(regions, options.concurrency,
    (folder) => store.listKeys(options.bucket, folder, `${folder}${firstDay}`));
  regions.forEach((folder, index) => {
    const keys: string[] = [];
    for (const key of listings[index]) {
      if (key.slice(folder.length, folder.length + 10) > lastDay) continue;
      const digest = parseDigestKey(key);
      if (digest === undefined || digest.endTime.getTime() < from || digest.endTime.getTime() > to) continue;
      keys.push(key);
      partitions.add(digest);
    }
    keysByListPrefix.set(folder, keys.sort());
    digestCount += keys.length;
  });
  return { partitions: partitions.sorted(), keysByListPrefix, digestCount };
}

/** What the store reports as objects are read, for progress. */
export interface ReadObserver {
  onRead(key: string, object: StoredObject): void;
}

/**
 * The store the partitions are validated against: listings come from the discovery (one listing per digest folder
 * for all the trails and chains in it, already cut to the window); reads go to the real store and are observed.
 */
export class WindowedStore implements ObjectStore {
  public constructor(
    private readonly inner: ObjectStore,
    private readonly keysByListPrefix: ReadonlyMap<string, string[]>,
    private readonly observer?: ReadObserver,
  ) {}

  public async listKeys(bucket: string, prefix: string, startAfter?: string): Promise<string[]> {
    const cached = this.keysByListPrefix.get(prefix);
    if (!cached) return this.inner.listKeys(bucket, prefix, startAfter);
    return startAfter === undefined ? cached : cached.filter((key) => key > startAfter);
  }

  public async getObject(bucket: string, key: string): Promise<StoredObject> {
    const object = await this.inner.getObject(bucket, key);
    this.observer?.onRead(key, object);
    return object;
  }
}
