/**
 * Where a construct's props sit in what the user wrote. Used alone, `TrailAlerts` is given
 * `namePrefix`; through `OrganizationTrail` the same value is `alerts.namePrefix`. A parent that
 * builds a part's props from its own marks them with `withPropPath`, and the part's messages name
 * the user's prop through `propNamer`. Props nobody marked are named as they are.
 */

const paths = new WeakMap<object, PropPath>();

/** How a part's prop names map to the props the user wrote. */
export interface PropPath {
  /** Put in front of every prop name, e.g. `alerts.`. */
  readonly prefix: string;
  /** Names that sit elsewhere than under the prefix, e.g. `{ regions: 'organizationFanout.regions' }` (the prefix still applies). */
  readonly renames?: { readonly [prop: string]: string };
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
  return { prefix: `${outer.prefix}${inner.prefix}`, renames: inner.renames };
}

/** Throws one error listing every problem, with `construct` naming what was configured. */
export function throwIfConstructProblems(construct: string, problems: string[]): void {
  if (problems.length === 1) {
    throw new Error(problems[0]);
  }
  if (problems.length > 1) {
    throw new Error(`Invalid ${construct} configuration:\n- ${problems.join('\n- ')}`);
  }
}
