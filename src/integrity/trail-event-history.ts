import { DIGEST_INTERVAL_MS } from './chain-link-check';
import { Partition } from './partition';
import { LoggingHistory, RestartExplanation, TrailEvent, TrailEventSource } from './ports';

/**
 * How far back `LookupEvents` reaches: "You can look up events that occurred in a Region within the last 90 days."
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export const LOOKUP_EVENTS_RETENTION_MS = 90 * 24 * 3_600_000;

/**
 * How long before the end of the old chain's last digest the stop may lie. The last digest covers the files delivered
 * up to the stop, so the stop falls within its hour; a second hour allows for late delivery of that digest.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
export const STOP_LEAD_MS = 2 * DIGEST_INTERVAL_MS;

/** How long after the new chain's first digest started the start may lie (the start opens that digest's hour). */
export const START_LAG_MS = DIGEST_INTERVAL_MS;

/** Each fetch reaches this much further on both sides, so that the gaps of all partitions of one stop share it. */
const FETCH_MARGIN_MS = DIGEST_INTERVAL_MS;

/**
 * The management events that break a digest chain ("off") or start a new one ("on"): `StopLogging` and
 * `StartLogging`; `DeleteTrail` (the trail stops delivering; a re-created trail starts with `StartLogging`); and
 * `UpdateTrail` with `EnableLogFileValidation` false or true ("When you disable log file integrity validation, the
 * chain of digest files is broken after one hour [...] The same applies whenever you stop CloudTrail logging or
 * delete a trail.").
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
 */
export const RESTART_EVENT_NAMES = ['StopLogging', 'StartLogging', 'DeleteTrail', 'UpdateTrail'] as const;

type Switch = 'off' | 'on';

interface Fetch {
  readonly start: number;
  readonly end: number;
  readonly events: Promise<TrailEvent[]>;
}

/**
 * Explains chain restarts from the trail's own management events in its home Region: a restart is explained when,
 * around the gap, the trail was switched off (`StopLogging`, `DeleteTrail`, log file validation disabled) and then
 * on again (`StartLogging`, log file validation enabled) by calls that succeeded.
 *
 * `StopLogging` on a multi-Region trail "must be called from the Region in which the trail was created", and event
 * history "records events in the AWS Region where the event happened", so the home Region's events cover every source
 * Region and member account of an organization trail. `LookupEvents` only sees the calling account and the last
 * 90 days: an older gap, or a trail owned by another account, is reported as unexplained with that reason.
 *
 * One instance per validation run: the events fetched for one gap (with an hour's margin either side) answer every
 * partition whose gap lies within it, which is what an organization-wide stop produces; concurrent questions share
 * one fetch.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html
 */
export class TrailEventHistory implements LoggingHistory {
  private readonly fetches = new Map<string, Fetch[]>();

  public constructor(private readonly source: TrailEventSource, private readonly now: Date) {}

  public async explainChainRestart(partition: Partition, after: Date, before: Date): Promise<RestartExplanation> {
    const { homeRegion, trailName } = partition;
    const windowStart = after.getTime() - STOP_LEAD_MS;
    const windowEnd = Math.min(before.getTime() + START_LAG_MS, this.now.getTime());
    const reachable = this.now.getTime() - LOOKUP_EVENTS_RETENTION_MS;
    const range = `${iso(windowStart)} and ${iso(windowEnd)}`;
    if (windowEnd < reachable) {
      return {
        explained: false,
        reason: `the gap lies more than 90 days back, beyond the management events LookupEvents keeps: look for StopLogging/StartLogging of trail '${trailName}' between ${range} in the trail's own archived logs`,
      };
    }
    const events = await this.eventsOf(homeRegion, Math.max(windowStart, reachable), windowEnd);
    const switches = events
      .filter((event) => event.errorCode === undefined && namesTrail(event, partition))
      .map((event) => ({ event, switch: switchOf(event) }))
      .filter((entry): entry is { event: TrailEvent; switch: Switch } => entry.switch !== undefined)
      .sort((a, b) => a.event.eventTime.getTime() - b.event.eventTime.getTime());
    const offs = switches.filter((s) => s.switch === 'off' && within(s.event, windowStart, before.getTime()));
    const ons = switches.filter((s) => s.switch === 'on' && within(s.event, windowStart, windowEnd));
    for (const off of offs) {
      const on = ons.find((candidate) => candidate.event.eventTime.getTime() >= off.event.eventTime.getTime());
      if (on) {
        return {
          explained: true,
          reason: `trail '${trailName}' was switched off (${describe(off.event)}) and on again (${describe(on.event)}) according to the management events of ${homeRegion}`,
        };
      }
    }
    const found = offs.length > 0 ? `a switch-off (${describe(offs[0].event)}) but no switch-on after it`
      : ons.length > 0 ? `a switch-on (${describe(ons[0].event)}) but no switch-off before it`
        : 'no StopLogging, StartLogging, DeleteTrail or log file validation change';
    const beyond = windowStart < reachable ? '; part of that time lies beyond the 90 days LookupEvents keeps' : '';
    return {
      explained: false,
      reason: `LookupEvents in ${homeRegion} found ${found} of trail '${trailName}' between ${range}${beyond} (it sees the calling account's events only)`,
    };
  }

