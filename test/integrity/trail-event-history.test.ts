import { MemoryTrailEvents, trailEvent } from './fixtures/memory-trail-events';
import { parseDigestKey } from '../../src/integrity/digest-key';
import { Partition, partitionOf } from '../../src/integrity/partition';
import { LOOKUP_EVENTS_RETENTION_MS, RESTART_EVENT_NAMES, TrailEventHistory } from '../../src/integrity/trail-event-history';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The old chain's last digest ended here; the new chain starts three hours later. */
const AFTER = new Date('2026-11-24T04:01:31Z');
const BEFORE = new Date('2026-11-24T07:01:31Z');
const NOW = new Date('2026-11-24T12:00:00Z');
const ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail';

function partition(account: string, sourceRegion: string, trail = 'org-trail', home = 'us-east-1'): Partition {
  return partitionOf(parseDigestKey(
    `AWSLogs/o-exampleorg1/${account}/CloudTrail-Digest/${sourceRegion}/2026/11/24/${account}_CloudTrail-Digest_${sourceRegion}_${trail}_${home}_20261124T070131Z.json.gz`)!);
}
const PARTITION = partition('111122223333', 'eu-west-1');

const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE_MS);

async function explain(events: ReturnType<typeof trailEvent>[], options: { partition?: Partition; after?: Date; before?: Date; now?: Date } = {}) {
  const source = new MemoryTrailEvents({ 'us-east-1': events });
  const history = new TrailEventHistory(source, options.now ?? NOW);
  const explanation = await history.explainChainRestart(options.partition ?? PARTITION, options.after ?? AFTER, options.before ?? BEFORE);
  return { explanation, source };
}

