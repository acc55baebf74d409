import { Checkpoint } from '../../../src/integrity/checkpoint';
import { FindingType } from '../../../src/integrity/finding-type';
import {
  CheckpointStore, configFromEnvironment, createValidatorHandler, FolderLister, METRIC_NAMESPACE,
  ValidatorConfig, ValidatorDependencies, VersionedCheckpoint,
} from '../../../src/integrity/runtime/validator';
import { RESTART_EVENT_NAMES } from '../../../src/integrity/trail-event-history';
import { WrittenChain, writeChain } from '../fixtures/corpus';
import { FakePublicKeys } from '../fixtures/fake-public-keys';
import { MemoryStore } from '../fixtures/memory-store';
import { MemoryTrailEvents, trailEvent } from '../fixtures/memory-trail-events';
import { generateSigningKey } from '../fixtures/signing-keys';


const HOUR_MS = 3_600_000;
const ORG = 'o-a1b2c3d4e5';
const FIRST_START = new Date('2026-11-24T00:01:31Z');
const KEY = generateSigningKey(new Date(FIRST_START.getTime() - 24 * HOUR_MS));

/** Checkpoints in a map with S3's conditional-write semantics (ETag compare-and-swap). */
class MemoryCheckpoints implements CheckpointStore {
  public readonly saved = new Map<string, VersionedCheckpoint>();
  public writes = 0;
  public conflictNextSave = false;

  public async load(partitionId: string): Promise<VersionedCheckpoint | undefined> {
    return this.saved.get(partitionId);
  }

  public async save(checkpoint: Checkpoint, expectedVersion: string | undefined): Promise<string | undefined> {
    const current = this.saved.get(checkpoint.partitionId);
    if (this.conflictNextSave || current?.version !== expectedVersion) {
      this.conflictNextSave = false;
      return undefined;
    }
    this.writes++;
    const version = `"etag-${this.writes}"`;
    this.saved.set(checkpoint.partitionId, { checkpoint, version });
    return version;
  }

  public async listLastKeys(): Promise<string[]> {
    return [...this.saved.values()].map((stored) => stored.checkpoint.lastKey);
  }
}

/** `ListObjectsV2` with `Delimiter: '/'` over the memory store. */
class MemoryFolders implements FolderLister {
  constructor(private readonly store: MemoryStore) {}
  public async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const keys = await this.store.listKeys(bucket, prefix);
    return [...new Set(keys.map((key) => `${prefix}${key.slice(prefix.length).split('/')[0]}/`).filter((folder) => folder !== `${prefix}/`))];
  }
}

interface Setup {
  readonly store: MemoryStore;
  readonly chain: WrittenChain;
  readonly checkpoints: MemoryCheckpoints;
  readonly lines: string[];
  readonly deps: ValidatorDependencies;
}

function setup(overrides: Partial<ValidatorConfig> = {}, now?: Date): Setup {
  const store = new MemoryStore();
  const chain = writeChain(store, { firstStart: FIRST_START, digests: 6, keys: [KEY], organizationId: ORG, keyPrefix: 'cloudtrail' });
  const checkpoints = new MemoryCheckpoints();
  const lines: string[] = [];
  const deps: ValidatorDependencies = {
    config: {
      bucket: chain.bucket,
      accountsRoot: `cloudtrail/AWSLogs/${ORG}/`,
      sourceRegions: [],
      lookbackMs: 7 * 24 * HOUR_MS,
      ...overrides,
    },
    store,
    folders: new MemoryFolders(store),
    publicKeys: new FakePublicKeys({ 'us-east-1': [KEY.published] }),
    checkpoints,
    log: (line) => lines.push(line),
    now: () => now ?? new Date(chain.lastEnd.getTime() + 30 * 60_000),
  };
  return { store, chain, checkpoints, lines, deps };
}

const plenty = { getRemainingTimeInMillis: () => 600_000 };

function objectCreated(bucket: string, key: string, messageId = key): { messageId: string; body: string } {
  return {
    messageId,
    body: JSON.stringify({ 'source': 'aws.s3', 'detail-type': 'Object Created', 'detail': { bucket: { name: bucket }, object: { key } } }),
  };
}

