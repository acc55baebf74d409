import * as api from '../src';

/**
 * The package exports its public API and nothing else: classes and enums at run time (interfaces
 * leave no trace), no helper functions or constants that only TypeScript users would see (jsii
 * drops them for Python, Java, .NET and Go).
 */
describe('src/index.ts', () => {
  // Interfaces re-exported by name are `undefined` at run time (ts-jest compiles modules in isolation).
  const exported = Object.entries(api).filter(([, value]) => value !== undefined);

  test('exports only classes and enums', () => {
    const neither = exported
      .filter(([, value]) => !isClass(value) && !isEnum(value))
      .map(([name]) => name);
    expect(neither).toEqual([]);
  });

  test('exports the constructs users instantiate', () => {
    const names = exported.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining([
      'OrganizationTrail', 'TrailQuery', 'TrailAlerts', 'AlarmTopic', 'AlertRules', 'MetricFilterAlarms',
      'OrganizationAlertFanout', 'LakeEventDataStore', 'Alert', 'AlertPack', 'EventSelector', 'OrganizationTamperGuard', 'ArchiveReplica',
      'LogArchive', 'TrailKeyPlacement', 'CloudTrailDelegatedAdministrator', 'TrailDeployment', 'ControlTowerProfile', 'ControlTowerLandingZone',
    ]));
  });
});

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function isEnum(value: unknown): boolean {
  return value !== null && typeof value === 'object'
    && Object.values(value as object).every((member) => typeof member === 'string' || typeof member === 'number');
}
