import {
  defaultReplicationRoleName,
  defaultFanoutEventBusName, defaultFanoutStackSetName, FANOUT_EVENT_BUS_NAME_MAX_LENGTH,
} from '../../src/private/physical-names';
import { eventBusNameProblems, stackSetNameProblems } from '../../src/private/service-names';

const LONG = 'a'.repeat(128);

describe('default fan-out names derive from the trail name', () => {
  test.each([
    ['organization-trail', 'organization-trail-alerts', 'organization-trail-alert-forwarding'],
    ['Second.Trail_2', 'Second.Trail_2-alerts', 'Second-Trail-2-alert-forwarding'],
    ['2024-trail', '2024-trail-alerts', 'trail-2024-trail-alert-forwarding'],
    ['aws.trail', 'aws-trail-alerts', 'aws-trail-alert-forwarding'],
  ])('%p gives bus %p and StackSet %p', (trailName, bus, stackSet) => {
    expect(defaultFanoutEventBusName(trailName)).toBe(bus);
    expect(defaultFanoutStackSetName(trailName)).toBe(stackSet);
  });

  test.each(['x'.repeat(32), 'x'.repeat(33), LONG, `${LONG.slice(0, 120)}.__`])('%p gives names the services accept', (trailName) => {
    const bus = defaultFanoutEventBusName(trailName);
    expect(bus.length).toBeLessThanOrEqual(FANOUT_EVENT_BUS_NAME_MAX_LENGTH);
    expect(eventBusNameProblems('eventBusName', bus)).toEqual([]);
    expect(stackSetNameProblems('stackSetName', defaultFanoutStackSetName(trailName))).toEqual([]);
  });

  test('the longest bus name that fits is kept whole; one more character is cut and hashed', () => {
    const fits = 'x'.repeat(FANOUT_EVENT_BUS_NAME_MAX_LENGTH - '-alerts'.length);
    expect(defaultFanoutEventBusName(fits)).toBe(`${fits}-alerts`);
    const cut = defaultFanoutEventBusName(`${fits}y`);
    expect(cut).toMatch(/^x+-[0-9a-f]{8}-alerts$/);
    expect(cut).toHaveLength(FANOUT_EVENT_BUS_NAME_MAX_LENGTH);
    expect(defaultFanoutEventBusName(`${fits}z`)).not.toBe(cut);
  });
});

describe('the replication role\'s default name derives from the trail name', () => {
  test('<trailName>-archive-replication while it fits IAM\'s 64 characters', () => {
    expect(defaultReplicationRoleName('organization-trail')).toEqual('organization-trail-archive-replication');
    const longest = 'a'.repeat(64 - '-archive-replication'.length);
    expect(defaultReplicationRoleName(longest)).toEqual(`${longest}-archive-replication`);
  });

  test('one character more: cut, hashed, still 64 characters and distinct per trail', () => {
    const name = defaultReplicationRoleName('a'.repeat(65 - '-archive-replication'.length));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^a+-[0-9a-f]{8}-archive-replication$/);
    expect(defaultReplicationRoleName('b'.repeat(128))).not.toEqual(defaultReplicationRoleName(`${'b'.repeat(127)}c`));
  });
});
