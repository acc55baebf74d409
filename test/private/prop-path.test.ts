import { nestedPropPath, propNamer, propPathOf, throwIfConstructProblems, withPropPath } from '../../src/private/prop-path';

test('unmarked props are named as they are', () => {
  expect(propNamer({})('namePrefix')).toEqual('namePrefix');
});

test('marked props are named under the path, renames applied after the prefix', () => {
  const props = withPropPath({}, { prefix: 'alerts.', renames: { regions: 'organizationFanout.regions' } });
  expect(propNamer(props)('namePrefix')).toEqual('alerts.namePrefix');
  expect(propNamer(props)('regions')).toEqual('alerts.organizationFanout.regions');
});

test('a part of a part carries both paths', () => {
  const outer = propPathOf(withPropPath({}, { prefix: 'alerts.' }));
  const props = withPropPath({}, nestedPropPath(outer, { prefix: '', renames: { regions: 'organizationFanout.regions' } }));
  expect(propNamer(props)('regions')).toEqual('alerts.organizationFanout.regions');
  expect(propNamer(props)('alerts')).toEqual('alerts.alerts');
});

test('one problem throws as it is; several are listed under the construct', () => {
  expect(() => throwIfConstructProblems('TrailAlerts', [])).not.toThrow();
  expect(() => throwIfConstructProblems('TrailAlerts', ['a'])).toThrow(/^a$/);
  expect(() => throwIfConstructProblems('TrailAlerts', ['a', 'b'])).toThrow(/^Invalid TrailAlerts configuration:\n- a\n- b$/);
});
