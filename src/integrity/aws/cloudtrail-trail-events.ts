import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { TrailEvent, TrailEventSource } from '../ports';

/**
 * `LookupEvents`' rate: "The rate of lookup requests is limited to two per second, per account, per Region. If this
 * limit is exceeded, a throttling error occurs."
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export const LOOKUP_EVENTS_PER_SECOND = 2;

/**
 * The least time between two requests to one Region: a tenth above the limit's 500 ms, because requests sent exactly
 * 500 ms apart can arrive closer together than that and be throttled.
 */
export const LOOKUP_EVENTS_INTERVAL_MS = Math.ceil((1000 / LOOKUP_EVENTS_PER_SECOND) * 1.1);

/** Options of `CloudTrailTrailEvents`. */
export interface CloudTrailTrailEventsOptions {
  /**
   * The least time between two requests to one Region from this process. The limit is per account, so a process
   * that shares the account with other callers (the function runs up to two instances at once) leaves room for them.
   * @default LOOKUP_EVENTS_INTERVAL_MS
   */
  readonly minIntervalMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * Management events from CloudTrail `LookupEvents` in the Region asked for, by event name (one lookup attribute per
 * request), paged with `NextToken` (50 events a page at most), and paced to stay within the API's rate per Region.
 * The SDK's own retries still handle a `ThrottlingException` caused by other callers in the account.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html
 */
export class CloudTrailTrailEvents implements TrailEventSource {
  private readonly minIntervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  /** Per Region: when the last request may have been sent, chained so that concurrent callers queue. */
  private readonly turns = new Map<string, Promise<number>>();

  constructor(private readonly clientFor: (region: string) => CloudTrailClient, options: CloudTrailTrailEventsOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? LOOKUP_EVENTS_INTERVAL_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.clock = options.clock ?? Date.now;
  }

  public async lookupEvents(region: string, eventName: string, start: Date, end: Date): Promise<TrailEvent[]> {
    const client = this.clientFor(region);
    const events: TrailEvent[] = [];
    let nextToken: string | undefined;
    do {
      await this.turn(region);
      const page = await client.send(new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
        StartTime: start,
        EndTime: end,
        MaxResults: 50,
        NextToken: nextToken,
      }));
      for (const event of page.Events ?? []) {
        if (event.EventName !== eventName || !event.EventTime) continue;
        const record = parseRecord(event.CloudTrailEvent);
        events.push({
          eventId: event.EventId ?? '',
          eventName: event.EventName,
          eventTime: event.EventTime,
          ...(typeof record.errorCode === 'string' ? { errorCode: record.errorCode } : {}),
          ...(isObject(record.requestParameters) ? { requestParameters: record.requestParameters } : {}),
          ...(isObject(record.responseElements) ? { responseElements: record.responseElements } : {}),
          resourceNames: (event.Resources ?? []).map((resource) => resource.ResourceName).filter((name): name is string => name !== undefined),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return events;
  }

  /** Waits until a request to `region` keeps the pace, then claims the slot. */
  private turn(region: string): Promise<number> {
    const previous = this.turns.get(region) ?? Promise.resolve(-Infinity);
    const next = previous.then(async (last) => {
      const wait = last + this.minIntervalMs - this.clock();
      if (wait > 0) await this.sleep(wait);
      return this.clock();
    });
    this.turns.set(region, next);
    return next;
  }
}

/** The record in `CloudTrailEvent` (a JSON string); an unreadable one is an empty record (it names no trail). */
function parseRecord(json: string | undefined): Record<string, unknown> {
  try {
    const record = JSON.parse(json ?? '{}');
    return isObject(record) ? record : {};
  } catch {
    return {};
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
