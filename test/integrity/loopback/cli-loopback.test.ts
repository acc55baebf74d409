import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { LoopbackAws, LoopbackEvent } from './loopback-aws';
import { runCli } from './run-cli';
import { ValidationReport } from '../../../src/integrity/cli/report';
import { FindingType, Severity } from '../../../src/integrity/finding-type';
import { ObjectState } from '../../../src/integrity/ports';
import { WrittenChain, writeChain } from '../fixtures/corpus';
import { MemoryStore } from '../fixtures/memory-store';
import { generateSigningKey } from '../fixtures/signing-keys';

const HOUR_MS = 3_600_000;
const FIRST_START = new Date('2026-11-24T00:01:31Z');
const KEY = generateSigningKey(new Date(FIRST_START.getTime() - 10 * 24 * HOUR_MS));
const ORG = 'o-exampleorg1';
const BUCKET = 'example-org-trail-bucket';
const PREFIX = 'org-trail';
const ACCOUNTS = ['111122223333', '444455556666'];
const REGIONS = ['eu-west-1', 'us-east-1'];
const DIGESTS = 8;
const LOGS = 2;
/** The window: the whole chain, judged half an hour after the last digest ended (nothing overdue yet). */
const FROM = FIRST_START.toISOString();
const TO = new Date(FIRST_START.getTime() + (DIGESTS + 0.5) * HOUR_MS).toISOString();

interface Archive {
  readonly store: MemoryStore;
  /** By `account/region`. */
  readonly chains: Record<string, WrittenChain>;
}

/** An organization-shaped archive: 2 accounts × 2 Regions, 8 hourly digests with 2 log files each. */
function archive(): Archive {
  const store = new MemoryStore();
  const chains: Record<string, WrittenChain> = {};
  for (const accountId of ACCOUNTS) {
    for (const region of REGIONS) {
      chains[`${accountId}/${region}`] = writeChain(store, {
        bucket: BUCKET,
        keyPrefix: PREFIX,
        organizationId: ORG,
        accountId,
        region,
        firstStart: FIRST_START,
        digests: DIGESTS,
        logsPerDigest: LOGS,
        keys: [KEY],
      });
    }
  }
  // Something that is not a digest folder, which discovery must step over.
  store.put(BUCKET, `${PREFIX}/AWSLogs/${ORG}/${ACCOUNTS[0]}/CloudTrail-Insight/us-east-1/2026/11/24/x.json.gz`, zlib.gzipSync('{}'));
  return { store, chains };
}

const PUBLIC_KEYS = Object.fromEntries(REGIONS.map((region) => [region, [KEY.published]]));

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-loopback-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Serves the archive, runs `validate` with the window and `extra` arguments, returns the run and its JSON report. */
async function validate(store: MemoryStore, extra: string[] = [], pageSize?: number) {
  const server = await LoopbackAws.start({ store, publicKeys: PUBLIC_KEYS, ...(pageSize ? { pageSize } : {}) });
  const jsonFile = path.join(tmp, `report-${Math.random().toString(36).slice(2)}.json`);
  try {
    const run = await runCli(['validate', '--bucket', BUCKET, '--prefix', PREFIX, '--from', FROM, '--to', TO, '--json', jsonFile, ...extra], server.endpoint);
    const report = fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as ValidationReport : undefined;
    return { ...run, report, requests: server.requests };
  } finally {
    await server.close();
  }
}

const shape = (report: ValidationReport | undefined) =>
  report!.findings.map((f) => ({
    type: f.type,
    severity: f.severity,
    objects: f.objects,
    ...(f.missingDigests ? { missingDigests: f.missingDigests } : {}),
  }));

