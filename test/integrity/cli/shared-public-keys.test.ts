import { SharedPublicKeys } from '../../../src/integrity/cli/shared-public-keys';
import { FakePublicKeys } from '../fixtures/fake-public-keys';
import { generateSigningKey } from '../fixtures/signing-keys';

const DAY_MS = 86_400_000;
const OLD = generateSigningKey(new Date('2026-09-25T00:00:00Z')); // valid until 2026-10-25
const NEW = generateSigningKey(new Date('2026-10-22T00:00:00Z'));
const WINDOW = { start: new Date('2026-10-20T00:00:00Z'), end: new Date('2026-10-27T00:00:00Z') };

describe('SharedPublicKeys', () => {
  test('concurrent requests for one Region make one call covering the run window; answers keep the overlap rule', async () => {
    const fake = new FakePublicKeys({ 'us-east-1': [OLD.published, NEW.published] });
    const shared = new SharedPublicKeys(fake, WINDOW);
    const [early, late, both] = await Promise.all([
      shared.listPublicKeys('us-east-1', new Date('2026-10-21T00:00:00Z'), new Date('2026-10-21T03:00:00Z')),
      shared.listPublicKeys('us-east-1', new Date('2026-10-26T00:00:00Z'), new Date('2026-10-26T03:00:00Z')),
      shared.listPublicKeys('us-east-1', new Date('2026-10-23T00:00:00Z'), new Date('2026-10-23T03:00:00Z')),
    ]);
    expect(early.map((k) => k.fingerprint)).toEqual([OLD.published.fingerprint]);
    expect(late.map((k) => k.fingerprint)).toEqual([NEW.published.fingerprint]);
    expect(both).toHaveLength(2);
    expect(fake.calls.map((c) => c.region)).toEqual(['us-east-1']);
    expect(fake.calls[0].start.getTime()).toBeLessThanOrEqual(WINDOW.start.getTime() - 3 * 3_600_000);
    expect(fake.calls[0].end.getTime()).toBeGreaterThanOrEqual(WINDOW.end.getTime() + 3 * 3_600_000);
  });

  test('each Region is fetched on its own, and a request outside what was fetched calls again', async () => {
    const fake = new FakePublicKeys({ 'us-east-1': [OLD.published], 'eu-west-1': [NEW.published] });
    const shared = new SharedPublicKeys(fake, WINDOW);
    await shared.listPublicKeys('us-east-1', WINDOW.start, WINDOW.end);
    await shared.listPublicKeys('eu-west-1', WINDOW.start, WINDOW.end);
    await shared.listPublicKeys('eu-west-1', new Date(WINDOW.end.getTime() + 10 * DAY_MS), new Date(WINDOW.end.getTime() + 11 * DAY_MS));
    expect(fake.calls.map((c) => c.region)).toEqual(['us-east-1', 'eu-west-1', 'eu-west-1']);
  });

  test('a failed call is not cached and does not block the next one', async () => {
    let fail = true;
    const shared = new SharedPublicKeys({
      listPublicKeys: async () => {
        if (fail) { fail = false; throw new Error('throttled'); }
        return [OLD.published];
      },
    }, WINDOW);
    await expect(shared.listPublicKeys('us-east-1', WINDOW.start, WINDOW.end)).rejects.toThrow('throttled');
    await expect(shared.listPublicKeys('us-east-1', WINDOW.start, WINDOW.end)).resolves.toHaveLength(1);
  });
});
