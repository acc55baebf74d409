import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { LoopbackAws } from './loopback-aws';
import { CloudTrailPublicKeyProvider } from '../../../src/integrity/aws/cloudtrail-public-keys';
import { checkpointKey, S3CheckpointStore, S3FolderLister } from '../../../src/integrity/aws/s3-checkpoint-store';
import { S3ObjectStore } from '../../../src/integrity/aws/s3-object-store';
import { parseCheckpoint, serializeCheckpoint } from '../../../src/integrity/checkpoint';
import { ObjectStore, StoredObject } from '../../../src/integrity/ports';
import { createValidatorHandler, ValidatorBatchResponse, ValidatorDependencies } from '../../../src/integrity/runtime/validator';
import { WrittenChain, writeChain } from '../fixtures/corpus';
import { MemoryStore } from '../fixtures/memory-store';
import { generateSigningKey } from '../fixtures/signing-keys';

/**
 * The continuous validator's handler with its real AWS adapters (S3ObjectStore, S3FolderLister, S3CheckpointStore,
 * CloudTrailPublicKeyProvider) and unmodified SDK clients, against S3 and CloudTrail on loopback: the checkpoint is a
 * real conditional PUT (If-None-Match: * first, If-Match: <ETag> after), and a concurrent writer meets S3's 412.
 */

const HOUR_MS = 3_600_000;
const ORG = 'o-a1b2c3d4e5';
const ARCHIVE = 'org-archive';
const STATE = 'validator-state';
const FIRST_START = new Date('2026-11-24T00:01:31Z');
const KEY = generateSigningKey(new Date(FIRST_START.getTime() - 24 * HOUR_MS));
const CREDENTIALS = { accessKeyId: 'AKIDLOOPBACKTEST', secretAccessKey: 'loopback-secret' };

interface Setup {
  readonly store: MemoryStore;
  readonly chain: WrittenChain;
  readonly server: LoopbackAws;
  readonly s3: S3Client;
  readonly deps: ValidatorDependencies;
  /** The two newest digests, held back until `deliverRest()`. */
  readonly deliverRest: () => void;
}

let setup: Setup;

/** Wraps a store so that `before(key)` runs just before an object is read: another writer acting mid-run. */
function interceptReads(store: ObjectStore, before: (key: string) => void): ObjectStore {
  return {
    listKeys: (bucket, prefix, startAfter) => store.listKeys(bucket, prefix, startAfter),
    getObject: async (bucket, key): Promise<StoredObject> => {
      before(key);
      return store.getObject(bucket, key);
    },
  };
}

beforeEach(async () => {
  const store = new MemoryStore();
  const chain = writeChain(store, { bucket: ARCHIVE, firstStart: FIRST_START, digests: 8, keys: [KEY], organizationId: ORG, keyPrefix: 'cloudtrail' });
  const held = chain.digests.slice(6).map((digest) => ({ key: digest.key, entry: store.get(ARCHIVE, digest.key) }));
  for (const { key } of held) store.delete(ARCHIVE, key);
  const server = await LoopbackAws.start({ store, publicKeys: { 'us-east-1': [KEY.published] } });
  const s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS, forcePathStyle: true });
  const cloudTrail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  const deps: ValidatorDependencies = {
    config: { bucket: ARCHIVE, accountsRoot: `cloudtrail/AWSLogs/${ORG}/`, sourceRegions: [], lookbackMs: 7 * 24 * HOUR_MS },
    store: new S3ObjectStore(s3),
    folders: new S3FolderLister(s3),
    publicKeys: new CloudTrailPublicKeyProvider(() => cloudTrail),
    checkpoints: new S3CheckpointStore(s3, STATE),
    log: () => undefined,
    now: () => new Date(chain.lastEnd.getTime() + 30 * 60_000),
  };
  const deliverRest = () => {
    for (const { key, entry } of held) store.put(ARCHIVE, key, entry.body, entry.metadata);
  };
  setup = { store, chain, server, s3, deps, deliverRest };
});

afterEach(async () => {
  setup.s3.destroy();
  await setup.server.close();
});

const plenty = { getRemainingTimeInMillis: () => 600_000 };

function digestArrived(key: string, messageId = 'm'): { messageId: string; body: string } {
  return { messageId, body: JSON.stringify({ 'source': 'aws.s3', 'detail-type': 'Object Created', 'detail': { bucket: { name: ARCHIVE }, object: { key } } }) };
}

function storedCheckpoint() {
  const { store, chain } = setup;
  return parseCheckpoint(store.get(STATE, checkpointKey(chain.partition.id)).body.toString('utf8'));
}

function puts() {
  return setup.server.requests.filter((r) => r.operation === 'PutObject').map((r) => [r.detail?.replace(/"[0-9a-f]{32}"/, '<etag>'), r.status]);
}

