import { PublicKeyProvider } from '../ports';
import { CloudTrailPublicKey } from '../public-key';

/** Margin around the run's window: the key lookup asks for `[end − 1h, end + 2h]` around each digest. */
const MARGIN_MS = 3 * 3_600_000;

/**
 * `ListPublicKeys` once per Region for a whole run. Partitions are validated in parallel, and several ask for the
 * same Region's keys at the same moment: calls for one Region are serialised, and the first fetches the keys of the
 * run's whole window (plus a margin), so the others are answered from what it got. A request outside what was
 * fetched (a backfill digest generated long after the window) calls again. The answer is a superset of the keys
 * overlapping the requested window; `PublicKeyLookup` filters by window and fingerprint itself.
 */
export class SharedPublicKeys implements PublicKeyProvider {
  private readonly byRegion = new Map<string, { start: number; end: number; keys: CloudTrailPublicKey[] }[]>();
  private readonly locks = new Map<string, Promise<unknown>>();

  public constructor(private readonly inner: PublicKeyProvider, private readonly window: { start: Date; end: Date }) {}

  public listPublicKeys(region: string, start: Date, end: Date): Promise<CloudTrailPublicKey[]> {
    const previous = this.locks.get(region) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.fetch(region, start, end));
    this.locks.set(region, next);
    return next;
  }

  private async fetch(region: string, start: Date, end: Date): Promise<CloudTrailPublicKey[]> {
    const fetched = this.byRegion.get(region) ?? [];
    let covering = fetched.find((f) => f.start <= start.getTime() && f.end >= end.getTime());
    if (!covering) {
      const from = Math.min(start.getTime(), this.window.start.getTime() - MARGIN_MS);
      const to = Math.max(end.getTime(), this.window.end.getTime() + MARGIN_MS);
      covering = { start: from, end: to, keys: await this.inner.listPublicKeys(region, new Date(from), new Date(to)) };
      fetched.push(covering);
      this.byRegion.set(region, fetched);
    }
    return covering.keys.filter((k) => k.validityStartTime.getTime() <= end.getTime() && k.validityEndTime.getTime() >= start.getTime());
  }
}
