/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order in the output. Log files
 * are fetched this way: one digest lists up to a few hundred, and reading them one by one would be latency-bound.
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  // A plain loop: `Array.from({ length })` walks an array-like and costs as much as the rest of a call over one
  // digest's few log files.
  const workers: Array<Promise<void>> = [];
  for (let started = Math.max(1, Math.min(limit, items.length)); started > 0; started--) workers.push(worker());
  await Promise.all(workers);
  return results;
}
