/**
 * A small evaluator of CloudWatch Logs JSON filter patterns (`{ ... }`), written to the syntax in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html and
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html:
 *
 * - selectors `$.a.b`, `$.a[0].b`; comparisons `=`, `!=` with quoted or unquoted strings, where `*`
 *   matches any run of characters (e.g. `"AccessDenied*"`, `123.123.*`);
 * - numeric comparisons `=`, `!=`, `<`, `<=`, `>`, `>=` against numbers;
 * - `IS TRUE`, `IS FALSE`, `IS NULL`, `NOT EXISTS`, `EXISTS`;
 * - `&&`, `||` and parentheses.
 *
 * Assumptions, kept strict so that a doubtful pattern fails a test rather than passing it:
 * - a comparison (including `!=`) on a field that is absent does not match (UNVERIFIED);
 * - mixing `&&` and `||` at one level without parentheses is rejected: CloudWatch Logs does not
 *   document their precedence.
 */

export function matchesMetricFilter(pattern: string, record: { [key: string]: any }): boolean {
  return parseMetricFilter(pattern)(record);
}

type Predicate = (record: any) => boolean;

interface Token {
  readonly kind: 'selector' | 'op' | 'string' | 'bare' | 'number' | 'lparen' | 'rparen' | 'and' | 'or' | 'keyword';
  readonly text: string;
}

/** Parses a JSON filter pattern into a predicate; throws on syntax it does not know. */
export function parseMetricFilter(pattern: string): Predicate {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) {
    throw new Error(`a JSON filter pattern is enclosed in braces: ${pattern}`);
  }
  const tokens = tokenize(trimmed.slice(1, -1));
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const next = (): Token => {
    const token = tokens[position++];
    if (!token) {
      throw new Error(`unexpected end of pattern: ${pattern}`);
    }
    return token;
  };

  function expression(): Predicate {
    const terms = [term()];
    let joiner: 'and' | 'or' | undefined;
    while (peek() && (peek()!.kind === 'and' || peek()!.kind === 'or')) {
      const kind = next().kind as 'and' | 'or';
      if (joiner && joiner !== kind) {
        throw new Error(`'&&' and '||' mixed without parentheses (precedence undocumented): ${pattern}`);
      }
      joiner = kind;
      terms.push(term());
    }
    if (terms.length === 1) {
      return terms[0];
    }
    return joiner === 'and'
      ? (record) => terms.every((predicate) => predicate(record))
      : (record) => terms.some((predicate) => predicate(record));
  }

  function term(): Predicate {
    const token = next();
    if (token.kind === 'lparen') {
      const inner = expression();
      if (next().kind !== 'rparen') {
        throw new Error(`missing ')' in ${pattern}`);
      }
      return inner;
    }
    if (token.kind !== 'selector') {
      throw new Error(`expected a selector such as $.eventName, got '${token.text}' in ${pattern}`);
    }
    const path = parseSelector(token.text);
    const following = next();
    if (following.kind === 'keyword') {
      return keywordPredicate(path, following.text, next, pattern);
    }
    if (following.kind !== 'op') {
      throw new Error(`expected an operator after ${token.text}, got '${following.text}' in ${pattern}`);
    }
    const value = next();
    return comparison(path, following.text, value, pattern);
  }

  const predicate = expression();
  if (position !== tokens.length) {
    throw new Error(`unexpected '${tokens[position].text}' in ${pattern}`);
  }
  return predicate;
}

function keywordPredicate(path: PathStep[], keyword: string, next: () => Token, pattern: string): Predicate {
  if (keyword === 'IS') {
    const what = next();
    if (what.kind !== 'keyword' || !['TRUE', 'FALSE', 'NULL'].includes(what.text)) {
      throw new Error(`IS takes TRUE, FALSE or NULL in ${pattern}`);
    }
    return (record) => {
      const value = resolve(record, path);
      return what.text === 'NULL' ? value === null : value === (what.text === 'TRUE');
    };
  }
  if (keyword === 'NOT') {
    const what = next();
    if (what.text !== 'EXISTS') {
      throw new Error(`NOT takes EXISTS in ${pattern}`);
    }
    return (record) => resolve(record, path) === undefined;
  }
  if (keyword === 'EXISTS') {
    return (record) => resolve(record, path) !== undefined;
  }
  throw new Error(`unknown keyword '${keyword}' in ${pattern}`);
}

