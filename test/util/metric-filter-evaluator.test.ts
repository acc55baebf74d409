import { matchesMetricFilter } from './metric-filter-evaluator';

// Syntax from https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
const RECORD = {
  eventName: 'ConsoleLogin',
  errorCode: 'Client.UnauthorizedOperation',
  sourceIPAddress: '123.123.1.2',
  bytes: 512,
  flag: true,
  off: false,
  nothing: null,
  userIdentity: { type: 'Root' },
  items: [{ id: 'a' }, { id: 'b' }],
};

test.each([
  ['quoted equality', '{ $.eventName = "ConsoleLogin" }', true],
  ['unquoted equality', '{ $.eventName = ConsoleLogin }', true],
  ['no spaces', '{$.eventName=ConsoleLogin}', true],
  ['inequality', '{ $.eventName != "ConsoleLogin" }', false],
  ['inequality matches other values', '{ $.eventName != "CheckMfa" }', true],
  ['inequality on a missing field (assumed not to match)', '{ $.missing != "x" }', false],
  ['equality on a missing field', '{ $.missing = "x" }', false],
  ['leading wildcard', '{ $.errorCode = "*UnauthorizedOperation" }', true],
  ['trailing wildcard', '{ $.errorCode = "Client.*" }', true],
  ['unquoted wildcard', '{ $.sourceIPAddress != 123.123.* }', false],
  ['wildcard mismatch', '{ $.errorCode = "AccessDenied*" }', false],
  ['case-sensitive', '{ $.eventName = "consolelogin" }', false],
  ['nested selector', '{ $.userIdentity.type = "Root" }', true],
  ['array index', '{ $.items[1].id = "b" }', true],
  ['numeric >', '{ $.bytes > 500 }', true],
  ['numeric <=', '{ $.bytes <= 500 }', false],
  ['numeric =', '{ $.bytes = 512 }', true],
  ['numeric !=', '{ $.bytes != 512 }', false],
  ['numeric >= and <', '{ ($.bytes >= 512) && ($.bytes < 513) }', true],
  ['IS TRUE', '{ $.flag IS TRUE }', true],
  ['IS FALSE', '{ $.off IS FALSE }', true],
  ['IS TRUE on false', '{ $.off IS TRUE }', false],
  ['IS NULL', '{ $.nothing IS NULL }', true],
  ['IS NULL on a value', '{ $.eventName IS NULL }', false],
  ['NOT EXISTS on missing', '{ $.userIdentity.invokedBy NOT EXISTS }', true],
  ['NOT EXISTS on present', '{ $.userIdentity.type NOT EXISTS }', false],
  ['EXISTS', '{ $.userIdentity.type EXISTS }', true],
  ['&&', '{ ($.eventName = "ConsoleLogin") && ($.bytes = 1) }', false],
  ['||', '{ ($.eventName = "x") || ($.bytes = 512) }', true],
  ['chain of && without parentheses', '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventName !="AwsServiceEvent"}', true],
  ['nested groups', '{ ($.eventName = "ConsoleLogin") && (($.bytes = 1) || ($.flag IS TRUE)) }', true],
])('%s', (_name, pattern, expected) => {
  expect(matchesMetricFilter(pattern, RECORD)).toBe(expected);
});

test.each([
  ['no braces', '$.eventName = "x"', /enclosed in braces/],
  ['mixed && and || without parentheses', '{ $.a = 1 && $.b = 2 || $.c = 3 }', /mixed without parentheses/],
  ['missing parenthesis', '{ ($.a = 1 }', /missing '\)'|unexpected end/],
  ['selector without $.', '{ eventName = "x" }', /expected a selector/],
  ['string with <', '{ $.eventName < "x" }', /strings compare only with = or !=/],
  ['IS what', '{ $.flag IS MAYBE }', /IS takes TRUE, FALSE or NULL|expected/],
  ['trailing garbage', '{ $.a = 1 ) }', /unexpected/],
])('rejects %s', (_name, pattern, message) => {
  expect(() => matchesMetricFilter(pattern, RECORD)).toThrow(message);
});
