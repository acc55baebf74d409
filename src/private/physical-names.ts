import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { hash } from './alert-names';
import { TRAILS_PER_REGION_MAX } from './limits';
import { WORKGROUP_NAME_MAX_LENGTH } from './query-names';
import { FORWARDER_ROLE_INFIX, IAM_ROLE_NAME_MAX_LENGTH, LONGEST_REGION_CODE, STACK_SET_NAME_MAX_LENGTH } from '../alerts/limits';

/**
 * Physical names that must be unique in one account and Region, read from the L1 resources of
 * the whole app, so that two components (or a component and any other resource) that would
 * collide at deploy time fail at synth instead, naming both construct paths.
 */

interface NamedKind {
  /** What the name is, for messages. */
  readonly description: string;
  /** The name (and, for rules, the bus) of a resource of this type, if literal. */
  readonly name: (resource: CfnResource) => string | undefined;
  /** How to tell two of them apart. */
  readonly fix: string;
}

const DISTINCT_NAMES = 'Give each trail its own \'trailName\' (the default names derive from it), or set distinct explicit names.';

const NAMED_KINDS: Record<string, NamedKind> = {
  'AWS::CloudTrail::Trail': { description: 'trail', name: (r) => prop(r, 'trailName'), fix: 'Give each trail its own \'trailName\'.' },
  'AWS::Logs::LogGroup': { description: 'log group', name: (r) => prop(r, 'logGroupName'), fix: DISTINCT_NAMES },
  'AWS::Glue::Database': { description: 'Glue database', name: (r) => literal((prop<{ name?: string }>(r, 'databaseInput'))?.name), fix: DISTINCT_NAMES },
  'AWS::Athena::WorkGroup': { description: 'Athena workgroup', name: (r) => prop(r, 'name'), fix: DISTINCT_NAMES },
  'AWS::CloudFormation::StackSet': { description: 'StackSet', name: (r) => prop(r, 'stackSetName'), fix: 'Set distinct StackSet names.' },
  'AWS::Events::EventBus': { description: 'event bus', name: (r) => prop(r, 'name'), fix: 'Set distinct event bus names.' },
  'AWS::CloudWatch::Alarm': { description: 'CloudWatch alarm', name: (r) => prop(r, 'alarmName'), fix: 'Set distinct alert name prefixes (\'alerts.namePrefix\'), or distinct trail names.' },
  'AWS::Events::Rule': {
    description: 'EventBridge rule',
    name: (r) => {
      const name = prop(r, 'name');
      // A token bus name stands for one bus object: the same token string means the same bus.
      const bus = (r as unknown as { eventBusName?: string }).eventBusName ?? 'default';
      return name === undefined ? undefined : `${name}' on bus '${Token.isUnresolved(bus) ? '(token)' : bus}`;
    },
    fix: 'Set distinct alert name prefixes (\'alerts.namePrefix\'), or distinct trail names.',
  },
};

/** A literal string property of an L1, or undefined (unset, or a token). */
function prop<T = string>(resource: CfnResource, name: string): T | undefined {
  const value = (resource as unknown as Record<string, unknown>)[name];
  if (value === undefined || Token.isUnresolved(value)) {
    return undefined;
  }
  return value as T;
}

function literal(value: string | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/**
 * Where a stack deploys, for uniqueness: its account and Region when both are literal;
 * otherwise the stack itself (an environment-agnostic stack may deploy anywhere, so only
 * collisions within it are certain).
 */
function environmentOf(resource: IConstruct): string {
  const stack = Stack.of(resource);
  return Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)
    ? `stack ${stack.node.path}`
    : `account ${stack.account}, Region ${stack.region}`;
}

/**
 * Collisions of the physical names of resources under `owner` with other resources of the app,
 * and more trails in one account and Region than CloudTrail allows (reported by owners that
 * hold a trail).
 */
