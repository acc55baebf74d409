import { discover, PrefixLister, WindowedStore } from '../../../src/integrity/cli/discovery';
import { DigestChain } from '../../../src/integrity/digest-key';
import { ObjectState } from '../../../src/integrity/ports';
import { writeChain } from '../fixtures/corpus';
import { MemoryStore } from '../fixtures/memory-store';
import { generateSigningKey } from '../fixtures/signing-keys';

const HOUR_MS = 3_600_000;
const START = new Date('2026-11-20T22:01:31Z');
const KEY = generateSigningKey(new Date('2026-11-01T00:00:00Z'));

/** Folders as S3 returns them for `Delimiter: '/'`, counting calls. */
class Folders implements PrefixLister {
  public readonly calls: string[] = [];
  public constructor(private readonly store: MemoryStore) {}
  public async listFolders(bucket: string, prefix: string): Promise<string[]> {
    this.calls.push(prefix);
    const out = new Set<string>();
    for (const key of await this.store.listKeys(bucket, prefix)) {
      const cut = key.indexOf('/', prefix.length);
      if (cut >= 0) out.add(key.slice(0, cut + 1));
    }
    return [...out].sort();
  }
}

function archive(): MemoryStore {
  const store = new MemoryStore();
  // A trail without organization folder, and an organization trail, under the same prefix; two trails in one Region.
  writeChain(store, { keyPrefix: 'p', accountId: '111122223333', region: 'us-east-1', firstStart: START, digests: 6, keys: [KEY] });
  writeChain(store, { keyPrefix: 'p', accountId: '111122223333', region: 'us-east-1', trailName: 'other', firstStart: START, digests: 6, keys: [KEY] });
  writeChain(store, { keyPrefix: 'p', accountId: '111122223333', region: 'us-east-1', chain: DigestChain.BACKFILL, firstStart: START, digests: 2, keys: [KEY] });
  writeChain(store, { keyPrefix: 'p', organizationId: 'o-abcdefghij', accountId: '444455556666', region: 'eu-west-1', firstStart: START, digests: 6, keys: [KEY] });
  return store;
}

const BUCKET = 'example-org-trail-bucket';
const WINDOW = { bucket: BUCKET, prefix: 'p', from: START, to: new Date(START.getTime() + 10 * HOUR_MS), concurrency: 4 };

describe('discover', () => {
  test('account folders with and without an organization folder; one partition per trail and chain', async () => {
    const store = archive();
    const found = await discover(new Folders(store), store, WINDOW);
    expect(found.partitions.map((p) => `${p.organizationId ?? '-'} ${p.accountId} ${p.sourceRegion} ${p.trailName} ${p.chain}`)).toEqual([
      '- 111122223333 us-east-1 org-trail backfill',
      '- 111122223333 us-east-1 org-trail standard',
      '- 111122223333 us-east-1 other standard',
      'o-abcdefghij 444455556666 eu-west-1 org-trail standard',
    ]);
    expect(found.digestCount).toBe(20);
  });

  test('the window cuts digests by end time, across the day folders', async () => {
    const store = archive();
    // Digests end at 23:01:31 on the 20th, then 00:01:31 to 04:01:31 on the 21st.
    const found = await discover(new Folders(store), store, { ...WINDOW, from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-11-21T02:30:00Z') });
    const keys = found.keysByListPrefix.get('p/AWSLogs/o-abcdefghij/444455556666/CloudTrail-Digest/eu-west-1/')!;
    expect(keys.map((k) => k.match(/_(\d{8}T\d{6}Z)/)![1])).toEqual(['20261121T000131Z', '20261121T010131Z', '20261121T020131Z']);
  });

  test('--organization, --accounts and --regions skip folders without listing inside them', async () => {
    const store = archive();
    const folders = new Folders(store);
    const found = await discover(folders, store, { ...WINDOW, organizationId: 'o-abcdefghij', accounts: ['444455556666'], regions: ['eu-west-1'] });
    expect(found.partitions).toHaveLength(1);
    expect(folders.calls).toEqual(['p/AWSLogs/o-abcdefghij/', 'p/AWSLogs/o-abcdefghij/444455556666/CloudTrail-Digest/']);
    const none = await discover(new Folders(store), store, { ...WINDOW, regions: ['ap-south-1'] });
    expect(none).toMatchObject({ partitions: [], digestCount: 0 });
  });
});

describe('WindowedStore', () => {
  test('serves listings from the discovery, cut after startAfter; other prefixes and reads go to the store', async () => {
    const store = new MemoryStore();
    store.put('b', 'x/1', Buffer.from('one'));
    const reads: string[] = [];
    const windowed = new WindowedStore(store, new Map([['d/', ['d/a', 'd/b', 'd/c']]]), { onRead: (key, object) => reads.push(`${key}:${object.state}`) });
    expect(await windowed.listKeys('b', 'd/')).toEqual(['d/a', 'd/b', 'd/c']);
    expect(await windowed.listKeys('b', 'd/', 'd/a')).toEqual(['d/b', 'd/c']);
    expect(await windowed.listKeys('b', 'x/')).toEqual(['x/1']);
    await windowed.getObject('b', 'x/1');
    await windowed.getObject('b', 'x/2');
    expect(reads).toEqual([`x/1:${ObjectState.FOUND}`, `x/2:${ObjectState.NOT_FOUND}`]);
  });
});
