import { WrittenChain, writeChain } from './fixtures/corpus';
import { FakePublicKeys } from './fixtures/fake-public-keys';
import { MemoryStore } from './fixtures/memory-store';
import { generateSigningKey } from './fixtures/signing-keys';
import { parseCheckpoint, serializeCheckpoint } from '../../src/integrity/checkpoint';
import { DigestChain } from '../../src/integrity/digest-key';
import { FindingType } from '../../src/integrity/finding-type';
import { PartitionValidationOptions, validatePartition } from '../../src/integrity/partition-validator';
import { ObjectState } from '../../src/integrity/ports';
import { PublicKeyLookup } from '../../src/integrity/public-key-lookup';

const HOUR_MS = 3_600_000;
const FIRST_START = new Date('2026-11-24T00:01:31Z');
const KEY = generateSigningKey(new Date(FIRST_START.getTime() - 24 * HOUR_MS));

function setup(digests = 6): { store: MemoryStore; chain: WrittenChain; provider: FakePublicKeys; options: PartitionValidationOptions } {
  const store = new MemoryStore();
  const chain = writeChain(store, { firstStart: FIRST_START, digests, keys: [KEY] });
  const provider = new FakePublicKeys({ 'us-east-1': [KEY.published] });
  const options = {
    bucket: chain.bucket,
    partition: chain.partition,
    store,
    publicKeys: new PublicKeyLookup(provider),
    now: new Date(chain.lastEnd.getTime() + 30 * 60_000),
  };
  return { store, chain, provider, options };
}

describe('validatePartition', () => {
  test('an intact chain: every digest and log file checked, checkpoint at the newest digest, keys fetched once', async () => {
    const { chain, provider, options } = setup();
    const result = await validatePartition(options);
    expect(result).toMatchObject({ findings: [], digestsChecked: 6, logFilesChecked: 12, logFilesUnread: 0, complete: true });
    expect(result.checkpoint).toMatchObject({
      partitionId: chain.partition.id,
      lastKey: chain.digests[5].key,
      lastSignature: chain.digests[5].signature,
      lastEndTime: chain.digests[5].document.digestEndTime,
    });
    expect(provider.calls).toHaveLength(1);
  });

  test('resumes from a serialised checkpoint and finds a deletion right after it (the backward-walking CLI cannot)', async () => {
    const { store, chain, options } = setup();
    const first = await validatePartition({ ...options, maxDigests: 3 });
    expect(first).toMatchObject({ findings: [], digestsChecked: 3, complete: false });
    expect(first.checkpoint?.lastKey).toBe(chain.digests[2].key);

    store.delete(chain.bucket, chain.digests[3].key);
    const second = await validatePartition({ ...options, checkpoint: parseCheckpoint(serializeCheckpoint(first.checkpoint!)) });
    expect(second.findings.map((f) => [f.type, f.objects])).toEqual([
      [FindingType.CHAIN_GAP, [chain.digests[4].key, chain.digests[3].key, chain.digests[2].key]],
    ]);
    expect(second).toMatchObject({ digestsChecked: 2, complete: true });
  });

  test('a run with nothing new still reports the chain overdue', async () => {
    const { options } = setup();
    const done = await validatePartition(options);
    const later = await validatePartition({ ...options, checkpoint: done.checkpoint, now: new Date(options.now.getTime() + 5 * HOUR_MS) });
    expect(later.findings.map((f) => f.type)).toEqual([FindingType.DIGEST_OVERDUE]);
    expect(later.checkpoint).toEqual(done.checkpoint);
  });

  test('an unreadable newest digest still dates the chain for the overdue check', async () => {
    const { store, chain, options } = setup();
    store.setState(chain.bucket, chain.digests[5].key, ObjectState.ARCHIVED);
    const result = await validatePartition({ ...options, now: new Date(options.now.getTime() + 5 * HOUR_MS) });
    expect(result.findings.map((f) => [f.type, f.objects])).toEqual([
      [FindingType.DIGEST_ARCHIVED, [chain.digests[5].key]],
      [FindingType.DIGEST_OVERDUE, [chain.digests[5].key]],
    ]);
  });

  test('an unfinished run does not report overdue (the rest is still to be read)', async () => {
    const { options } = setup();
    const result = await validatePartition({ ...options, maxDigests: 2, now: new Date(options.now.getTime() + 10 * HOUR_MS) });
    expect(result.findings).toEqual([]);
  });

  test('notBefore skips old digests on a first run; the oldest one read is the anchor', async () => {
    const { chain, options } = setup();
    const result = await validatePartition({ ...options, notBefore: new Date(Date.parse(chain.digests[3].document.digestEndTime as string)) });
    expect(result).toMatchObject({ findings: [], digestsChecked: 3 });
  });

  test('checkLogFiles: false reads digests only', async () => {
    const { store, chain, options } = setup();
    store.delete(chain.bucket, chain.digests[1].logKeys[0]);
    const result = await validatePartition({ ...options, checkLogFiles: false });
    expect(result).toMatchObject({ findings: [], logFilesChecked: 0 });
  });

  test('refuses a checkpoint of another partition', async () => {
    const { options } = setup();
    await expect(validatePartition({ ...options, checkpoint: { partitionId: 'other', lastKey: 'k', validatedAt: 'x' } })).rejects.toThrow(/'other'/);
  });

  test('backfill digests look their key up around the generation timestamp, not the digest end', async () => {
    const store = new MemoryStore();
    const chain = writeChain(store, { firstStart: FIRST_START, digests: 1, keys: [KEY], chain: DigestChain.BACKFILL });
    const provider = new FakePublicKeys({ 'us-east-1': [KEY.published] });
    const publicKeys = new PublicKeyLookup(provider);
    await validatePartition({ bucket: chain.bucket, partition: chain.partition, store, publicKeys, now: chain.lastEnd });
    const generated = Date.parse(store.get(chain.bucket, chain.digests[0].key).metadata['backfill-generation-timestamp']);
    expect(provider.calls[0]).toEqual({ region: 'us-east-1', start: new Date(generated - HOUR_MS), end: new Date(generated + HOUR_MS) });
  });

  test('hourly digests look their key up in [end - 1h, end + 2h] (the AWS CLI fix for rotation boundaries)', async () => {
    const { chain, provider, options } = setup(1);
    await validatePartition(options);
    const end = chain.lastEnd.getTime();
    expect(provider.calls[0]).toEqual({ region: 'us-east-1', start: new Date(end - HOUR_MS), end: new Date(end + 2 * HOUR_MS) });
  });
});