  /** The events of `region` in `[start, end]`, from a fetch that covers it or a new one with a margin. */
  private eventsOf(region: string, start: number, end: number): Promise<TrailEvent[]> {
    const fetches = this.fetches.get(region) ?? [];
    this.fetches.set(region, fetches);
    const covering = fetches.find((f) => f.start <= start && f.end >= end);
    if (covering) return covering.events;
    const reachable = this.now.getTime() - LOOKUP_EVENTS_RETENTION_MS;
    const fetchStart = Math.max(start - FETCH_MARGIN_MS, reachable);
    const fetchEnd = Math.min(end + FETCH_MARGIN_MS, this.now.getTime());
    const events = (async () => {
      const found: TrailEvent[] = [];
      // One name at a time: LookupEvents takes a single lookup attribute per request.
      for (const name of RESTART_EVENT_NAMES) {
        found.push(...await this.source.lookupEvents(region, name, new Date(fetchStart), new Date(fetchEnd)));
      }
      return found;
    })();
    fetches.push({ start: fetchStart, end: fetchEnd, events });
    // A failed fetch is not cached: the next question asks again.
    events.catch(() => fetches.splice(fetches.findIndex((f) => f.events === events), 1));
    return events;
  }
}

/** Whether the event switched the trail's logging or log file validation off or on (undefined: neither). */
function switchOf(event: TrailEvent): Switch | undefined {
  switch (event.eventName) {
    case 'StopLogging':
    case 'DeleteTrail':
      return 'off';
    case 'StartLogging':
      return 'on';
    case 'UpdateTrail': {
      const validation = event.requestParameters?.enableLogFileValidation;
      return validation === false ? 'off' : validation === true ? 'on' : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether the event is about the partition's trail. `StopLogging`, `StartLogging`, `UpdateTrail` and `DeleteTrail`
 * take the trail's "name or the CloudTrail ARN" as `Name`, which the record shows as `requestParameters.name` (the
 * user guide's sample record has `"requestParameters": { "name": "myTrail" }`). The calls run in the trail's home
 * Region, where a bare name is unique; an ARN must name the home Region and the trail. The lookup's resources are
 * matched by ARN only (a bare resource name could be another resource's).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference.html
 */
function namesTrail(event: TrailEvent, partition: Partition): boolean {
  const name = event.requestParameters?.name;
  return (typeof name === 'string' && (name === partition.trailName || isTrailArn(name, partition)))
    || event.resourceNames.some((resource) => isTrailArn(resource, partition));
}

function isTrailArn(value: string, partition: Partition): boolean {
  const arn = /^arn:[^:]+:cloudtrail:([^:]+):\d{12}:trail\/(.+)$/.exec(value);
  return arn !== null && arn[1] === partition.homeRegion && arn[2] === partition.trailName;
}

function within(event: TrailEvent, start: number, end: number): boolean {
  const time = event.eventTime.getTime();
  return time >= start && time <= end;
}

function describe(event: TrailEvent): string {
  const validation = event.eventName === 'UpdateTrail' ? ` EnableLogFileValidation=${String(event.requestParameters?.enableLogFileValidation)}` : '';
  return `${event.eventName}${validation} at ${event.eventTime.toISOString()}`;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