const SWEEP = { messageId: 'sweep', body: JSON.stringify({ 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'detail': {} }) };

/** The Embedded Metric Format documents logged, by their single metric directive. */
function emf(lines: string[]): Array<Record<string, any>> {
  return lines.map((line) => JSON.parse(line)).filter((doc) => doc._aws !== undefined);
}

describe('validator handler', () => {
  test('a digest arrival validates its partition, saves the checkpoint and reports zero findings', async () => {
    const { chain, checkpoints, lines, deps } = setup();
    const handler = createValidatorHandler(deps);
    const response = await handler({ Records: [objectCreated(chain.bucket, chain.digests[5].key)] }, plenty);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(checkpoints.saved.get(chain.partition.id)?.checkpoint.lastKey).toBe(chain.digests[5].key);
    const [totals] = emf(lines);
    expect(totals).toMatchObject({ IntegrityFindings: 0, DigestsValidated: 6, LogFilesValidated: 12 });
    expect(totals._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRIC_NAMESPACE, Dimensions: [[]] });
  });

  test('the EMF document follows the specification: the metrics it declares are root members with numbers', async () => {
    const { chain, lines, deps } = setup();
    await createValidatorHandler(deps)({ Records: [objectCreated(chain.bucket, chain.digests[5].key)] }, plenty);
    for (const doc of emf(lines)) {
      expect(typeof doc._aws.Timestamp).toBe('number');
      for (const directive of doc._aws.CloudWatchMetrics) {
        for (const metric of directive.Metrics) expect(typeof doc[metric.Name]).toBe('number');
        for (const dimensionSet of directive.Dimensions) for (const dimension of dimensionSet) expect(typeof doc[dimension]).toBe('string');
      }
    }
  });

  test('out of time: the record fails (SQS redelivers it), and the next run resumes from the checkpoint', async () => {
    const { chain, checkpoints, lines, deps } = setup({ digestsPerStep: 2 });
    let budget = 2;
    const shortContext = { getRemainingTimeInMillis: () => (budget-- > 0 ? 600_000 : 1_000) };
    const first = await createValidatorHandler(deps)({ Records: [objectCreated(chain.bucket, chain.digests[5].key, 'm1')] }, shortContext);
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(checkpoints.saved.get(chain.partition.id)?.checkpoint.lastKey).toBe(chain.digests[3].key);

    const second = await createValidatorHandler(deps)({ Records: [objectCreated(chain.bucket, chain.digests[5].key, 'm1')] }, plenty);
    expect(second).toEqual({ batchItemFailures: [] });
    expect(checkpoints.saved.get(chain.partition.id)?.checkpoint.lastKey).toBe(chain.digests[5].key);
    const totals = emf(lines).filter((doc) => doc.DigestsValidated !== undefined);
    expect(totals.map((doc) => [doc.DigestsValidated, doc.IntegrityFindings])).toEqual([[4, 0], [2, 0]]);
  });

  test('duplicate deliveries (in one batch and in a later one) validate nothing twice and find nothing', async () => {
    const { chain, checkpoints, lines, deps } = setup();
    const handler = createValidatorHandler(deps);
    const message = objectCreated(chain.bucket, chain.digests[5].key, 'a');
    await handler({ Records: [message, { ...message, messageId: 'b' }] }, plenty);
    const writesAfterFirst = checkpoints.writes;
    const again = await handler({ Records: [{ ...message, messageId: 'c' }] }, plenty);

    expect(again).toEqual({ batchItemFailures: [] });
    expect(checkpoints.writes).toBe(writesAfterFirst);
    expect(emf(lines).filter((doc) => doc.DigestsValidated !== undefined).map((doc) => doc.DigestsValidated)).toEqual([6, 0]);
    expect(emf(lines).every((doc) => doc.IntegrityFindings === undefined || doc.IntegrityFindings === 0)).toBe(true);
  });

  test('metrics per finding type: a deleted log file is LOG_MISSING, counted in IntegrityFindings and logged', async () => {
    const { store, chain, lines, deps } = setup();
    store.delete(chain.bucket, chain.digests[2].logKeys[0]);
    await createValidatorHandler(deps)({ Records: [objectCreated(chain.bucket, chain.digests[5].key)] }, plenty);

    const docs = emf(lines);
    expect(docs.find((doc) => doc.IntegrityFindings !== undefined)?.IntegrityFindings).toBe(1);
    const perType = docs.filter((doc) => doc.FindingType !== undefined);
    expect(perType.map((doc) => [doc.FindingType, doc.Findings])).toEqual([[FindingType.LOG_MISSING, 1]]);
    expect(perType[0]._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRIC_NAMESPACE, Dimensions: [['FindingType']], Metrics: [{ Name: 'Findings', Unit: 'Count' }] });
    const logged = lines.map((line) => JSON.parse(line)).filter((doc) => doc.finding);
    expect(logged.map((doc) => [doc.level, doc.finding.type, doc.finding.objects[0]])).toEqual([['CRITICAL', 'LOG_MISSING', chain.digests[2].logKeys[0]]]);
  });

  test('the hourly sweep finds the partitions itself and reports the newest digests overdue', async () => {
    const { chain, lines, deps } = setup({}, new Date(FIRST_START.getTime() + 12 * HOUR_MS));
    const response = await createValidatorHandler(deps)({ Records: [SWEEP] }, plenty);
    expect(response).toEqual({ batchItemFailures: [] });
    const types = lines.map((line) => JSON.parse(line)).filter((doc) => doc.finding).map((doc) => doc.finding.type);
    expect(types).toEqual([FindingType.DIGEST_OVERDUE]);
    expect(emf(lines).find((doc) => doc.DigestsValidated !== undefined)).toMatchObject({ DigestsValidated: 6, IntegrityFindings: 1 });
    void chain;
  });

  test('a sweep invoked directly (not through SQS) returns its summary', async () => {
    const { deps } = setup();
    const summary = await createValidatorHandler(deps)({ 'detail-type': 'Scheduled Event' }, plenty);
    expect(summary).toMatchObject({ partitions: 1, digestsValidated: 6, findings: [], unfinished: [] });
  });

  test('the sweep keeps checking partitions that went silent beyond the lookback (they have a checkpoint)', async () => {
    const { chain, lines, deps } = setup();
    await createValidatorHandler(deps)({ Records: [SWEEP] }, plenty);
    const later = { ...deps, now: () => new Date(chain.lastEnd.getTime() + 30 * 24 * HOUR_MS) };
    await createValidatorHandler(later)({ Records: [SWEEP] }, plenty);
    const types = lines.map((line) => JSON.parse(line)).filter((doc) => doc.finding).map((doc) => doc.finding.type);
    expect(types).toEqual([FindingType.DIGEST_OVERDUE]);
  });

  test('a concurrent run that moved the checkpoint first makes this record fail, to be retried from its checkpoint', async () => {
    const { chain, checkpoints, deps } = setup();
    checkpoints.conflictNextSave = true;
    const response = await createValidatorHandler(deps)({ Records: [objectCreated(chain.bucket, chain.digests[5].key, 'm')] }, plenty);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm' }] });
    expect(checkpoints.saved.size).toBe(0);
  });

  test('a chain restart is explained by the trail\'s StopLogging/StartLogging (one lookup per invocation), unexplained without them', async () => {
    const { store, deps, lines } = setup();
    const restarted = writeChain(store, {
      firstStart: FIRST_START, digests: 6, keys: [KEY], organizationId: ORG, keyPrefix: 'cloudtrail', accountId: '444455556666', stops: [{ afterIndex: 2, hours: 1 }],
    });
    const stop = new Date(FIRST_START.getTime() + 3 * HOUR_MS - 5 * 60_000);
    const start = new Date(FIRST_START.getTime() + 4 * HOUR_MS);
    const events = new MemoryTrailEvents({ 'us-east-1': [trailEvent('StopLogging', stop, 'org-trail'), trailEvent('StartLogging', start, 'org-trail')] });
    const now = () => new Date(restarted.lastEnd.getTime() + 30 * 60_000);
    const sweep = async (trailEvents?: MemoryTrailEvents) => {
      lines.length = 0;
      const handler = createValidatorHandler({ ...deps, checkpoints: new MemoryCheckpoints(), now, ...(trailEvents ? { trailEvents } : {}) });
      await handler({ Records: [SWEEP] }, plenty);
      return lines.map((line) => JSON.parse(line)).filter((doc) => doc.finding).map((doc) => [doc.finding.type, doc.finding.objects[0]]);
    };

    expect(await sweep(events)).toEqual([[FindingType.CHAIN_RESTART, restarted.digests[3].key]]);
    expect(events.lookups.map((l) => [l.region, l.eventName])).toEqual(RESTART_EVENT_NAMES.map((name) => ['us-east-1', name]));
    expect(await sweep(events)).toEqual([[FindingType.CHAIN_RESTART, restarted.digests[3].key]]);
    expect(events.lookups).toHaveLength(2 * RESTART_EVENT_NAMES.length);
    expect(await sweep(new MemoryTrailEvents({}))).toEqual([[FindingType.CHAIN_RESTART_UNEXPLAINED, restarted.digests[3].key]]);
    expect(await sweep()).toEqual([[FindingType.CHAIN_RESTART_UNEXPLAINED, restarted.digests[3].key]]);
  });

  test.each([
    ['a log file', (chain: WrittenChain) => objectCreated(chain.bucket, chain.digests[0].logKeys[0])],
    ['another bucket', (chain: WrittenChain) => objectCreated('other-bucket', chain.digests[0].key)],
    ['another trail', (chain: WrittenChain) => objectCreated(chain.bucket, chain.digests[0].key.replace('_org-trail_', '_other-trail_'))],
    ['not JSON', () => ({ messageId: 'x', body: 'not json' })],
  ])('ignores %s without failing the record', async (_name, message) => {
    const { chain, checkpoints, deps } = setup({ trailName: 'org-trail' });
    const response = await createValidatorHandler(deps)({ Records: [message(chain)] }, plenty);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(checkpoints.saved.size).toBe(0);
  });

  test('sourceRegions and homeRegion restrict what is validated', async () => {
    for (const config of [{ sourceRegions: ['eu-west-1'] }, { homeRegion: 'eu-west-1' }]) {
      const { chain, checkpoints, deps } = setup(config);
      await createValidatorHandler(deps)({ Records: [objectCreated(chain.bucket, chain.digests[5].key), SWEEP] }, plenty);
      expect(checkpoints.saved.size).toBe(0);
    }
  });
});

