import { IConstruct } from 'constructs';

/**
 * How the construct the user called spells the props of the parts it creates, so that every
 * message names the prop the user wrote: `OrganizationTrail` says `keyRotationPeriod` where
 * `TrailKey`, used alone, says `rotationPeriod`. Keyed by the facade, which is the parts' scope.
 */
const FACADE_PROP_NAMES = new WeakMap<IConstruct, Readonly<Record<string, string>>>();

/** Registers the facade's names for its parts' props (part prop name to facade prop name). */
export function registerFacadePropNames(facade: IConstruct, names: Readonly<Record<string, string>>): void {
  FACADE_PROP_NAMES.set(facade, names);
}

/** The name the user wrote for `prop` of a part created in `scope`. */
export function propName(scope: IConstruct, prop: string): string {
  return FACADE_PROP_NAMES.get(scope)?.[prop] ?? prop;
}