describe('cdk-org-trail validate against S3 and CloudTrail on loopback', () => {
  test('an intact organization archive: every partition, digest and log file checked, exit 0', async () => {
    const { store } = archive();
    const run = await validate(store, [], 5);

    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.report!.totals).toEqual({
      partitions: ACCOUNTS.length * REGIONS.length,
      partitionsFailed: 0,
      digests: ACCOUNTS.length * REGIONS.length * DIGESTS,
      logFiles: ACCOUNTS.length * REGIONS.length * DIGESTS * LOGS,
      logFilesUnread: 0,
      findings: 0,
    });
    expect(run.report!.exitCode).toBe(0);
    expect(run.report!.partitions.map((p) => `${p.accountId}/${p.sourceRegion}/${p.trailName}/${p.chain}`).sort())
      .toEqual(ACCOUNTS.flatMap((a) => REGIONS.map((r) => `${a}/${r}/org-trail/standard`)));
    expect(run.stdout).toMatch(/^CLEAN/m);
    // Not a TTY: one plain line per partition on standard error, no bar.
    expect(run.stderr.match(/^\[\d\/4\] /gm)).toHaveLength(4);
  });

  test('discovery walks folders with a delimiter and lists digest keys only in Region folders, paging with tokens', async () => {
    const { store } = archive();
    const run = await validate(store, [], 5);
    const lists = run.requests.filter((r) => r.operation === 'ListObjectsV2');
    const flat = lists.filter((r) => !r.delimiter);
    expect(flat.length).toBeGreaterThan(0);
    for (const r of flat) expect(r.prefix).toMatch(new RegExp(`^${PREFIX}/AWSLogs/${ORG}/\\d{12}/CloudTrail-Digest/[a-z0-9-]+/$`));
    expect(lists.filter((r) => r.delimiter === '/').map((r) => r.prefix)).toEqual(expect.arrayContaining([
      `${PREFIX}/AWSLogs/`, `${PREFIX}/AWSLogs/${ORG}/`, `${PREFIX}/AWSLogs/${ORG}/${ACCOUNTS[0]}/CloudTrail-Digest/`,
    ]));
    // 8 digests per Region folder with pages of 5: the continuation token was followed.
    expect(flat.length).toBeGreaterThan(ACCOUNTS.length * REGIONS.length);
    // Public keys: one ListPublicKeys per source Region for the whole run, signed for that Region.
    expect(run.requests.filter((r) => r.operation === 'ListPublicKeys').map((r) => r.region).sort()).toEqual(REGIONS);
    expect(run.code).toBe(0);
  });

  test('a changed log file: LOG_HASH_MISMATCH, exit 1', async () => {
    const { store, chains } = archive();
    const chain = chains[`${ACCOUNTS[1]}/us-east-1`];
    store.get(BUCKET, chain.digests[2].logKeys[0]).body = zlib.gzipSync('{"Records":[]}');
    const run = await validate(store);

    expect(run.code).toBe(1);
    expect(shape(run.report)).toEqual([
      { type: FindingType.LOG_HASH_MISMATCH, severity: Severity.CRITICAL, objects: [chain.digests[2].logKeys[0], chain.digests[2].key] },
    ]);
    expect(run.report!.findingsByType).toEqual({ LOG_HASH_MISMATCH: 1 });
    expect(run.stdout).toMatch(/CRITICAL\s+LOG_HASH_MISMATCH\s+1/);
    expect(run.stdout).toMatch(/^INTEGRITY FINDINGS/m);
  });

  test('two consecutive digests deleted: one CHAIN_GAP counting 2 missing digests, exit 1', async () => {
    const { store, chains } = archive();
    const chain = chains[`${ACCOUNTS[0]}/eu-west-1`];
    store.delete(BUCKET, chain.digests[3].key);
    store.delete(BUCKET, chain.digests[4].key);
    const run = await validate(store);

    expect(run.code).toBe(1);
    expect(shape(run.report)).toEqual([{
      type: FindingType.CHAIN_GAP,
      severity: Severity.CRITICAL,
      objects: [chain.digests[5].key, chain.digests[4].key, chain.digests[2].key],
      missingDigests: 2,
    }]);
  });

  test('the newest digests deleted (tail truncation): DIGEST_OVERDUE, exit 1', async () => {
    const { store, chains } = archive();
    const chain = chains[`${ACCOUNTS[0]}/us-east-1`];
    for (const i of [5, 6, 7]) store.delete(BUCKET, chain.digests[i].key);
    const run = await validate(store);

    expect(run.code).toBe(1);
    expect(shape(run.report)).toEqual([
      { type: FindingType.DIGEST_OVERDUE, severity: Severity.HIGH, objects: [chain.digests[4].key], missingDigests: 3 },
    ]);
  });

  test('a forged signature: DIGEST_SIGNATURE_INVALID and the next link mismatches, exit 1', async () => {
    const { store, chains } = archive();
    const chain = chains[`${ACCOUNTS[1]}/eu-west-1`];
    const metadata = store.get(BUCKET, chain.digests[2].key).metadata;
    metadata.signature = (metadata.signature[0] === 'a' ? 'b' : 'a') + metadata.signature.slice(1);
    const run = await validate(store);

    expect(run.code).toBe(1);
    expect(shape(run.report)).toEqual([
      { type: FindingType.DIGEST_SIGNATURE_INVALID, severity: Severity.CRITICAL, objects: [chain.digests[2].key] },
      { type: FindingType.CHAIN_MISMATCH, severity: Severity.CRITICAL, objects: [chain.digests[3].key, chain.digests[2].key] },
    ]);
  });

  test('an unreadable and an archived log file only: LOG_ACCESS_DENIED and LOG_ARCHIVED (ERROR), exit 2', async () => {
    const { store, chains } = archive();
    const chain = chains[`${ACCOUNTS[0]}/us-east-1`];
    store.setState(BUCKET, chain.digests[1].logKeys[0], ObjectState.ACCESS_DENIED);
    store.setState(BUCKET, chain.digests[6].logKeys[1], ObjectState.ARCHIVED);
    const run = await validate(store);

    expect(run.code).toBe(2);
    expect(run.report!.findingsBySeverity).toEqual({ ERROR: 2 });
    expect(run.report!.findingsByType).toEqual({ LOG_ACCESS_DENIED: 1, LOG_ARCHIVED: 1 });
    expect(run.report!.totals.logFilesUnread).toBe(2);
    expect(run.stdout).toMatch(/^INCOMPLETE/m);
  });

  test('a chain restart is CRITICAL by default and HIGH with --restarts-explained; both exit 1', async () => {
    const store = new MemoryStore();
    const chain = writeChain(store, {
      bucket: BUCKET,
      keyPrefix: PREFIX,
      organizationId: ORG,
      accountId: ACCOUNTS[0],
      region: 'us-east-1',
      firstStart: FIRST_START,
      digests: DIGESTS,
      keys: [KEY],
      stops: [{ afterIndex: 3, hours: 0 }],
    });
    const unexplained = await validate(store);
    const explained = await validate(store, ['--restarts-explained']);

    const restart = [chain.digests[4].key, chain.digests[3].key];
    expect(shape(unexplained.report)).toEqual([{ type: FindingType.CHAIN_RESTART_UNEXPLAINED, severity: Severity.CRITICAL, objects: restart }]);
    expect(shape(explained.report)).toEqual([{ type: FindingType.CHAIN_RESTART, severity: Severity.HIGH, objects: restart }]);
    expect([unexplained.code, explained.code]).toEqual([1, 1]);
  });

  test('--accounts, --regions and --no-log-files narrow what is read', async () => {
    const { store, chains } = archive();
    // Tampering outside the selection is not seen.
    store.get(BUCKET, chains[`${ACCOUNTS[1]}/us-east-1`].digests[2].logKeys[0]).body = zlib.gzipSync('{}');
    const run = await validate(store, ['--accounts', ACCOUNTS[0], '--regions', 'us-east-1', '--no-log-files', '--organization', ORG]);

    expect(run.code).toBe(0);
    expect(run.report!.totals).toMatchObject({ partitions: 1, digests: DIGESTS, logFiles: 0 });
    const read = run.requests.filter((r) => r.operation === 'GetObject').map((r) => r.key!);
    expect(read).toHaveLength(DIGESTS);
    expect(read.every((key) => key.includes(`/${ACCOUNTS[0]}/CloudTrail-Digest/us-east-1/`))).toBe(true);
  });

  test('--json - writes the report to standard output and the text report to standard error', async () => {
    const { store } = archive();
    const server = await LoopbackAws.start({ store, publicKeys: PUBLIC_KEYS });
    try {
      const run = await runCli(['validate', '-b', BUCKET, '-p', PREFIX, '--from', FROM, '--to', TO, '--json', '-', '--quiet'], server.endpoint);
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as ValidationReport).totals.digests).toBe(32);
      expect(run.stderr).toMatch(/^CLEAN/m);
    } finally {
      await server.close();
    }
  });

  test('an empty window validates nothing: exit 2', async () => {
    const run = await validate(archive().store, ['--regions', 'ap-south-1']);
    expect(run.code).toBe(2);
    expect(run.report!.totals.partitions).toBe(0);
  });

  test('a usage error exits 3 before any request', async () => {
    const server = await LoopbackAws.start({ store: new MemoryStore(), publicKeys: {} });
    try {
      const run = await runCli(['validate', '--bucket', BUCKET, '--organization', 'O-123'], server.endpoint);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/'--organization' must look like 'o-'/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe('cdk-org-trail validate --explain-restarts-from-cloudtrail against LookupEvents on loopback', () => {
  // LookupEvents reaches 90 days back from the real clock, so this archive is recent: 8 hours, logging stopped for
  // two hours after the fourth digest, in every account and Region at once (an organization trail's StopLogging).
  const start = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 12 * HOUR_MS + 91_000);
  const lastEnd = new Date(start.getTime() + (DIGESTS + 2) * HOUR_MS);
  const window = ['--from', start.toISOString(), '--to', new Date(lastEnd.getTime() + 30 * 60_000).toISOString()];
  const stopped = new Date(start.getTime() + 4 * HOUR_MS - 10 * 60_000);
  const restarted = new Date(start.getTime() + 6 * HOUR_MS);

  function restartedArchive(): { store: MemoryStore; chains: WrittenChain[] } {
    const store = new MemoryStore();
    const chains = ACCOUNTS.flatMap((accountId) => REGIONS.map((region) => writeChain(store, {
      bucket: BUCKET,
      keyPrefix: PREFIX,
      organizationId: ORG,
      accountId,
      region,
      firstStart: start,
      digests: DIGESTS,
      logsPerDigest: 1,
      keys: [KEY],
      stops: [{ afterIndex: 3, hours: 2 }],
    })));
    return { store, chains };
  }

  /** A management event of the trail as LookupEvents returns it (the user guide's record shape). */
  function event(eventName: string, eventTime: Date, name: string, extra: Record<string, unknown> = {}): LoopbackEvent {
    return {
      eventId: `${eventName}-${eventTime.getTime()}`,
      eventName,
      eventTime,
      record: {
        eventVersion: '1.09',
        eventTime: eventTime.toISOString().replace(/\.\d{3}/, ''),
        eventSource: 'cloudtrail.amazonaws.com',
        eventName,
        awsRegion: 'us-east-1',
        requestParameters: { name },
        responseElements: null,
        readOnly: false,
        eventType: 'AwsApiCall',
        ...extra,
      },
      resources: [{ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: `arn:aws:cloudtrail:us-east-1:${ACCOUNTS[0]}:trail/org-trail` }],
    };
  }

  async function run(events: Record<string, LoopbackEvent[]>, extra: string[] = [], deny: string[] = []) {
    const { store, chains } = restartedArchive();
    const server = await LoopbackAws.start({ store, publicKeys: PUBLIC_KEYS, events, deny });
    const jsonFile = path.join(tmp, `report-${Math.random().toString(36).slice(2)}.json`);
    try {
      const cli = await runCli(['validate', '-b', BUCKET, '-p', PREFIX, ...window, '--json', jsonFile, '--explain-restarts-from-cloudtrail', ...extra], server.endpoint);
      return { ...cli, chains, report: JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as ValidationReport, requests: server.requests };
    } finally {
      await server.close();
    }
  }

  test('StopLogging and StartLogging of the trail in its home Region: every partition\'s restart is CHAIN_RESTART (HIGH), from one paced lookup', async () => {
    const result = await run({
      // Another Region's events and another trail's do not count; only the home Region is asked.
      'us-east-1': [event('StopLogging', stopped, 'org-trail'), event('StartLogging', restarted, `arn:aws:cloudtrail:us-east-1:${ACCOUNTS[0]}:trail/org-trail`),
        event('StopLogging', stopped, 'other-trail')],
      'eu-west-1': [event('StopLogging', stopped, 'org-trail')],
    });

    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(1);
    expect(result.report.findingsByType).toEqual({ CHAIN_RESTART: 4 });
    expect(result.report.findings.map((f) => f.message)).toEqual(Array(4).fill(expect.stringMatching(
      /: trail 'org-trail' was switched off \(StopLogging at .*\) and on again \(StartLogging at .*\) according to the management events of us-east-1$/)));
    const lookups = result.requests.filter((r) => r.operation === 'LookupEvents');
    // Four partitions asked at once; one fetch (one request per event name) answered them all, within the rate.
    expect(lookups.map((r) => r.detail).sort()).toEqual(['DeleteTrail', 'StartLogging', 'StopLogging', 'UpdateTrail']);
    expect(lookups.every((r) => r.region === 'us-east-1' && r.status === 200)).toBe(true);
    for (let i = 1; i < lookups.length; i++) expect(lookups[i].at! - lookups[i - 1].at!).toBeGreaterThanOrEqual(500);
  });

  test('no such events (or a failed StopLogging): CHAIN_RESTART_UNEXPLAINED (CRITICAL), and the message says what was looked for', async () => {
    const result = await run({ 'us-east-1': [event('StopLogging', stopped, 'org-trail', { errorCode: 'AccessDenied' }), event('StartLogging', restarted, 'org-trail')] });

    expect(result.code).toBe(1);
    expect(result.report.findingsBySeverity).toEqual({ CRITICAL: 4 });
    expect(result.report.findings[0]).toMatchObject({
      type: FindingType.CHAIN_RESTART_UNEXPLAINED,
      message: expect.stringMatching(/LookupEvents in us-east-1 found a switch-on \(StartLogging at .*\) but no switch-off before it of trail 'org-trail'/),
    });
  });

  test('LookupEvents denied: the partitions fail with the error (exit 2); nothing is reported as explained', async () => {
    const result = await run({}, [], ['LookupEvents']);

    expect(result.code).toBe(2);
    expect(result.report.totals).toMatchObject({ partitions: 4, partitionsFailed: 4, findings: 0 });
    expect(result.report.partitions[0].error).toMatch(/^AccessDeniedException: /);
  });
});
