import { mapWithConcurrency } from '../../src/integrity/bounded-concurrency';

describe('mapWithConcurrency', () => {
  test.each([1, 3, 16])('keeps the input order with at most %i call(s) in flight', async (limit) => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 10 }, (_, i) => i);
    const out = await mapWithConcurrency(items, limit, async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later items finish first, so the order of the output comes from the indexes, not from completion.
      await new Promise((resolve) => setTimeout(resolve, 10 - item));
      inFlight--;
      return item * 2;
    });
    expect(out).toEqual(items.map((i) => i * 2));
    expect(most).toBe(Math.min(limit, items.length));
  });

  test('an empty list makes no call', async () => {
    const fn = jest.fn(async (x: number) => x);
    expect(await mapWithConcurrency([], 8, fn)).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
  });

  test('a failing call rejects the whole map', async () => {
    await expect(mapWithConcurrency([1, 2, 3], 2, async (x) => {
      if (x === 2) throw new Error('two');
      return x;
    })).rejects.toThrow('two');
  });
});
