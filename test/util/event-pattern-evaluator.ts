/**
 * A small evaluator of EventBridge event patterns, written to the semantics documented in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html:
 *
 * - every field of the pattern must match (AND); the values listed for a field are alternatives (OR);
 * - a field of the pattern that is an object matches the event's object of that name, recursively;
 * - leaf values are arrays of literals (exact, case-sensitive match; `null` and `""` included) or of
 *   one-operator objects: prefix, suffix (both optionally `{equals-ignore-case}`), anything-but (value,
 *   list, or prefix/suffix/equals-ignore-case/wildcard), exists, equals-ignore-case, numeric, cidr
 *   (IPv4), wildcard;
 * - when the event's value is an array, the field matches if any element matches;
 * - `$or` holds alternative sub-patterns, ANDed with the sibling fields.
 *
 * Assumption (not stated outright in the guide): every matcher except `{"exists": false}` needs the
 * field to be present, so `anything-but` does not match a missing field.
 *
 * It throws on anything it does not know (unknown operator, leaf that is not an array), so that a
 * mistyped pattern fails the tests instead of silently matching nothing.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ABSENT = Symbol('absent');
type Value = Json | typeof ABSENT;

export function matchesEventPattern(pattern: { [key: string]: any }, event: { [key: string]: any }): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: { [key: string]: any }, event: Value): boolean {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) {
    throw new Error(`an event pattern must be an object, got ${JSON.stringify(pattern)}`);
  }
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') {
      if (!Array.isArray(expected) || expected.length === 0) {
        throw new Error('$or must be a non-empty array of patterns');
      }
      return expected.some((branch) => matchObject(branch, event));
    }
    const actual = fieldOf(event, key);
    if (Array.isArray(expected)) {
      return matchLeaf(expected, actual);
    }
    if (typeof expected === 'object' && expected !== null) {
      return matchNested(expected, actual);
    }
    throw new Error(`leaf values must be arrays, got ${JSON.stringify(expected)} at '${key}'`);
  });
}

function matchNested(pattern: { [key: string]: any }, actual: Value): boolean {
  if (Array.isArray(actual)) {
    return actual.some((element) => matchObject(pattern, element));
  }
  if (actual !== ABSENT && (typeof actual !== 'object' || actual === null)) {
    // A scalar cannot hold nested fields: only exists:false matchers inside can still match.
    return matchObject(pattern, ABSENT);
  }
  return matchObject(pattern, actual);
}

function fieldOf(event: Value, key: string): Value {
  if (event === ABSENT || event === null || typeof event !== 'object' || Array.isArray(event)) {
    return ABSENT;
  }
  return Object.prototype.hasOwnProperty.call(event, key) ? event[key] : ABSENT;
}

function matchLeaf(matchers: any[], actual: Value): boolean {
  if (matchers.length === 0) {
    throw new Error('an empty array matches nothing');
  }
  return matchers.some((matcher) => {
    if (isOperator(matcher) && Object.keys(matcher)[0] === 'exists') {
      const exists = matcher.exists;
      if (typeof exists !== 'boolean') {
        throw new Error(`exists takes true or false, got ${JSON.stringify(exists)}`);
      }
      const present = actual !== ABSENT && !(Array.isArray(actual) && actual.length === 0);
      return exists === present;
    }
    if (actual === ABSENT) {
      return false;
    }
    const values: Json[] = Array.isArray(actual) ? actual : [actual];
    return values.some((value) => matchValue(matcher, value));
  });
}

function isOperator(matcher: any): matcher is { [key: string]: any } {
  return typeof matcher === 'object' && matcher !== null && !Array.isArray(matcher);
}

function matchValue(matcher: any, value: Json): boolean {
  if (!isOperator(matcher)) {
    if (Array.isArray(matcher)) {
      throw new Error(`nested arrays are not valid matchers: ${JSON.stringify(matcher)}`);
    }
    return matcher === value;
  }
  const keys = Object.keys(matcher);
  if (keys.length !== 1) {
    throw new Error(`a matcher object holds exactly one operator, got ${JSON.stringify(matcher)}`);
  }
  const operator = keys[0];
  const argument = matcher[operator];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && stringTest(argument, 'prefix', (expected, ignoreCase) =>
        fold(value, ignoreCase).startsWith(fold(expected, ignoreCase)));
    case 'suffix':
      return typeof value === 'string' && stringTest(argument, 'suffix', (expected, ignoreCase) =>
        fold(value, ignoreCase).endsWith(fold(expected, ignoreCase)));
    case 'equals-ignore-case':
      if (typeof argument !== 'string') {
        throw new Error('equals-ignore-case takes a string');
      }
      return typeof value === 'string' && value.toLowerCase() === argument.toLowerCase();
    case 'wildcard':
      if (typeof argument !== 'string') {
        throw new Error('wildcard takes a string');
      }
      return typeof value === 'string' && wildcardMatches(argument, value);
    case 'numeric':
      return numericMatches(argument, value);
    case 'cidr':
      return typeof value === 'string' && cidrMatches(argument, value);
    case 'anything-but':
      return anythingBut(argument, value);
    case 'exists':
      throw new Error('exists is handled per field');
    default:
      throw new Error(`unknown operator '${operator}'`);
  }
}

function fold(value: string, ignoreCase: boolean): string {
  return ignoreCase ? value.toLowerCase() : value;
}

function stringTest(argument: any, operator: string, test: (expected: string, ignoreCase: boolean) => boolean): boolean {
  if (typeof argument === 'string') {
    return test(argument, false);
  }
  if (isOperator(argument) && typeof argument['equals-ignore-case'] === 'string' && Object.keys(argument).length === 1) {
    return test(argument['equals-ignore-case'], true);
  }
  throw new Error(`${operator} takes a string or {"equals-ignore-case": string}, got ${JSON.stringify(argument)}`);
}

function anythingBut(argument: any, value: Json): boolean {
  if (isOperator(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1) {
      throw new Error(`anything-but takes one operator, got ${JSON.stringify(argument)}`);
    }
    const inner = keys[0];
    const innerArgument = argument[inner];
    switch (inner) {
      case 'prefix':
      case 'suffix':
      case 'wildcard':
        return typeof value === 'string' && !matchValue({ [inner]: innerArgument }, value);
      case 'equals-ignore-case': {
        const list = Array.isArray(innerArgument) ? innerArgument : [innerArgument];
        return typeof value === 'string' && !list.some((item: string) => item.toLowerCase() === value.toLowerCase());
      }
      default:
        throw new Error(`anything-but does not take '${inner}'`);
    }
  }
  const list = Array.isArray(argument) ? argument : [argument];
  if (list.some((item) => typeof item === 'object' && item !== null)) {
    throw new Error(`anything-but lists hold strings or numbers, got ${JSON.stringify(argument)}`);
  }
  return !list.includes(value);
}

function wildcardMatches(pattern: string, value: string): boolean {
  if (pattern.includes('**')) {
    throw new Error('wildcard patterns must not contain consecutive asterisks');
  }
  // '\*' is a literal asterisk; every other '*' matches any run of characters.
  const regex = pattern
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${regex}$`, 's').test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

function numericMatches(argument: any, value: Json): boolean {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length % 2 !== 0) {
    throw new Error(`numeric takes [operator, number, ...], got ${JSON.stringify(argument)}`);
  }
  if (typeof value !== 'number') {
    return false;
  }
  for (let index = 0; index < argument.length; index += 2) {
    const operator = argument[index];
    const operand = argument[index + 1];
    if (!NUMERIC_OPERATORS.has(operator) || typeof operand !== 'number') {
      throw new Error(`numeric takes [operator, number, ...], got ${JSON.stringify(argument)}`);
    }
    const ok = operator === '<' ? value < operand
      : operator === '<=' ? value <= operand
        : operator === '=' ? value === operand
          : operator === '>' ? value > operand
            : value >= operand;
    if (!ok) {
      return false;
    }
  }
  return true;
}

function cidrMatches(argument: any, value: string): boolean {
  const match = typeof argument === 'string' ? /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(argument) : null;
  if (!match) {
    throw new Error(`cidr takes an IPv4 block such as '10.0.0.0/24' here, got ${JSON.stringify(argument)}`);
  }
  const address = ipv4(value);
  if (address === undefined) {
    return false;
  }
  // Compare the first `bits` bits, arithmetically (no bitwise operators on 32-bit signed ints).
  const block = 2 ** (32 - Number(match[2]));
  return Math.floor(address / block) === Math.floor(ipv4(match[1])! / block);
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
    return undefined;
  }
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}
