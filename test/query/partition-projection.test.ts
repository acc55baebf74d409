import {
  AccountEnumeration, enumerationProblems, firstLogDateProblems, projectionParameters, RegionEnumeration,
} from '../../src/query/partition-projection';

const LOCATION = 's3://archive/cloudtrail/AWSLogs/o-a1b2c3d4e5/';

describe('projectionParameters', () => {
  test('enumerated accounts: enum projection over the organization layout', () => {
    expect(projectionParameters({
      tableLocation: LOCATION,
      accounts: AccountEnumeration.of(['111111111111', '222222222222']),
      regions: RegionEnumeration.of(['us-east-1', 'eu-west-1']),
      firstLogDate: '2021/06/01',
    })).toEqual({
      'projection.enabled': 'true',
      'projection.account.type': 'enum',
      'projection.account.values': '111111111111,222222222222',
      'projection.region.type': 'enum',
      'projection.region.values': 'us-east-1,eu-west-1',
      'projection.log_date.type': 'date',
      'projection.log_date.format': 'yyyy/MM/dd',
      'projection.log_date.range': '2021/06/01,NOW',
      'projection.log_date.interval': '1',
      'projection.log_date.interval.unit': 'DAYS',
      'storage.location.template': `${LOCATION}\${account}/CloudTrail/\${region}/\${log_date}`,
    });
  });

  test('injected accounts: no value list', () => {
    const parameters = projectionParameters({
      tableLocation: LOCATION, accounts: AccountEnumeration.injected(), regions: RegionEnumeration.of(['us-east-1']), firstLogDate: '2020/01/01',
    });
    expect(parameters['projection.account.type']).toBe('injected');
    expect(parameters).not.toHaveProperty('projection.account.values');
  });
});

describe('RegionEnumeration.allKnown', () => {
  test('lists the partition\'s Regions, sorted', () => {
    const regions = RegionEnumeration.allKnown().regions;
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'ap-southeast-2']));
    expect(regions).not.toContain('cn-north-1');
    expect([...regions].sort()).toEqual(regions);
  });

  test('other partitions', () => {
    expect(RegionEnumeration.allKnown('aws-cn').regions).toEqual(expect.arrayContaining(['cn-north-1']));
  });
});

describe('enumerationProblems', () => {
  const regions = RegionEnumeration.of(['us-east-1']);

  test('valid enumerations have none', () => {
    expect(enumerationProblems(AccountEnumeration.of(['111111111111']), regions)).toEqual([]);
    expect(enumerationProblems(AccountEnumeration.injected(), regions)).toEqual([]);
  });

  test.each([
    [[], /'accounts' enumerates no account/],
    [['12345'], /'accounts' must list 12-digit account IDs, got '12345'/],
    [['111111111111', '111111111111'], /'accounts' lists '111111111111' more than once/],
  ])('accounts %j', (ids, message) => {
    expect(enumerationProblems(AccountEnumeration.of(ids), regions).join('\n')).toMatch(message);
  });

  test.each([
    [[], /'regions' enumerates no Region/],
    [['US-EAST-1'], /'regions' must list literal Region codes such as 'us-east-1', got 'US-EAST-1'/],
  ])('regions %j', (list, message) => {
    expect(enumerationProblems(AccountEnumeration.injected(), RegionEnumeration.of(list)).join('\n')).toMatch(message);
  });

  test('enumerations copy their input', () => {
    const ids = ['111111111111'];
    const accounts = AccountEnumeration.of(ids);
    ids.push('222222222222');
    expect(accounts.accountIds).toEqual(['111111111111']);
  });
});

describe('firstLogDateProblems', () => {
  test.each(['2020/01/01', '2024/02/29'])('%s is fine', (value) => {
    expect(firstLogDateProblems(value)).toEqual([]);
  });

  test.each(['2020-01-01', '2023/02/29', '2020/13/01', '20/01/01', ''])('%j is refused', (value) => {
    expect(firstLogDateProblems(value).join()).toMatch(/'firstLogDate' must be a calendar day written yyyy\/MM\/dd/);
  });
});
