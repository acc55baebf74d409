import * as zlib from 'zlib';
import { ChainSpec, digestTimestamp, keyTimestamp, WrittenChain, writeChain } from './fixtures/corpus';
import { FakePublicKeys } from './fixtures/fake-public-keys';
import { MemoryStore } from './fixtures/memory-store';
import { MemoryTrailEvents, trailEvent } from './fixtures/memory-trail-events';
import { generateSigningKey } from './fixtures/signing-keys';
import { DigestChain } from '../../src/integrity/digest-key';
import { Finding } from '../../src/integrity/finding';
import { FindingType, Severity } from '../../src/integrity/finding-type';
import { validatePartition } from '../../src/integrity/partition-validator';
import { LoggingHistory, ObjectState } from '../../src/integrity/ports';
import { PublicKeyLookup } from '../../src/integrity/public-key-lookup';
import { TrailEventHistory } from '../../src/integrity/trail-event-history';

const HOUR_MS = 3_600_000;
const FIRST_START = new Date('2026-11-24T00:01:31Z');
const KEY_A = generateSigningKey(new Date(FIRST_START.getTime() - 10 * 24 * HOUR_MS));
/** Becomes valid mid-chain while KEY_A is still valid: a rotation inside the validation window. */
const KEY_B = generateSigningKey(new Date(FIRST_START.getTime() + 4 * HOUR_MS));
/** Never published. */
const KEY_X = generateSigningKey(new Date(FIRST_START.getTime() - 10 * 24 * HOUR_MS));
/** Published as SubjectPublicKeyInfo instead of PKCS#1, as one key in the user guide's sample is. */
const KEY_SPKI = generateSigningKey(new Date(FIRST_START.getTime() - 10 * 24 * HOUR_MS), { spki: true });
const PUBLISHED = [KEY_A, KEY_B, KEY_SPKI].map((k) => k.published);

/**
 * The trail's management events for the restart cases: logging stopped 10 minutes before the last digest of the old
 * chain ended (after digest 3, at +4h) and started again as the new chain's first digest began (+9h).
 */