async function run(key: string, deps: ValidatorDependencies = setup.deps) {
  setup.server.requests.length = 0;
  return createValidatorHandler(deps)({ Records: [digestArrived(key)] }, plenty) as Promise<ValidatorBatchResponse>;
}

describe('the validator handler against S3 on loopback: checkpoints with conditional writes', () => {
  test('the first run creates the checkpoint (If-None-Match: *); the second resumes from it (If-Match) and reads only new digests', async () => {
    const { chain } = setup;
    expect(await run(chain.digests[5].key)).toEqual({ batchItemFailures: [] });
    expect(puts()).toEqual([['If-None-Match *', 200]]);
    expect(storedCheckpoint()).toMatchObject({
      partitionId: chain.partition.id, lastKey: chain.digests[5].key, lastSignature: chain.digests[5].signature,
    });

    setup.deliverRest();
    const summaries: string[] = [];
    const response = await run(chain.digests[7].key, { ...setup.deps, log: (line) => summaries.push(line) });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(puts()).toEqual([['If-Match <etag>', 200]]);
    expect(storedCheckpoint().lastKey).toBe(chain.digests[7].key);
    // Only the two new digests and their log files were read (plus the checkpoint); the chain links across runs held.
    const reads = setup.server.requests.filter((r) => r.operation === 'GetObject' && r.bucket === ARCHIVE).map((r) => r.key);
    expect(reads.filter((key) => key!.includes('CloudTrail-Digest'))).toEqual([chain.digests[6].key, chain.digests[7].key]);
    const totals = summaries.map((line) => JSON.parse(line)).find((doc) => doc.DigestsValidated !== undefined);
    expect(totals).toMatchObject({ DigestsValidated: 2, LogFilesValidated: 4, IntegrityFindings: 0 });
  });

  test('a concurrent writer moves the checkpoint mid-run: this run\'s If-Match PUT gets 412, the record fails, the other checkpoint stays', async () => {
    const { chain, store } = setup;
    await run(chain.digests[5].key);
    setup.deliverRest();
    const theirs = { ...storedCheckpoint(), lastKey: chain.digests[6].key, validatedAt: 'by the other invocation' };
    const racing = {
      ...setup.deps,
      store: interceptReads(setup.deps.store, (key) => {
        if (key === chain.digests[6].key) store.put(STATE, checkpointKey(chain.partition.id), Buffer.from(serializeCheckpoint(theirs)));
      }),
    };

    expect(await run(chain.digests[7].key, racing)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm' }] });
    expect(puts()).toEqual([['If-Match <etag>', 412]]);
    expect(storedCheckpoint().validatedAt).toBe('by the other invocation');

    // SQS delivers the record again: the next run resumes from the other writer's checkpoint.
    expect(await run(chain.digests[7].key)).toEqual({ batchItemFailures: [] });
    expect(puts()).toEqual([['If-Match <etag>', 200]]);
    expect(storedCheckpoint().lastKey).toBe(chain.digests[7].key);
  });

  test('two first runs race: the one that creates the checkpoint second gets 412 on If-None-Match and fails its record', async () => {
    const { chain, store } = setup;
    const theirs = { partitionId: chain.partition.id, lastKey: chain.digests[1].key, validatedAt: 'by the other invocation' };
    const racing = {
      ...setup.deps,
      store: interceptReads(setup.deps.store, (key) => {
        if (key === chain.digests[0].key) store.put(STATE, checkpointKey(chain.partition.id), Buffer.from(serializeCheckpoint(theirs)));
      }),
    };
    expect(await run(chain.digests[5].key, racing)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm' }] });
    expect(puts()).toEqual([['If-None-Match *', 412]]);
    expect(storedCheckpoint().validatedAt).toBe('by the other invocation');
  });

  test('409 ConditionalRequestConflict (a conflicting write during the upload) is handled like 412: retried later', async () => {
    const { chain } = setup;
    setup.server.injectPutStatus = 409;
    expect(await run(chain.digests[5].key)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm' }] });
    expect(puts()).toEqual([['If-None-Match *', 409]]);
    expect(await run(chain.digests[5].key)).toEqual({ batchItemFailures: [] });
    expect(storedCheckpoint().lastKey).toBe(chain.digests[5].key);
  });

  test('the checkpoint deleted mid-run (If-Match on a missing key): the record fails and the next run starts over from the lookback', async () => {
    const { chain, store } = setup;
    await run(chain.digests[5].key);
    setup.deliverRest();
    const racing = {
      ...setup.deps,
      store: interceptReads(setup.deps.store, (key) => {
        if (key === chain.digests[6].key) store.delete(STATE, checkpointKey(chain.partition.id));
      }),
    };
    expect(await run(chain.digests[7].key, racing)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm' }] });
    expect(puts()).toEqual([['If-Match <etag>', 404]]);
    expect(await run(chain.digests[7].key)).toEqual({ batchItemFailures: [] });
    expect(puts()).toEqual([['If-None-Match *', 200]]);
  });

});
