import { Duration, Lazy, Token } from 'aws-cdk-lib';
import {
  calledConstruct, nestedPropPath, propNamer, propPathOf, throwIfProblems, wholeDays, wholeDaysProblems, withPropPath,
} from '../../src/private/validation';

describe('prop paths', () => {
  test('unmarked props are named as they are', () => {
    expect(propNamer({})('namePrefix')).toEqual('namePrefix');
  });

  test('marked props are named under the path, renames applied after the prefix', () => {
    const props = withPropPath({}, { prefix: 'alerts.', renames: { regions: 'organizationFanout.regions' } });
    expect(propNamer(props)('namePrefix')).toEqual('alerts.namePrefix');
    expect(propNamer(props)('regions')).toEqual('alerts.organizationFanout.regions');
  });

  test('a part of a part carries both paths and the outer construct', () => {
    const outer = propPathOf(withPropPath({}, { prefix: 'alerts.', construct: 'OrganizationTrail' }));
    const props = withPropPath({}, nestedPropPath(outer, { prefix: '', renames: { regions: 'organizationFanout.regions' } }));
    expect(propNamer(props)('regions')).toEqual('alerts.organizationFanout.regions');
    expect(propNamer(props)('alerts')).toEqual('alerts.alerts');
    expect(calledConstruct(props, 'OrganizationAlertFanout')).toEqual('OrganizationTrail');
  });

  test('the construct called is the part itself when nobody marked its props', () => {
    expect(calledConstruct({}, 'TrailAlerts')).toEqual('TrailAlerts');
  });
});

test('one problem throws as it is; several are listed under the construct', () => {
  expect(() => throwIfProblems('TrailAlerts', [])).not.toThrow();
  expect(() => throwIfProblems('TrailAlerts', ['a'])).toThrow(/^a$/);
  expect(() => throwIfProblems('TrailAlerts', ['a', 'b'])).toThrow(/^Invalid TrailAlerts configuration:\n- a\n- b$/);
});

describe('whole-day durations', () => {
  test.each([
    [Duration.days(1), { minimum: 1 }],
    [Duration.days(90), { minimum: 90, maximum: 2560 }],
    [Duration.days(2560), { minimum: 90, maximum: 2560 }],
    [Duration.hours(48), { minimum: 1 }],
    [undefined, { minimum: 1 }],
  ])('%p within %p is fine', (duration, range) => {
    expect(wholeDaysProblems('prop', duration, range)).toEqual([]);
  });

  test.each([
    [Duration.days(0), { minimum: 1 }, "'prop' must be a whole number of days, at least 1, got 0 days. Use Duration.days(n)."],
    [Duration.hours(36), { minimum: 1 }, "'prop' must be a whole number of days, at least 1, got 1 day 12 hours. Use Duration.days(n)."],
    [Duration.days(89), { minimum: 90, maximum: 2560, source: "KMS's range" },
      "'prop' must be a whole number of days from 90 to 2560 (KMS's range), got 89 days. Use Duration.days(n)."],
    [Duration.days(2561), { minimum: 90, maximum: 2560 }, "'prop' must be a whole number of days from 90 to 2560, got 2561 days. Use Duration.days(n)."],
  ])('%p against %p', (duration, range, message) => {
    expect(wholeDaysProblems('prop', duration, range)).toEqual([message]);
  });

  test('an unresolved duration is skipped', () => {
    const days = Token.asNumber(Lazy.number({ produce: () => 3 }));
    expect(wholeDaysProblems('prop', Duration.days(days), { minimum: 5 })).toEqual([]);
  });

  test('wholeDays returns the days or throws naming the prop', () => {
    expect(wholeDays('prop', Duration.days(30), { minimum: 1 })).toBe(30);
    expect(() => wholeDays('prop', Duration.hours(1), { minimum: 1 })).toThrow(/^'prop' must be a whole number of days, at least 1, got 1 hour/);
  });
});
