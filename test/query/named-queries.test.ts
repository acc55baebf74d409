import { Parser } from 'node-sql-parser/build/trino';
import { queryablePaths } from '../../src/query/cloudtrail-table-schema';
import { LAKE_LOOKBACK_DAYS, partitionFilter, QueryTarget, TRAIL_QUERIES } from '../../src/query/named-queries';

/**
 * Every shipped query is checked against the table definition: each name it uses is a column,
 * a partition key or a struct field of the schema; its WHERE clause filters on all three
 * partition keys; and its SQL is well formed, by node-sql-parser's Trino grammar (a
 * devDependency) and by the structural checks below.
 */

const ENUMERATED: QueryTarget = { database: 'cloudtrail_org', table: 'organization_trail', accounts: ['111111111111', '222222222222'], regions: ['us-east-1', 'eu-west-1'] };
const INJECTED: QueryTarget = { ...ENUMERATED, accounts: [] };
const KEYWORDS = new Set(['select', 'from', 'where', 'and', 'or', 'in', 'like', 'is', 'null', 'not', 'as', 'order', 'by', 'desc', 'asc', 'limit']);
const PATHS = new Set(queryablePaths());

/** The identifiers a query uses as column references (functions, aliases, literals and the FROM target removed). */
function columnReferences(sql: string): string[] {
  const withoutLiterals = sql.replace(/'(?:[^']|'')*'/g, '\'\'').replace(/FROM\s+"[^"]+"\."[^"]+"/, 'FROM t');
  const aliases = new Set([...withoutLiterals.matchAll(/\bAS\s+([a-z_][a-z0-9_]*)/gi)].map((match) => match[1].toLowerCase()));
  const tokens = [...withoutLiterals.replace(/FROM t\b/, '').matchAll(/([A-Za-z_][A-Za-z0-9_.]*)(\s*\()?/g)];
  return tokens
    .filter((match) => match[2] === undefined)
    .map((match) => match[1])
    .filter((token) => !KEYWORDS.has(token.toLowerCase()) && !aliases.has(token.toLowerCase()));
}

function whereClause(sql: string): string {
  return sql.slice(sql.indexOf('WHERE'), sql.indexOf('ORDER BY'));
}

function balanced(sql: string): boolean {
  const text = sql.replace(/'(?:[^']|'')*'/g, '');
  let depth = 0;
  for (const char of text) {
    depth += char === '(' ? 1 : char === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0 && (sql.match(/'/g) ?? []).length % 2 === 0;
}

/** node-sql-parser's Trino grammar (the build with only that dialect). */
const parser = new Parser();

describe('the shipped queries', () => {
  test('cover the two classic questions and the CIS monitoring items', () => {
    expect(TRAIL_QUERIES.map((query) => query.id)).toEqual([
      'ec2-instances-terminated', 'access-denied', 'console-sign-in-without-mfa', 'root-activity', 'iam-policy-changes',
      'cloudtrail-changes', 'console-sign-in-failures', 'kms-key-disabled-or-scheduled-for-deletion', 's3-bucket-policy-changes',
      'config-changes', 'security-group-changes', 'network-acl-changes', 'network-gateway-changes', 'route-table-changes',
      'vpc-changes', 'organizations-changes',
    ]);
  });

  test('ids are unique kebab-case; titles and descriptions fit Athena\'s limits (128 / 1024)', () => {
    expect(new Set(TRAIL_QUERIES.map((query) => query.id)).size).toBe(TRAIL_QUERIES.length);
    for (const query of TRAIL_QUERIES) {
      expect(query.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(query.title.length).toBeLessThanOrEqual(128);
      expect(query.description.length).toBeGreaterThan(0);
      expect(query.description.length).toBeLessThanOrEqual(1024);
    }
  });

  describe.each(TRAIL_QUERIES.map((query) => [query.id, query]))('%s (Athena)', (_id, query) => {
    test.each([['enumerated accounts', ENUMERATED], ['injected accounts', INJECTED]])('with %s: every name it uses exists in the table', (_mode, target) => {
      const unknown = columnReferences(query.athenaSql(target)).filter((name) => !PATHS.has(name));
      expect(unknown).toEqual([]);
    });

    test('filters on every partition key in its WHERE clause', () => {
      const where = whereClause(query.athenaSql(ENUMERATED));
      expect(where).toContain('log_date >= ?');
      expect(where).toContain('account IN (\'111111111111\', \'222222222222\')');
      expect(where).toContain('region IN (\'us-east-1\', \'eu-west-1\')');
      expect(whereClause(query.athenaSql(INJECTED))).toContain('account = ?');
    });

    test('reads the target table and is well formed', () => {
      const sql = query.athenaSql(ENUMERATED);
      expect(sql).toMatch(/^SELECT [\s\S]+\nFROM "cloudtrail_org"\."organization_trail"\nWHERE [\s\S]+\nORDER BY eventtime DESC\nLIMIT 10000$/);
      expect(balanced(sql)).toBe(true);
    });

    test('parses in the Trino dialect', () => {
      expect(() => parser.astify(query.athenaSql(INJECTED), { database: 'trino' })).not.toThrow();
    });
  });

  describe.each(TRAIL_QUERIES.map((query) => [query.id, query]))('%s (Lake)', (_id, query) => {
    test('reads the event data store and bounds eventTime', () => {
      const sql = query.lakeSql('EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE');
      expect(sql).toContain('FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE');
      expect(whereClause(sql)).toContain(`eventTime >= date_add('day', -${LAKE_LOOKBACK_DAYS}, now())`);
      expect(balanced(sql)).toBe(true);
    });

    test('parses in the Trino dialect (with a quoted store ID)', () => {
      expect(() => parser.astify(query.lakeSql('"eds"'), { database: 'trino' })).not.toThrow();
    });
  });
});

describe('the classic questions', () => {
  const sqlOf = (id: string) => TRAIL_QUERIES.find((query) => query.id === id)!.athenaSql(ENUMERATED);

  test('who terminated EC2 instances: time, principal ARN, source IP, parameters', () => {
    const sql = sqlOf('ec2-instances-terminated');
    for (const part of ['from_iso8601_timestamp(eventtime) AS event_time', 'useridentity.arn AS principal_arn', 'sourceipaddress', 'requestparameters',
      'eventsource = \'ec2.amazonaws.com\' AND eventname = \'TerminateInstances\'']) {
      expect(sql).toContain(part);
    }
  });

  test('denied calls: AccessDenied* or *UnauthorizedOperation', () => {
    expect(sqlOf('access-denied')).toContain('errorcode LIKE \'AccessDenied%\' OR errorcode LIKE \'%UnauthorizedOperation\'');
  });
});

describe('partitionFilter', () => {
  test('escapes quotes in enumerated values', () => {
    expect(partitionFilter({ ...ENUMERATED, regions: ['it\'s'] })).toContain('region IN (\'it\'\'s\')');
  });
});

describe('the column checker itself', () => {
  test('catches an unknown column and a wrong struct path', () => {
    expect(columnReferences('SELECT eventnam, useridentity.nope FROM "d"."t" WHERE log_date >= ?')).toEqual(['eventnam', 'useridentity.nope', 'log_date']);
  });
});

describe('the Trino parser itself', () => {
  test('rejects malformed SQL, so a passing parse means something', () => {
    expect(() => parser.astify('SELECT eventname FROM WHERE (', { database: 'trino' })).toThrow();
  });
});
