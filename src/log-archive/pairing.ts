import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LogArchiveReference, TrailKeyPlacement } from './log-archive-reference';

/**
 * Pairs the two sides of a log-archive split in one app: each `OrganizationTrail` given a
 * `logArchive` reference with the `LogArchive` that creates that bucket. The pair's stacks are
 * ordered (the archive's first: CloudTrail checks the bucket policy when it creates the trail,
 * `InsufficientS3BucketPolicyException` otherwise), and any field on which the two disagree fails
 * synth. An app that holds only one side (each account deployed from its own app) is not checked.
 *
 * `Stack.addDependency` between two top-level stacks is an assembly-level ordering that works
 * across accounts; CDK's cross-stack references do not, hence literal references.
 */

interface Side {
  readonly construct: IConstruct;
  readonly reference: LogArchiveReference;
}

interface Registry {
  readonly archives: Side[];
  readonly trails: Side[];
}

const registries = new WeakMap<IConstruct, Registry>();

function registryOf(scope: IConstruct): Registry {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (!registry) {
    registry = { archives: [], trails: [] };
    registries.set(root, registry);
    Aspects.of(root).add(new OrderLogArchiveFirst(root, registry));
  }
  return registry;
}

/** Records a `LogArchive` (the log-archive account's side). */
export function registerLogArchive(archive: IConstruct, reference: LogArchiveReference): void {
  registryOf(archive).archives.push({ construct: archive, reference });
}

/** Records an `OrganizationTrail` that delivers to a log-archive account. */
export function registerTrailSide(trail: IConstruct, reference: LogArchiveReference): void {
  registryOf(trail).trails.push({ construct: trail, reference });
}

/** The app's `LogArchive` for the trail's reference (by bucket name), if the app holds one. */
function archiveFor(registry: Registry, reference: LogArchiveReference): Side | undefined {
  return registry.archives.find((archive) => archive.reference.bucketName === reference.bucketName);
}

/**
 * The fields both sides must agree on, with how they are compared (a missing key placement is the
 * default; a missing trail-deployment account is the management account).
 */
const COMPARED: Array<[keyof LogArchiveReference, (reference: LogArchiveReference) => string | undefined]> = [
  ['logArchiveAccount', (reference) => reference.logArchiveAccount],
  ['region', (reference) => reference.region],
  ['managementAccount', (reference) => reference.managementAccount],
  ['trailDeploymentAccount', (reference) => reference.trailDeploymentAccount ?? reference.managementAccount],
  ['organizationId', (reference) => reference.organizationId],
  ['trailName', (reference) => reference.trailName],
  ['s3KeyPrefix', (reference) => reference.s3KeyPrefix],
  ['keyPlacement', (reference) => reference.keyPlacement ?? TrailKeyPlacement.MANAGEMENT_ACCOUNT],
];

/**
 * Where the trail's `logArchive` reference and the app's `LogArchive` disagree. None when the app
 * holds no `LogArchive` at all.
 */
export function pairingProblems(trail: IConstruct): string[] {
  const registry = registryOf(trail);
  const own = registry.trails.find((side) => side.construct === trail);
  if (!own || registry.archives.length === 0) {
    return [];
  }
  const archive = archiveFor(registry, own.reference);
  if (!archive) {
    const known = registry.archives.map((side) => `'${side.reference.bucketName}' (${side.construct.node.path})`).join(', ');
    return [`'logArchive.bucketName' is '${own.reference.bucketName}', but the LogArchive constructs of this app create ${known}. Pass the LogArchive's 'reference' as 'logArchive', so that the trail delivers to the bucket whose policy allows it.`];
  }
  return COMPARED.flatMap(([field, value]) => {
    const mine = value(own.reference);
    const theirs = value(archive.reference);
    return mine === theirs ? [] : [`'logArchive.${field}' is ${show(mine)}, but the LogArchive at ${archive.construct.node.path} has ${show(theirs)}: the bucket and key policies would not allow this trail. Pass the LogArchive's 'reference' as 'logArchive' (or give both sides the same value).`];
  });
}

function show(value: string | undefined): string {
  return value === undefined ? 'unset' : `'${value}'`;
}

/** Orders each paired trail's stack after its archive's stack, once, when the app is synthesized. */
class OrderLogArchiveFirst implements IAspect {
  constructor(private readonly root: IConstruct, private readonly registry: Registry) {}

  public visit(node: IConstruct): void {
    if (node !== this.root) {
      return;
    }
    for (const trail of this.registry.trails) {
      const archive = archiveFor(this.registry, trail.reference);
      if (!archive) {
        continue;
      }
      const trailStack = Stack.of(trail.construct);
      const archiveStack = Stack.of(archive.construct);
      // Construct-level: between two top-level stacks it becomes the assembly's stack ordering, in every
      // aws-cdk-lib of our range (Stack.addDependency is deprecated, addStackDependency is newer than our floor).
      if (trailStack !== archiveStack) {
        trailStack.node.addDependency(archiveStack);
      }
    }
  }
}

