// Wildcard patterns of policies (`*`, `?`, policy variables) matched in linear-bounded time, never by regex.
//
// A glob is matched with the greedy two-pointer algorithm (O(pattern x value) worst case), so no pattern a user
// writes can make evaluation backtrack exponentially. Policy variables (`${aws:username}`) are substituted at match
// time as literal text: a `*` inside a substituted value matches only a `*`. A variable without a value (and
// without a default) makes the comparison undecidable (`undefined`); callers count that as failing in whichever
// direction would make the statement apply.

/** Looks up a single-valued context key (lower-cased name) for policy variables. */
export type VariableSource = (lowerKey: string) => string | undefined;

const STAR = 0;
const ONE = 1;
type Unit = string | typeof STAR | typeof ONE;
type Token = Unit | { readonly variable: string; readonly fallback: string | undefined };

/** `${*}`, `${?}` and `${$}` stand for the literal characters, as IAM defines. */
const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };
const VARIABLE = /^\$\{([^}]*)\}/;
const WITH_DEFAULT = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

export function tokenize(pattern: string, variables: boolean): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (variables && char === '$' && chars[i + 1] === '{') {
      const match = VARIABLE.exec(chars.slice(i, i + 260).join(''));
      if (match) {
        tokens.push(...variableTokens(match[1] as string));
        i += Array.from(match[0]).length - 1;
        continue;
      }
    }
    tokens.push(char === '*' ? STAR : char === '?' ? ONE : char);
  }
  return tokens;
}

function variableTokens(body: string): Token[] {
  const escaped = ESCAPES[body];
  if (escaped !== undefined) return [escaped];
  const withDefault = WITH_DEFAULT.exec(body);
  if (withDefault) return [{ variable: (withDefault[1] as string).toLowerCase(), fallback: withDefault[2] }];
  return [{ variable: body.trim().toLowerCase(), fallback: undefined }];
}

/** Text of the variables a pattern names (for validation and explanations). */
export function variablesOf(pattern: string): string[] {
  return tokenize(pattern, true).flatMap((t) => (typeof t === 'object' ? [t.variable] : []));
}

function resolve(tokens: readonly Token[], vars: VariableSource): Unit[] | undefined {
  const units: Unit[] = [];
  for (const token of tokens) {
    if (typeof token !== 'object') units.push(token);
    else {
      const value = vars(token.variable) ?? token.fallback;
      if (value === undefined) return undefined;
      units.push(...Array.from(value));
    }
  }
  return units;
}

function globMatch(pattern: readonly Unit[], value: readonly string[]): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const unit = pattern[p];
    if (p < pattern.length && (unit === ONE || (unit !== STAR && unit === value[v]))) {
      p++;
      v++;
    } else if (unit === STAR) {
      starP = p++;
      starV = v;
    } else if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
    } else return false;
  }
  while (pattern[p] === STAR) p++;
  return p === pattern.length;
}

/** True or false, or undefined when a policy variable in the pattern has no value. */
export type MatchResult = boolean | undefined;

export interface Matcher {
  matches(value: string, vars: VariableSource): MatchResult;
}

/** A whole-string glob (actions, StringLike); `ignoreCase` lower-cases both sides. */
export function compileGlob(pattern: string, options: { ignoreCase: boolean; variables: boolean }): Matcher {
  const fold = (s: string) => (options.ignoreCase ? s.toLowerCase() : s);
  const tokens = tokenize(fold(pattern), options.variables);
  const fixed = tokens.every((t) => typeof t !== 'object') ? (tokens as Unit[]) : undefined;
  return {
    matches(value, vars) {
      const units = fixed ?? resolve(tokens, vars);
      if (!units) return undefined;
      const folded = units.map((u) => (typeof u === 'string' ? fold(u) : u));
      return globMatch(folded, Array.from(fold(value)));
    },
  };
}

/** Exact comparison with variables substituted (StringEquals and friends). */
export function compileLiteral(
  pattern: string,
  options: { ignoreCase: boolean; variables: boolean },
): Matcher {
  const tokens = tokenize(pattern, options.variables).map((t) => (t === STAR ? '*' : t === ONE ? '?' : t));
  return {
    matches(value, vars) {
      const units = resolve(tokens, vars);
      if (!units) return undefined;
      const text = units.join('');
      return options.ignoreCase ? text.toLowerCase() === value.toLowerCase() : text === value;
    },
  };
}

/**
 * An ARN pattern: the six colon-separated parts (`arn:partition:service:region:account:resource`) are matched
 * one by one, so a wildcard never spans a colon except in the resource part. `*` alone matches everything.
 */
export function compileArnPattern(pattern: string, options: { variables: boolean }): Matcher {
  if (pattern === '*') return { matches: () => true };
  const segments = splitTokens(tokenize(pattern, options.variables));
  return {
    matches(value, vars) {
      const parts = splitArn(value);
      if (!parts || segments.length !== 6) return false;
      let undecided = false;
      for (const [i, segment] of segments.entries()) {
        const part = parts[i] as string;
        const units = resolve(segment, vars);
        // A part that cannot match whatever the variable holds (another service, another resource type) is a
        // plain mismatch; only a part that could match is undecidable.
        if (units === undefined) {
          if (i === 5 && !part.startsWith(resourceType(segment, parts[2] as string))) return false;
          undecided = true;
        } else if (!globMatch(units, Array.from(part))) return false;
      }
      return undecided ? undefined : true;
    },
  };
}

/** `function:` or `endpoint/` when the pattern spells it out before any wildcard; S3 ARNs have none. */
function resourceType(tokens: readonly Token[], service: string): string {
  if (service === 's3') return '';
  let prefix = '';
  for (const token of tokens) {
    if (typeof token !== 'string') return '';
    prefix += token;
    if (token === '/' || token === ':') return prefix;
  }
  return '';
}

function splitTokens(tokens: readonly Token[]): Token[][] {
  const segments: Token[][] = [[]];
  for (const token of tokens) {
    if (token === ':' && segments.length < 6) segments.push([]);
    else segments.at(-1)?.push(token);
  }
  return segments;
}

/** The six parts of an ARN, the last keeping its colons; undefined when it has fewer. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