describe('TrailEventHistory', () => {
  test('StopLogging in the old chain\'s last hour and StartLogging before the new chain: explained, both named', async () => {
    const { explanation } = await explain([
      trailEvent('StopLogging', at(AFTER, -20), 'org-trail'),
      trailEvent('StartLogging', at(BEFORE, -1), 'org-trail'),
    ]);
    expect(explanation.explained).toBe(true);
    expect(explanation.reason).toBe("trail 'org-trail' was switched off (StopLogging at 2026-11-24T03:41:31.000Z) and on again "
      + '(StartLogging at 2026-11-24T07:00:31.000Z) according to the management events of us-east-1');
  });

  test('the trail named by ARN, in requestParameters or in the resources, counts too', async () => {
    const { explanation } = await explain([
      trailEvent('StopLogging', at(AFTER, -5), ARN),
      trailEvent('StartLogging', at(BEFORE, 10), 'someone-typed-this', { requestParameters: {}, resourceNames: [ARN] }),
    ]);
    expect(explanation.explained).toBe(true);
  });

  test.each([
    ['another trail', [trailEvent('StopLogging', at(AFTER, -5), 'other-trail'), trailEvent('StartLogging', at(BEFORE, -1), 'other-trail')]],
    ['the same name in another Region\'s ARN', [
      trailEvent('StopLogging', at(AFTER, -5), ARN.replace('us-east-1', 'eu-west-1')), trailEvent('StartLogging', at(BEFORE, -1), 'org-trail'),
    ]],
    ['a bare resource name that happens to be the trail\'s', [
      trailEvent('StopLogging', at(AFTER, -5), 'x', { requestParameters: {}, resourceNames: ['org-trail'] }), trailEvent('StartLogging', at(BEFORE, -1), 'org-trail'),
    ]],
    ['a StopLogging that failed (AccessDenied)', [
      trailEvent('StopLogging', at(AFTER, -5), 'org-trail', { errorCode: 'AccessDenied' }), trailEvent('StartLogging', at(BEFORE, -1), 'org-trail'),
    ]],
    ['a start without a stop', [trailEvent('StartLogging', at(BEFORE, -1), 'org-trail')]],
    ['a stop without a start', [trailEvent('StopLogging', at(AFTER, -5), 'org-trail')]],
    ['a start before the stop', [trailEvent('StartLogging', at(AFTER, -30), 'org-trail'), trailEvent('StopLogging', at(AFTER, -5), 'org-trail')]],
    ['a stop more than two hours before the old chain ended', [
      trailEvent('StopLogging', at(AFTER, -121), 'org-trail'), trailEvent('StartLogging', at(BEFORE, -1), 'org-trail'),
    ]],
    ['a start more than an hour after the new chain began', [
      trailEvent('StopLogging', at(AFTER, -5), 'org-trail'), trailEvent('StartLogging', at(BEFORE, 61), 'org-trail'),
    ]],
    ['an UpdateTrail that does not touch log file validation', [
      trailEvent('UpdateTrail', at(AFTER, -5), 'org-trail', { requestParameters: { name: 'org-trail', s3KeyPrefix: 'x' } }),
      trailEvent('StartLogging', at(BEFORE, -1), 'org-trail'),
    ]],
  ])('not explained: %s', async (_name, events) => {
    const { explanation } = await explain(events);
    expect(explanation.explained).toBe(false);
    expect(explanation.reason).toMatch(/^LookupEvents in us-east-1 found .* of trail 'org-trail' between 2026-11-24T02:01:31.000Z and 2026-11-24T08:01:31.000Z \(it sees the calling account's events only\)$/);
  });

  test('the limits of the window: a stop exactly two hours before, a start exactly one hour after', async () => {
    const { explanation } = await explain([
      trailEvent('StopLogging', at(AFTER, -120), 'org-trail'), trailEvent('StartLogging', at(BEFORE, 60), 'org-trail'),
    ]);
    expect(explanation.explained).toBe(true);
  });

  test('log file validation disabled and enabled again (UpdateTrail), or the trail deleted and started again, explain it', async () => {
    const validation = await explain([
      trailEvent('UpdateTrail', at(AFTER, -50), 'org-trail', { requestParameters: { name: 'org-trail', enableLogFileValidation: false } }),
      trailEvent('UpdateTrail', at(BEFORE, -2), 'org-trail', { requestParameters: { name: 'org-trail', enableLogFileValidation: true } }),
    ]);
    expect(validation.explanation).toMatchObject({ explained: true, reason: expect.stringMatching(/\(UpdateTrail EnableLogFileValidation=false at .*\(UpdateTrail EnableLogFileValidation=true at/) });
    const deleted = await explain([trailEvent('DeleteTrail', at(AFTER, -5), ARN), trailEvent('StartLogging', at(BEFORE, -1), 'org-trail')]);
    expect(deleted.explanation.explained).toBe(true);
  });

  test('the message says what was found: a stop but no start', async () => {
    const { explanation } = await explain([trailEvent('StopLogging', at(AFTER, -5), 'org-trail')]);
    expect(explanation.reason).toMatch(/found a switch-off \(StopLogging at 2026-11-24T03:56:31.000Z\) but no switch-on after it/);
  });

  test('looks up each restart event by name in the trail\'s home Region, with an hour\'s margin either side', async () => {
    const { source } = await explain([], { partition: partition('111122223333', 'eu-west-1', 'org-trail', 'eu-central-1') });
    expect(source.lookups.map((l) => l.eventName)).toEqual([...RESTART_EVENT_NAMES]);
    expect(new Set(source.lookups.map((l) => l.region))).toEqual(new Set(['eu-central-1']));
    expect(source.lookups[0].start).toEqual(at(AFTER, -180));
    expect(source.lookups[0].end).toEqual(at(BEFORE, 120));
  });

  test('one fetch answers every partition of an organization-wide stop, even asked concurrently; a gap outside it fetches again', async () => {
    const source = new MemoryTrailEvents({ 'us-east-1': [trailEvent('StopLogging', at(AFTER, -5), 'org-trail'), trailEvent('StartLogging', at(BEFORE, -1), 'org-trail')] });
    const history = new TrailEventHistory(source, NOW);
    const partitions = ['111122223333', '444455556666'].flatMap((account) => ['us-east-1', 'eu-west-1', 'ap-south-1'].map((region) => partition(account, region)));
    // Digests of different accounts and Regions end minutes apart.
    const answers = await Promise.all(partitions.map((p, i) => history.explainChainRestart(p, at(AFTER, i), at(BEFORE, i))));
    expect(answers.every((answer) => answer.explained)).toBe(true);
    expect(source.lookups).toHaveLength(RESTART_EVENT_NAMES.length);

    await history.explainChainRestart(PARTITION, at(AFTER, -5 * 60), at(BEFORE, -5 * 60));
    expect(source.lookups).toHaveLength(2 * RESTART_EVENT_NAMES.length);
  });

  test('a failed lookup is thrown and not cached: the next question asks again', async () => {
    const source = new MemoryTrailEvents({ 'us-east-1': [trailEvent('StopLogging', at(AFTER, -5), 'org-trail'), trailEvent('StartLogging', at(BEFORE, -1), 'org-trail')] });
    source.failNext = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const history = new TrailEventHistory(source, NOW);
    await expect(history.explainChainRestart(PARTITION, AFTER, BEFORE)).rejects.toThrow(/Rate exceeded/);
    await expect(history.explainChainRestart(PARTITION, AFTER, BEFORE)).resolves.toMatchObject({ explained: true });
  });

  test('a gap older than 90 days is not looked up: unexplained, and the reason says where to look instead', async () => {
    const now = new Date(BEFORE.getTime() + HOUR_MS + LOOKUP_EVENTS_RETENTION_MS + MINUTE_MS);
    const { explanation, source } = await explain([], { now });
    expect(source.lookups).toHaveLength(0);
    expect(explanation).toEqual({
      explained: false,
      reason: "the gap lies more than 90 days back, beyond the management events LookupEvents keeps: look for StopLogging/StartLogging of trail 'org-trail' "
        + 'between 2026-11-24T02:01:31.000Z and 2026-11-24T08:01:31.000Z in the trail\'s own archived logs',
    });
  });

  test('a gap straddling the 90 days: looked up from the oldest reachable time, and the reason says part was out of reach', async () => {
    const now = new Date(AFTER.getTime() + LOOKUP_EVENTS_RETENTION_MS);
    const { explanation, source } = await explain([trailEvent('StartLogging', at(BEFORE, -1), 'org-trail')], { now });
    expect(source.lookups[0].start).toEqual(AFTER);
    expect(explanation.explained).toBe(false);
    expect(explanation.reason).toMatch(/part of that time lies beyond the 90 days LookupEvents keeps/);
  });
});