const RESTARTS_KNOWN: LoggingHistory = new TrailEventHistory(new MemoryTrailEvents({
  'us-east-1': [
    trailEvent('StopLogging', new Date(FIRST_START.getTime() + 4 * HOUR_MS - 10 * 60_000), 'org-trail'),
    trailEvent('StartLogging', new Date(FIRST_START.getTime() + 9 * HOUR_MS), 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail'),
  ],
}), new Date(FIRST_START.getTime() + 24 * HOUR_MS));

interface Expected {
  readonly type: FindingType;
  readonly severity: Severity;
  readonly objects: string[];
  readonly missingDigests?: number;
}

interface MatrixCase {
  readonly name: string;
  readonly spec?: Partial<ChainSpec>;
  readonly tamper?: (store: MemoryStore, chain: WrittenChain) => void;
  readonly loggingHistory?: LoggingHistory;
  readonly expected: (chain: WrittenChain) => Expected[];
}

const d = (chain: WrittenChain, i: number): string => chain.digests[i].key;
const log = (chain: WrittenChain, i: number, n = 0): string => chain.digests[i].logKeys[n];
const bodyOf = (store: MemoryStore, chain: WrittenChain, key: string): Buffer => store.get(chain.bucket, key).body;
const replaceBody = (store: MemoryStore, chain: WrittenChain, key: string, body: Buffer): void => {
  store.get(chain.bucket, key).body = body;
};

const CASES: MatrixCase[] = [
  { name: 'intact chain', expected: () => [] },

  // Log files
  {
    name: 'log file changed (replaced by another valid gzip file)',
    tamper: (s, c) => replaceBody(s, c, log(c, 2), zlib.gzipSync('{"Records":[]}')),
    expected: (c) => [{ type: FindingType.LOG_HASH_MISMATCH, severity: Severity.CRITICAL, objects: [log(c, 2), d(c, 2)] }],
  },
  {
    name: 'log file deleted',
    tamper: (s, c) => s.delete(c.bucket, log(c, 2)),
    expected: (c) => [{ type: FindingType.LOG_MISSING, severity: Severity.CRITICAL, objects: [log(c, 2), d(c, 2)] }],
  },
  {
    name: 'log file truncated',
    tamper: (s, c) => replaceBody(s, c, log(c, 2), bodyOf(s, c, log(c, 2)).subarray(0, -5)),
    expected: (c) => [{ type: FindingType.LOG_INVALID_FORMAT, severity: Severity.CRITICAL, objects: [log(c, 2), d(c, 2)] }],
  },
  {
    name: 'log file padded with zero bytes (Node gunzip ignores them)',
    tamper: (s, c) => replaceBody(s, c, log(c, 2), Buffer.concat([bodyOf(s, c, log(c, 2)), Buffer.alloc(8)])),
    expected: (c) => [{ type: FindingType.LOG_TRAILING_DATA, severity: Severity.CRITICAL, objects: [log(c, 2), d(c, 2)] }],
  },
  {
    name: 'log file with a second gzip member appended (Node gunzip concatenates it)',
    tamper: (s, c) => replaceBody(s, c, log(c, 2), Buffer.concat([bodyOf(s, c, log(c, 2)), zlib.gzipSync('{"Records":[]}')])),
    expected: (c) => [{ type: FindingType.LOG_TRAILING_DATA, severity: Severity.CRITICAL, objects: [log(c, 2), d(c, 2)] }],
  },
  {
    name: 'log file moved to cold storage',
    tamper: (s, c) => s.setState(c.bucket, log(c, 2), ObjectState.ARCHIVED),
    expected: (c) => [{ type: FindingType.LOG_ARCHIVED, severity: Severity.ERROR, objects: [log(c, 2), d(c, 2)] }],
  },
  {
    name: 'log file not readable by the validator',
    tamper: (s, c) => s.setState(c.bucket, log(c, 2), ObjectState.ACCESS_DENIED),
    expected: (c) => [{ type: FindingType.LOG_ACCESS_DENIED, severity: Severity.ERROR, objects: [log(c, 2), d(c, 2)] }],
  },

  // Deleted digests
  {
    name: 'one digest deleted',
    tamper: (s, c) => s.delete(c.bucket, d(c, 3)),
    expected: (c) => [{ type: FindingType.CHAIN_GAP, severity: Severity.CRITICAL, objects: [d(c, 4), d(c, 3), d(c, 2)], missingDigests: 1 }],
  },
  {
    name: 'two consecutive digests deleted (the AWS CLI reports one)',
    tamper: (s, c) => { s.delete(c.bucket, d(c, 3)); s.delete(c.bucket, d(c, 4)); },
    expected: (c) => [{ type: FindingType.CHAIN_GAP, severity: Severity.CRITICAL, objects: [d(c, 5), d(c, 4), d(c, 2)], missingDigests: 2 }],
  },
  {
    name: 'newest digests deleted (tail truncation)',
    tamper: (s, c) => [5, 6, 7].forEach((i) => s.delete(c.bucket, d(c, i))),
    expected: (c) => [{ type: FindingType.DIGEST_OVERDUE, severity: Severity.HIGH, objects: [d(c, 4)], missingDigests: 3 }],
  },
  {
    name: 'digest deleted between listing and reading',
    tamper: (s, c) => s.setState(c.bucket, d(c, 3), ObjectState.NOT_FOUND),
    expected: (c) => [{ type: FindingType.DIGEST_MISSING, severity: Severity.CRITICAL, objects: [d(c, 3)] }],
  },
  {
    name: 'digest moved to cold storage',
    tamper: (s, c) => s.setState(c.bucket, d(c, 3), ObjectState.ARCHIVED),
    expected: (c) => [{ type: FindingType.DIGEST_ARCHIVED, severity: Severity.ERROR, objects: [d(c, 3)] }],
  },

  // Forged or misplaced digests
  {
    name: 'digest body edited (metadata kept)',
    tamper: (s, c) => {
      const edited = Buffer.from(c.digests[2].raw.toString().replace(c.digests[2].logKeys[0], 'AWSLogs/elsewhere.json.gz'));
      replaceBody(s, c, d(c, 2), zlib.gzipSync(edited));
    },
    // The next digest's previousDigestHashValue still holds the original bytes' hash: the chain confirms the edit.
    expected: (c) => [
      { type: FindingType.DIGEST_SIGNATURE_INVALID, severity: Severity.CRITICAL, objects: [d(c, 2)] },
      { type: FindingType.CHAIN_MISMATCH, severity: Severity.CRITICAL, objects: [d(c, 3), d(c, 2)] },
    ],
  },
  {
    name: 'forged signature metadata',
    tamper: (s, c) => {
      const metadata = s.get(c.bucket, d(c, 2)).metadata;
      metadata.signature = (metadata.signature[0] === 'a' ? 'b' : 'a') + metadata.signature.slice(1);
    },
    expected: (c) => [
      { type: FindingType.DIGEST_SIGNATURE_INVALID, severity: Severity.CRITICAL, objects: [d(c, 2)] },
      { type: FindingType.CHAIN_MISMATCH, severity: Severity.CRITICAL, objects: [d(c, 3), d(c, 2)] },
    ],
  },
  {
    name: 'digest copied without its metadata',
    tamper: (s, c) => { s.get(c.bucket, d(c, 2)).metadata = {}; },
    expected: (c) => [{ type: FindingType.DIGEST_SIGNATURE_INVALID, severity: Severity.CRITICAL, objects: [d(c, 2)] }],
  },
  {
    name: 'digest signed with the wrong key (claims a published fingerprint)',
    spec: { signerFor: (i) => (i === 2 ? { key: KEY_X, claimedFingerprint: KEY_A.published.fingerprint } : undefined) },
    expected: (c) => [{ type: FindingType.DIGEST_SIGNATURE_INVALID, severity: Severity.CRITICAL, objects: [d(c, 2)] }],
  },
  {
    name: 'digest signed with an unpublished key',
    spec: { signerFor: (i) => (i === 2 ? { key: KEY_X } : undefined) },
    expected: (c) => [{ type: FindingType.PUBLIC_KEY_NOT_FOUND, severity: Severity.ERROR, objects: [d(c, 2)] }],
  },
  {
    name: 'digest moved to another key',
    tamper: (s, c) => s.move(c.bucket, d(c, 2), movedKey(c)),
    // The signature still verifies for the original location, so the chain continues there: no gap on top.
    expected: (c) => [{ type: FindingType.DIGEST_MOVED, severity: Severity.CRITICAL, objects: [movedKey(c), d(c, 2)] }],
  },
  {
    name: 'broken hash link (validly signed digest with a wrong previousDigestHashValue)',
    spec: { editDocument: (i, doc) => { if (i === 3) doc.previousDigestHashValue = '0'.repeat(64); } },
    expected: (c) => [{ type: FindingType.CHAIN_MISMATCH, severity: Severity.CRITICAL, objects: [d(c, 3), d(c, 2)] }],
  },
  {
    name: 'digest swapped for another validly signed digest of the same hour (the AWS CLI passes it)',
    tamper: (s, c) => {
      const other = new MemoryStore();
      writeChain(other, { firstStart: FIRST_START, digests: 8, keys: [KEY_A], logsPerDigest: 1 });
      const swapped = other.get(c.bucket, d(c, 3));
      s.put(c.bucket, d(c, 3), swapped.body, swapped.metadata);
    },
    expected: (c) => [
      { type: FindingType.CHAIN_MISMATCH, severity: Severity.CRITICAL, objects: [d(c, 3), d(c, 2)] },
      { type: FindingType.CHAIN_MISMATCH, severity: Severity.CRITICAL, objects: [d(c, 4), d(c, 3)] },
    ],
  },
  {
    name: 'digest with data appended after its gzip stream',
    tamper: (s, c) => replaceBody(s, c, d(c, 2), Buffer.concat([bodyOf(s, c, d(c, 2)), Buffer.from('GARBAGE')])),
    expected: (c) => [{ type: FindingType.DIGEST_INVALID_FORMAT, severity: Severity.CRITICAL, objects: [d(c, 2)] }],
  },

  // Chain life cycle
  {
    name: 'logging stopped and restarted (known to the logging history)',
    spec: { stops: [{ afterIndex: 3, hours: 5 }] },
    loggingHistory: RESTARTS_KNOWN,
    expected: (c) => [{ type: FindingType.CHAIN_RESTART, severity: Severity.HIGH, objects: [d(c, 4), d(c, 3)] }],
  },
  {
    name: 'chain restart that nothing explains',
    spec: { stops: [{ afterIndex: 3, hours: 5 }] },
    expected: (c) => [{ type: FindingType.CHAIN_RESTART_UNEXPLAINED, severity: Severity.CRITICAL, objects: [d(c, 4), d(c, 3)] }],
  },
  {
    name: 'one-hour window gap while the links are intact',
    spec: { editDocument: (i, doc) => { if (i === 4) doc.digestStartTime = doc.digestEndTime; } },
    expected: (c) => [{ type: FindingType.TIME_DISCONTINUITY, severity: Severity.WARNING, objects: [d(c, 4), d(c, 3)], missingDigests: 1 }],
  },
  { name: 'key rotation across the window', spec: { keys: [KEY_A, KEY_B] }, expected: () => [] },
  { name: 'public key published as SubjectPublicKeyInfo', spec: { keys: [KEY_SPKI] }, expected: () => [] },

  // Backfill chain
  { name: 'backfill chain intact', spec: { chain: DigestChain.BACKFILL }, expected: () => [] },
  {
    name: 'backfill digest without backfill-generation-timestamp',
    spec: { chain: DigestChain.BACKFILL },
    tamper: (s, c) => { delete s.get(c.bucket, d(c, 2)).metadata['backfill-generation-timestamp']; },
    expected: (c) => [{ type: FindingType.DIGEST_INVALID_FORMAT, severity: Severity.CRITICAL, objects: [d(c, 2)] }],
  },
  {
    name: 'log file of a backfill digest changed',
    spec: { chain: DigestChain.BACKFILL },
    tamper: (s, c) => replaceBody(s, c, log(c, 1), zlib.gzipSync('{"Records":[]}')),
    expected: (c) => [{ type: FindingType.LOG_HASH_MISMATCH, severity: Severity.CRITICAL, objects: [log(c, 1), d(c, 1)] }],
  },
  {
    name: 'backfill digest deleted',
    spec: { chain: DigestChain.BACKFILL },
    tamper: (s, c) => s.delete(c.bucket, d(c, 3)),
    expected: (c) => [{ type: FindingType.CHAIN_GAP, severity: Severity.CRITICAL, objects: [d(c, 4), d(c, 3), d(c, 2)], missingDigests: 1 }],
  },
];

function movedKey(chain: WrittenChain): string {
  const end = new Date(Date.parse(chain.digests[2].document.digestEndTime as string));
  return d(chain, 2).replace(keyTimestamp(end), keyTimestamp(new Date(end.getTime() + 30 * 60_000)));
}

function shape(findings: Finding[]): Expected[] {
  return findings.map((f) => ({
    type: f.type, severity: f.severity, objects: f.objects, ...(f.missingDigests === undefined ? {} : { missingDigests: f.missingDigests }),
  }));
}

describe('tampering matrix: one partition, 8 hourly digests with 2 log files each', () => {
  test.each(CASES)('$name', async ({ spec, tamper, loggingHistory, expected }) => {
    const store = new MemoryStore();
    const chain = writeChain(store, { firstStart: FIRST_START, digests: 8, keys: [KEY_A], ...spec });
    tamper?.(store, chain);

    const result = await validatePartition({
      bucket: chain.bucket,
      partition: chain.partition,
      store,
      publicKeys: new PublicKeyLookup(new FakePublicKeys({ 'us-east-1': PUBLISHED })),
      loggingHistory,
      now: new Date(chain.lastEnd.getTime() + 30 * 60_000),
    });

    expect(shape(result.findings)).toEqual(expected(chain));
    for (const f of result.findings) expect(f.partition).toBe(chain.partition.id);
  });
});

describe('what the matrix relies on', () => {
  test('the rotation case really signs with both keys', () => {
    const chain = writeChain(new MemoryStore(), { firstStart: FIRST_START, digests: 8, keys: [KEY_A, KEY_B] });
    const fingerprints = new Set(chain.digests.map((x) => x.document.digestPublicKeyFingerprint));
    expect(fingerprints).toEqual(new Set([KEY_A.published.fingerprint, KEY_B.published.fingerprint]));
  });

  test('the restart case writes a starting digest (all previous fields null) after the stop', () => {
    const chain = writeChain(new MemoryStore(), { firstStart: FIRST_START, digests: 8, keys: [KEY_A], stops: [{ afterIndex: 3, hours: 5 }] });
    const restart = chain.digests[4].document;
    for (const field of ['previousDigestS3Bucket', 'previousDigestS3Object', 'previousDigestHashValue', 'previousDigestHashAlgorithm', 'previousDigestSignature']) {
      expect(restart[field]).toBeNull();
    }
    expect(restart.digestStartTime).toBe(digestTimestamp(new Date(FIRST_START.getTime() + 9 * HOUR_MS)));
  });

  test('a cold log file is counted apart from the log files checked', async () => {
    const store = new MemoryStore();
    const chain = writeChain(store, { firstStart: FIRST_START, digests: 8, keys: [KEY_A] });
    store.setState(chain.bucket, log(chain, 2), ObjectState.ARCHIVED);
    const result = await validatePartition({
      bucket: chain.bucket,
      partition: chain.partition,
      store,
      publicKeys: new PublicKeyLookup(new FakePublicKeys({ 'us-east-1': PUBLISHED })),
      now: new Date(chain.lastEnd.getTime() + 30 * 60_000),
    });
    expect(result).toMatchObject({ digestsChecked: 8, logFilesChecked: 15, logFilesUnread: 1, complete: true });
  });
});