export function physicalNameProblems(owner: IConstruct): string[] {
  const ownPath = `${owner.node.path}/`;
  const isOwn = (resource: IConstruct) => resource.node.path.startsWith(ownPath);
  const byKey = new Map<string, CfnResource[]>();
  const trailsByEnvironment = new Map<string, CfnResource[]>();
  for (const child of owner.node.root.node.findAll()) {
    if (!CfnResource.isCfnResource(child)) {
      continue;
    }
    const kind = NAMED_KINDS[child.cfnResourceType];
    if (child.cfnResourceType === 'AWS::CloudTrail::Trail') {
      const environment = environmentOf(child);
      trailsByEnvironment.set(environment, [...(trailsByEnvironment.get(environment) ?? []), child]);
    }
    const name = kind?.name(child);
    if (name === undefined) {
      continue;
    }
    const key = `${child.cfnResourceType}|${environmentOf(child)}|${name}`;
    byKey.set(key, [...(byKey.get(key) ?? []), child]);
  }

  const problems: string[] = [];
  for (const [key, resources] of byKey) {
    if (resources.length < 2 || !resources.some(isOwn)) {
      continue;
    }
    const [type, environment, name] = key.split('|');
    const kind = NAMED_KINDS[type];
    const paths = resources.map((resource) => resource.node.path);
    problems.push(`The ${kind.description} name '${name}' is used by ${paths.length} resources in ${environment}: ${paths.join(' and ')}; they would collide at deploy time. ${kind.fix}`);
  }
  for (const [environment, trails] of trailsByEnvironment) {
    if (trails.length > TRAILS_PER_REGION_MAX && trails.some(isOwn)) {
      problems.push(`${trails.length} trails are defined in ${environment} (${trails.map((trail) => trail.node.path).join(', ')}), but CloudTrail allows at most ${TRAILS_PER_REGION_MAX} trails per Region per account (not adjustable). Remove trails, or deploy them to other accounts or Regions.`);
    }
  }
  return problems;
}

/**
 * The Glue database an OrganizationTrail's query layer uses by default: `cloudtrail_` and the
 * trail name in Glue's alphabet (lowercase letters, digits, underscores), so that two trails of
 * one account and Region do not share it.
 * @see https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
 */
export function defaultQueryDatabaseName(trailName: string): string {
  return `cloudtrail_${trailName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/**
 * The Athena workgroup an OrganizationTrail's query layer uses by default: `cloudtrail-` and the
 * trail name (trail names use only workgroup characters), or the trail name alone when that
 * would pass the 128 characters of a workgroup name.
 * @see https://docs.aws.amazon.com/athena/latest/APIReference/API_GetWorkGroup.html
 */
export function defaultQueryWorkGroupName(trailName: string): string {
  const name = `cloudtrail-${trailName}`;
  return name.length <= WORKGROUP_NAME_MAX_LENGTH ? name : trailName;
}

/**
 * `<base><suffix>` when it fits in `maxLength`, else the base cut, '-', 8 hex digits of a hash of
 * the whole base, and the suffix (stable, and unique per base).
 */
function fitted(base: string, suffix: string, maxLength: number): string {
  const name = `${base}${suffix}`;
  return name.length <= maxLength ? name : `${base.slice(0, maxLength - suffix.length - 9)}-${hash(base)}${suffix}`;
}

/**
 * The longest bus name whose forwarder roles (`<eventBusName>-forwarder-<region>`) fit IAM's 64
 * characters in every Region known today.
 */
export const FANOUT_EVENT_BUS_NAME_MAX_LENGTH = IAM_ROLE_NAME_MAX_LENGTH - FORWARDER_ROLE_INFIX.length - LONGEST_REGION_CODE;

/**
 * The central event bus an OrganizationTrail's alert fan-out uses by default: `<trailName>-alerts`
 * (trail names use only bus-name characters), cut and hashed so that the forwarder roles fit IAM's
 * 64 characters; a leading `aws.`, which EventBridge reserves, becomes `aws-`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
 */
export function defaultFanoutEventBusName(trailName: string): string {
  return fitted(trailName.replace(/^aws\./, 'aws-'), '-alerts', FANOUT_EVENT_BUS_NAME_MAX_LENGTH);
}

/**
 * The StackSet an OrganizationTrail's alert fan-out uses by default:
 * `<trailName>-alert-forwarding` with periods and underscores as hyphens (StackSet names allow
 * letters, digits and hyphens), `trail-` in front of a name that starts with a digit, cut and
 * hashed to 128 characters.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 */
export function defaultFanoutStackSetName(trailName: string): string {
  const base = trailName.replace(/[._]/g, '-');
  return fitted(/^[A-Za-z]/.test(base) ? base : `trail-${base}`, '-alert-forwarding', STACK_SET_NAME_MAX_LENGTH);
}

/**
 * The role an archive's S3 replication uses by default: `<trailName>-archive-replication` (trail
 * names use only role-name characters), cut and hashed to IAM's 64 characters. A fixed name, so that
 * the replica's bucket and key policies in another account can name it before it exists.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export function defaultReplicationRoleName(trailName: string): string {
  return fitted(trailName, '-archive-replication', IAM_ROLE_NAME_MAX_LENGTH);
}
