// The comparison operators of JSONPath Choice rules: each checks both operand types, then compares.
import type { Json } from '../json.js';
import { parseTimestamp } from '../time.js';

type Compare = (left: Json, right: Json) => boolean;

const bothStrings =
  (f: (a: string, b: string) => boolean): Compare =>
  (a, b) =>
    typeof a === 'string' && typeof b === 'string' && f(a, b);
const bothNumbers =
  (f: (a: number, b: number) => boolean): Compare =>
  (a, b) =>
    typeof a === 'number' && typeof b === 'number' && f(a, b);
const bothTimestamps =
  (f: (a: number, b: number) => boolean): Compare =>
  (a, b) => {
    const left = typeof a === 'string' ? parseTimestamp(a) : undefined;
    const right = typeof b === 'string' ? parseTimestamp(b) : undefined;
    return left !== undefined && right !== undefined && f(left, right);
  };

/** Operators comparing the variable with a value (or, in their `...Path` form, with another path). */
export const COMPARISONS: Readonly<Record<string, Compare>> = {
  StringEquals: bothStrings((a, b) => a === b),
  StringLessThan: bothStrings((a, b) => a < b),
  StringGreaterThan: bothStrings((a, b) => a > b),
  StringLessThanEquals: bothStrings((a, b) => a <= b),
  StringGreaterThanEquals: bothStrings((a, b) => a >= b),
  StringMatches: bothStrings((a, b) => wildcardMatch(b, a)),
  NumericEquals: bothNumbers((a, b) => a === b),
  NumericLessThan: bothNumbers((a, b) => a < b),
  NumericGreaterThan: bothNumbers((a, b) => a > b),
  NumericLessThanEquals: bothNumbers((a, b) => a <= b),
  NumericGreaterThanEquals: bothNumbers((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === 'boolean' && typeof b === 'boolean' && a === b,
  TimestampEquals: bothTimestamps((a, b) => a === b),
  TimestampLessThan: bothTimestamps((a, b) => a < b),
  TimestampGreaterThan: bothTimestamps((a, b) => a > b),
  TimestampLessThanEquals: bothTimestamps((a, b) => a <= b),
  TimestampGreaterThanEquals: bothTimestamps((a, b) => a >= b),
};

/** Type tests: `IsString: true` holds for strings, `IsString: false` for everything else. */
export const TYPE_TESTS: Readonly<Record<string, (value: Json) => boolean>> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => typeof v === 'string' && parseTimestamp(v) !== undefined,
};

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let regex = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      regex += escapeRegex(pattern[++i] as string);
    } else if (c === '*') {
      regex += '[\\s\\S]*';
    } else {
      regex += escapeRegex(c);
    }
  }
  return new RegExp(`${regex}$`).test(text);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