describe('configFromEnvironment', () => {
  test('reads what ContinuousValidation sets', () => {
    expect(configFromEnvironment({
      ARCHIVE_BUCKET: 'archive', ACCOUNTS_ROOT: `AWSLogs/${ORG}/`, SOURCE_REGIONS: 'us-east-1, eu-west-1', TRAIL_NAME: 't', HOME_REGION: 'us-east-1', LOOKBACK_HOURS: '168',
    })).toEqual({
      bucket: 'archive', accountsRoot: `AWSLogs/${ORG}/`, sourceRegions: ['us-east-1', 'eu-west-1'], trailName: 't', homeRegion: 'us-east-1', lookbackMs: 168 * HOUR_MS,
    });
  });

  test('empty optional settings mean all', () => {
    expect(configFromEnvironment({ ARCHIVE_BUCKET: 'a', ACCOUNTS_ROOT: 'AWSLogs/', SOURCE_REGIONS: '', TRAIL_NAME: '', LOOKBACK_HOURS: '3' }))
      .toEqual({ bucket: 'a', accountsRoot: 'AWSLogs/', sourceRegions: [], lookbackMs: 3 * HOUR_MS });
  });

  test('a missing required variable is named', () => {
    expect(() => configFromEnvironment({ ACCOUNTS_ROOT: 'x', LOOKBACK_HOURS: '1' })).toThrow(/ARCHIVE_BUCKET/);
  });
});
