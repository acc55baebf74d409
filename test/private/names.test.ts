import { Aws, Lazy, Token } from 'aws-cdk-lib';
import {
  organizationIdProblems,
  s3KeyPrefixProblems,
  trailNameProblems,
} from '../../src/private/names';
import { throwIfProblems } from '../../src/private/validation';

/** Escapes a literal for use inside a RegExp. */
function literal(value: string): RegExp {
  return new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Asserts exactly one problem that names the prop in quotes and shows the value in quotes. */
function expectOneProblem(problems: string[], prop: string, value: string): string {
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(literal(`'${prop}'`));
  expect(problems[0]).toMatch(literal(`'${value}'`));
  return problems[0];
}

describe('organizationIdProblems', () => {
  test.each([
    ['the documented example', 'o-a1b2c3d4e5'],
    ['10 characters after o- (the minimum)', 'o-abcdefghij'],
    ['32 characters after o- (the maximum)', `o-${'a1'.repeat(16)}`],
    ['digits only', 'o-1234567890'],
  ])('accepts %s', (_label, value) => {
    expect(organizationIdProblems(value)).toEqual([]);
  });

  test.each([
    ['uppercase letters', 'o-A1B2C3D4E5'],
    ['an uppercase prefix', 'O-a1b2c3d4e5'],
    ['9 characters after o- (too short)', 'o-a1b2c3d4e'],
    ['33 characters after o- (too long)', `o-${'a1'.repeat(16)}b`],
    ['no o- prefix', 'a1b2c3d4e5'],
    ['an account ID instead', '111111111111'],
    ['a hyphen in the suffix', 'o-a1b2c-d4e5'],
    ['surrounding whitespace', ' o-a1b2c3d4e5'],
    ['an empty string', ''],
  ])('rejects %s, naming the prop and showing the value', (_label, value) => {
    const message = expectOneProblem(organizationIdProblems(value), 'organizationId', value);
    expect(message).toMatch(/'o-' followed by 10-32 lowercase letters or digits/);
  });

  test('the 32-character suffix is the limit and 33 is one too many', () => {
    expect(`o-${'a1'.repeat(16)}`.length - 2).toBe(32);
    expect(`o-${'a1'.repeat(16)}b`.length - 2).toBe(33);
  });

  test.each([
    ['a Ref token', Token.asString({ Ref: 'OrgId' })],
    ['a Lazy string', Lazy.string({ produce: () => 'O-BAD' })],
  ])('skips %s', (_label, value) => {
    expect(organizationIdProblems(value)).toEqual([]);
  });
});

describe('trailNameProblems', () => {
  test.each([
    ['3 characters (the minimum)', 'abc'],
    ['128 characters (the maximum)', 'a'.repeat(128)],
    ['letters, digits, period, underscore and hyphen', 'Org.Trail_2025-main'],
    ['digits only', '123'],
    ['a four-part dotted name that is not an IP address (letters)', 'a.b.c.d'],
    ['a dotted number with too many parts to be an IP address', '1.2.3.4.5'],
  ])('accepts %s', (_label, value) => {
    expect(trailNameProblems(value)).toEqual([]);
  });

  test.each([
    ['2 characters (one too few)', 'ab', /3-128 characters long \(it has 2\)/],
    ['129 characters (one too many)', 'a'.repeat(129), /3-128 characters long \(it has 129\)/],
    ['a space', 'org trail', /only ASCII letters, digits, periods, underscores and hyphens/],
    ['a slash', 'org/trail', /only ASCII letters, digits, periods, underscores and hyphens/],
    ['a non-ASCII letter', 'orgtrailé1', /only ASCII letters/],
    ['a leading hyphen', '-orgtrail', /start and end with a letter or digit/],
    ['a trailing period', 'orgtrail.', /start and end with a letter or digit/],
    ['a leading underscore', '_orgtrail', /start and end with a letter or digit/],
    ['an adjacent hyphen and underscore', 'my-_trail', /not have two periods, underscores or hyphens next to each other/],
    ['two periods', 'my..trail', /not have two periods, underscores or hyphens next to each other/],
    ['two hyphens', 'my--trail', /not have two periods, underscores or hyphens next to each other/],
    ['two underscores', 'my__trail', /not have two periods, underscores or hyphens next to each other/],
    ['IP address format', '192.168.0.1', /not be in IP address format/],
    ['another IP address', '10.0.0.255', /not be in IP address format/],
  ])('rejects %s, naming the prop, showing the value and the rule', (_label, value, rule) => {
    const message = expectOneProblem(trailNameProblems(value), 'trailName', value);
    expect(message).toMatch(rule);
  });

  test('collects every broken rule into one message', () => {
    const message = expectOneProblem(trailNameProblems('-a'), 'trailName', '-a');
    expect(message).toMatch(/3-128 characters long \(it has 2\)/);
    expect(message).toMatch(/start and end with a letter or digit/);
    expect(message).not.toMatch(/IP address/);
  });

  test('an empty name fails the length rule', () => {
    expect(expectOneProblem(trailNameProblems(''), 'trailName', '')).toMatch(/it has 0/);
  });

  test.each([
    ['a Ref token', Token.asString({ Ref: 'TrailName' })],
    ['a pseudo parameter', Aws.STACK_NAME],
    ['a Lazy string', Lazy.string({ produce: () => 'org-trail' })],
  ])('rejects %s: the name must be a literal', (_label, value) => {
    const problems = trailNameProblems(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/'trailName' must be a literal string/);
  });
});

describe('s3KeyPrefixProblems', () => {
  test.each([
    ['a single word', 'cloudtrail'],
    ['nested folders', 'org/cloudtrail/logs'],
    ['200 characters (the maximum)', 'a'.repeat(200)],
    ['every allowed punctuation character', "a!_.'()-/b"],
    ['a single character', 'x'],
  ])('accepts %s', (_label, value) => {
    expect(s3KeyPrefixProblems(value)).toEqual([]);
  });

  test.each([
    ['201 characters (one too many)', 'a'.repeat(201), /1-200 characters long \(it has 201\)/],
    ['an empty string', '', /1-200 characters long \(it has 0\); leave it undefined for no prefix/],
    ['a leading slash', '/cloudtrail', /not start or end with '\/'/],
    ['a trailing slash', 'cloudtrail/', /not start or end with '\/'/],
    ['a double slash', 'org//cloudtrail', /not contain '\/\/'/],
    ['an asterisk', 'cloud*trail', /'\*' and '\?' would widen the bucket policy/],
    ['a question mark', 'cloud?trail', /'\*' and '\?' would widen the bucket policy/],
    ['a space', 'cloud trail', /use only letters, digits/],
    ['a dollar sign', 'cloud$trail', /use only letters, digits/],
  ])('rejects %s, naming the prop, showing the value and the rule', (_label, value, rule) => {
    const message = expectOneProblem(s3KeyPrefixProblems(value), 's3KeyPrefix', value);
    expect(message).toMatch(rule);
  });

  test('collects every broken rule into one message', () => {
    const message = expectOneProblem(s3KeyPrefixProblems('/a//*'), 's3KeyPrefix', '/a//*');
    expect(message).toMatch(/not start or end with '\/'/);
    expect(message).toMatch(/not contain '\/\/'/);
    expect(message).toMatch(/would widen the bucket policy/);
  });

  test.each([
    ['a Ref token', Token.asString({ Ref: 'Prefix' })],
    ['a Lazy string', Lazy.string({ produce: () => 'cloudtrail' })],
  ])('rejects %s: the prefix must be a literal', (_label, value) => {
    const problems = s3KeyPrefixProblems(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/'s3KeyPrefix' must be a literal string/);
  });
});

describe('throwIfProblems', () => {
  test('does nothing without problems', () => {
    expect(() => throwIfProblems('OrganizationTrail', [])).not.toThrow();
  });

  test('throws a single problem as it is', () => {
    const problem = "'trailName' must be 3-128 characters long (it has 2); got 'ab'.";
    expect(() => throwIfProblems('OrganizationTrail', [problem])).toThrow(new Error(problem));
  });

  test('throws several problems as one list', () => {
    const first = organizationIdProblems('O-BAD')[0];
    const second = trailNameProblems('ab')[0];
    expect(() => throwIfProblems('OrganizationTrail', [first, second])).toThrow(
      new Error(`Invalid OrganizationTrail configuration:\n- ${first}\n- ${second}`),
    );
  });

  test('a list keeps every problem, each naming its prop', () => {
    let message = '';
    try {
      throwIfProblems('OrganizationTrail', [
        ...organizationIdProblems('O-BAD'),
        ...trailNameProblems('ab'),
        ...s3KeyPrefixProblems('/x'),
      ]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toHaveLength(4);
    expect(message).toMatch(/^- 'organizationId'.*'O-BAD'/m);
    expect(message).toMatch(/^- 'trailName'.*'ab'/m);
    expect(message).toMatch(/^- 's3KeyPrefix'.*'\/x'/m);
  });
});
