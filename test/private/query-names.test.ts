import { Token } from 'aws-cdk-lib';
import {
  BYTES_SCANNED_CUTOFF_MAX, BYTES_SCANNED_CUTOFF_MIN, bytesScannedCutoffProblems, eventDataStoreNameProblems, glueNameProblems,
  workGroupNameProblems,
} from '../../src/private/query-names';

describe('glueNameProblems', () => {
  test.each(['cloudtrail_org', 'a', 'x'.repeat(255), 'logs_2024'])('%s is fine', (name) => {
    expect(glueNameProblems('databaseName', name, 'cloudtrail_org')).toEqual([]);
  });

  test.each(['Bad-Name', '', 'x'.repeat(256), 'with space', 'dash-name', 'é'.repeat(128)])('%j is refused', (name) => {
    expect(glueNameProblems('databaseName', name, 'cloudtrail_org')).toEqual([
      `'databaseName' must be 1-255 lowercase letters, digits or underscores (names Athena can query, at most 255 bytes), got '${name}'. Use e.g. 'cloudtrail_org'.`,
    ]);
  });

  test.each([['UPPER', 'upper'], ['CloudTrail_Org', 'cloudtrail_org']])('%j is refused with its lowercase form as the fix', (name, lowered) => {
    expect(glueNameProblems('tableName', name, 'organization_trail').join()).toMatch(new RegExp(`got '${name}'\\. Use '${lowered}' \\(Athena lowercases names\\)\\.$`));
  });

  test.each(['_leading_underscore', '2024_logs'])('%j is accepted: the named queries quote names', (name) => {
    expect(glueNameProblems('databaseName', name, 'cloudtrail_org')).toEqual([]);
  });

  test('tokens are refused: the queries spell the name out', () => {
    expect(glueNameProblems('tableName', Token.asString({ Ref: 'X' }), 't').join()).toMatch(/'tableName' must be a literal string/);
  });
});

describe('workGroupNameProblems', () => {
  test.each(['cloudtrail-org', 'A.b_c-1', 'x'.repeat(128)])('%s is fine', (name) => {
    expect(workGroupNameProblems(name)).toEqual([]);
  });

  test.each(['', 'x'.repeat(129), 'bad name', 'bad/name'])('%j is refused', (name) => {
    expect(workGroupNameProblems(name).join()).toMatch(/'workGroupName' must be 1-128 letters, digits, periods, underscores or hyphens/);
  });

  test('tokens are refused', () => {
    expect(workGroupNameProblems(Token.asString({ Ref: 'X' })).join()).toMatch(/'workGroupName' must be a literal string/);
  });

  test('the primary workgroup every account has is refused', () => {
    expect(workGroupNameProblems('primary')).toEqual([
      '\'workGroupName\' must not be \'primary\': every account already has that workgroup, and a stack can neither create nor delete it. Use e.g. \'cloudtrail-org\'.',
    ]);
  });

  test('the prop is named as the caller wrote it', () => {
    expect(workGroupNameProblems('bad name', 'archiveQueryOptions.workGroupName').join()).toMatch(/^'archiveQueryOptions\.workGroupName' must be 1-128 .*got 'bad name'/);
  });
});

describe('bytesScannedCutoffProblems', () => {
  test.each([BYTES_SCANNED_CUTOFF_MIN, 1_000_000_000_000, BYTES_SCANNED_CUTOFF_MAX])('%d is fine', (value) => {
    expect(bytesScannedCutoffProblems(value)).toEqual([]);
  });

  test.each([BYTES_SCANNED_CUTOFF_MIN - 1, 0, -1, 10_000_000.5, BYTES_SCANNED_CUTOFF_MAX + 1])('%d is refused', (value) => {
    expect(bytesScannedCutoffProblems(value).join()).toMatch(/'bytesScannedCutoffPerQuery' must be a whole number of bytes from 10000000 \(10 MB/);
  });

  test('tokens are skipped', () => {
    expect(bytesScannedCutoffProblems(Token.asNumber({ Ref: 'X' }))).toEqual([]);
  });
});

describe('eventDataStoreNameProblems', () => {
  test.each(['abc', 'organization-events', 'x'.repeat(128)])('%s is fine', (name) => {
    expect(eventDataStoreNameProblems(name)).toEqual([]);
  });

  test.each(['ab', 'x'.repeat(129), 'bad name'])('%j is refused', (name) => {
    expect(eventDataStoreNameProblems(name).join()).toMatch(/'eventDataStoreName' must be 3-128 letters/);
  });
});