function comparison(path: PathStep[], operator: string, value: Token, pattern: string): Predicate {
  if (value.kind === 'number') {
    const operand = Number(value.text);
    return (record) => {
      const actual = resolve(record, path);
      if (typeof actual !== 'number') {
        // A number written without quotes also compares with a string value of the same text.
        return typeof actual === 'string' && (operator === '=' ? actual === value.text : operator === '!=' ? actual !== value.text : false);
      }
      switch (operator) {
        case '=': return actual === operand;
        case '!=': return actual !== operand;
        case '<': return actual < operand;
        case '<=': return actual <= operand;
        case '>': return actual > operand;
        case '>=': return actual >= operand;
        default: throw new Error(`unknown operator ${operator}`);
      }
    };
  }
  if (value.kind !== 'string' && value.kind !== 'bare') {
    throw new Error(`expected a value after ${operator}, got '${value.text}' in ${pattern}`);
  }
  if (operator !== '=' && operator !== '!=') {
    throw new Error(`strings compare only with = or !=, got ${operator} in ${pattern}`);
  }
  const regex = wildcardRegex(value.text);
  return (record) => {
    const actual = resolve(record, path);
    if (actual === undefined || actual === null || typeof actual === 'object') {
      return false;
    }
    const matches = regex.test(String(actual));
    return operator === '=' ? matches : !matches;
  };
}

function wildcardRegex(text: string): RegExp {
  const body = text.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 's');
}

type PathStep = string | number;

function parseSelector(text: string): PathStep[] {
  if (!text.startsWith('$.')) {
    throw new Error(`selectors start with '$.', got ${text}`);
  }
  const steps: PathStep[] = [];
  const re = /\.([A-Za-z0-9_\-@:]+)|\[(\d+)\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < text.length) {
    const match = re.exec(text);
    if (!match) {
      throw new Error(`cannot read selector ${text}`);
    }
    steps.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  return steps;
}

function resolve(record: any, path: PathStep[]): any {
  let current = record;
  for (const step of path) {
    if (current === null || typeof current !== 'object' || !(step in current)) {
      return undefined;
    }
    current = current[step as any];
  }
  return current;
}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < body.length) {
    const rest = body.slice(index);
    const whitespace = /^\s+/.exec(rest);
    if (whitespace) {
      index += whitespace[0].length;
      continue;
    }
    const patterns: Array<[Token['kind'], RegExp]> = [
      ['and', /^&&/],
      ['or', /^\|\|/],
      ['lparen', /^\(/],
      ['rparen', /^\)/],
      ['op', /^(!=|<=|>=|=|<|>)/],
      ['selector', /^\$(\.[A-Za-z0-9_\-@:]+|\[\d+\])+/],
      ['string', /^"((?:[^"\\]|\\.)*)"/],
      ['keyword', /^(IS|NOT|EXISTS|TRUE|FALSE|NULL)(?![A-Za-z0-9_.*-])/],
      ['number', /^-?\d+(\.\d+)?(?![A-Za-z0-9_.*-])/],
      ['bare', /^[^\s()&|"=!<>]+/],
    ];
    const found = patterns.find(([, regex]) => regex.test(rest));
    if (!found) {
      throw new Error(`cannot read '${rest}'`);
    }
    const [kind, regex] = found;
    const match = regex.exec(rest)!;
    const text = kind === 'string' ? match[1].replace(/\\(.)/g, '$1') : match[0];
    tokens.push({ kind, text });
    index += match[0].length;
  }
  return tokens;
}
