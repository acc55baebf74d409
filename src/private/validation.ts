import { Duration } from 'aws-cdk-lib';

/**
 * The validation kit every room uses: where a construct's props sit in what the user wrote (so a
 * message names the prop the user typed), one problem collector, and whole-day duration checks.
 *
 * Used alone, `TrailAlerts` is given `namePrefix`; through `OrganizationTrail` the same value is
 * `alerts.namePrefix`. A parent that builds a part's props from its own marks them with
 * `withPropPath`, and the part's messages name the user's prop through `propNamer`. Props nobody
 * marked are named as they are, and the construct the user called is the part itself.
 */

const paths = new WeakMap<object, PropPath>();

/** How a part's prop names map to the props the user wrote. */
export interface PropPath {
  /** Put in front of every prop name, e.g. `alerts.`. */
  readonly prefix: string;
  /** Names that sit elsewhere than under the prefix, e.g. `{ regions: 'organizationFanout.regions' }` (the prefix still applies). */
  readonly renames?: { readonly [prop: string]: string };
  /** The construct the user called, named in the heading of a multi-problem error (e.g. `OrganizationTrail`). */
  readonly construct?: string;
}

/** Marks `props` as given under `path`, and returns them. */
export function withPropPath<T extends object>(props: T, path: PropPath): T {
  paths.set(props, path);
  return props;
}

/** The prop path `props` were marked with (the empty path when unmarked). */
export function propPathOf(props: object): PropPath {
  return paths.get(props) ?? { prefix: '' };
}

/** Returns the user's name for one of the props, e.g. `name('namePrefix')` is `'alerts.namePrefix'` through the facade. */
export function propNamer(props: object): (prop: string) => string {
  const path = propPathOf(props);
  return (prop: string) => `${path.prefix}${path.renames?.[prop] ?? prop}`;
}

/** `outer` followed by `inner`: the path of a part's part. */
export function nestedPropPath(outer: PropPath, inner: PropPath): PropPath {
  return { prefix: `${outer.prefix}${inner.prefix}`, renames: inner.renames, construct: inner.construct ?? outer.construct };
}

/** The construct the user called: the one that marked `props`, else `own` (the part used alone). */
export function calledConstruct(props: object, own: string): string {
  return propPathOf(props).construct ?? own;
}

/**
 * Throws one error listing every problem, so a user fixes them in one go; `construct` names what
 * the user configured (see `calledConstruct`). A single problem is thrown as it is.
 */
export function throwIfProblems(construct: string, problems: readonly string[]): void {
  if (problems.length === 1) {
    throw new Error(problems[0]);
  }
  if (problems.length > 1) {
    throw new Error(`Invalid ${construct} configuration:\n- ${problems.join('\n- ')}`);
  }
}

/** A whole-day range: `minimum` (inclusive) and, optionally, `maximum` (inclusive). */
export interface DayRange {
  readonly minimum: number;
  readonly maximum?: number;
  /** Whose range it is, shown after the bounds, e.g. `KMS's range`. */
  readonly source?: string;
}

/** The duration's days, or undefined when it is unresolved, fractional or out of `range`. */
function daysWithin(duration: Duration, range: DayRange): number | undefined {
  const days = duration.toDays({ integral: false });
  const within = Number.isInteger(days) && days >= range.minimum && (range.maximum === undefined || days <= range.maximum);
  return within ? days : undefined;
}

/**
 * Problems with a duration that must be a whole number of days within `range` (none when it is
 * unresolved). `example` is the fix the message suggests, e.g. `Duration.days(365)`.
 */
export function wholeDaysProblems(prop: string, duration: Duration | undefined, range: DayRange, example = 'Duration.days(n)'): string[] {
  if (duration === undefined || duration.isUnresolved() || daysWithin(duration, range) !== undefined) {
    return [];
  }
  const bounds = range.maximum === undefined ? `, at least ${range.minimum}` : ` from ${range.minimum} to ${range.maximum}`;
  const source = range.source === undefined ? '' : ` (${range.source})`;
  return [`'${prop}' must be a whole number of days${bounds}${source}, got ${duration.toHumanString()}. Use ${example}.`];
}

/** A duration as whole days within `range`, or an error naming the prop. */
export function wholeDays(prop: string, duration: Duration, range: DayRange): number {
  throwIfProblems('', wholeDaysProblems(prop, duration, range));
  return duration.toDays();
}
