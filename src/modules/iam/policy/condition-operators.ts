// The base condition operators of the IAM grammar: how one policy value is compared with one context value.
import { parseIpRange } from './ip-range.js';
import {
  compileArnPattern,
  compileGlob,
  compileLiteral,
  type MatchResult,
  type VariableSource,
} from './pattern.js';

/** Undefined when the policy value names a policy variable that has no value. */
export type ValueTest = (contextValue: string, vars: VariableSource) => MatchResult;

export interface BaseOperator {
  /** Canonical name, e.g. `StringNotLike`. */
  readonly name: string;
  /** `Not` operators are true when no policy value matches, and when the key is absent. */
  readonly negated: boolean;
  /** Returns why a policy value is unusable, or undefined. */
  check(policyValue: string): string | undefined;
  /** The positive comparison (before negation) against one policy value. */
  compile(policyValue: string, variables: boolean): ValueTest;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EPOCH = /^\d+$/;
const BOOL = /^(true|false)$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

/** ISO 8601 date or date-time, or epoch seconds (as `aws:EpochTime` gives). */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

type Compare = (a: number, b: number) => boolean;
const COMPARISONS: ReadonlyArray<readonly [string, Compare]> = [
  ['Equals', (a, b) => a === b],
  ['LessThan', (a, b) => a < b],
  ['LessThanEquals', (a, b) => a <= b],
  ['GreaterThan', (a, b) => a > b],
  ['GreaterThanEquals', (a, b) => a >= b],
];

function ordered(family: 'Numeric' | 'Date', parse: (text: string) => number | undefined): BaseOperator[] {
  const what = family === 'Numeric' ? 'a number' : 'an ISO 8601 date or epoch seconds';
  const make = (name: string, negated: boolean, compare: Compare): BaseOperator => ({
    name,
    negated,
    check: (value) => (parse(value) === undefined ? `must be ${what}` : undefined),
    compile(policyValue) {
      const expected = parse(policyValue);
      return (contextValue) => {
        const actual = parse(contextValue);
        return expected !== undefined && actual !== undefined && compare(actual, expected);
      };
    },
  });
  const operators = COMPARISONS.map(([suffix, compare]) => make(`${family}${suffix}`, false, compare));
  operators.push(make(`${family}NotEquals`, true, (a, b) => a === b));
  return operators;
}

function stringOperator(name: string, negated: boolean, ignoreCase: boolean, like: boolean): BaseOperator {
  return {
    name,
    negated,
    check: () => undefined,
    compile(policyValue, variables) {
      const matcher = like
        ? compileGlob(policyValue, { ignoreCase, variables })
        : compileLiteral(policyValue, { ignoreCase, variables });
      return (contextValue, vars) => matcher.matches(contextValue, vars);
    },
  };
}

function arnOperator(name: string, negated: boolean): BaseOperator {
  return {
    name,
    negated,
    check: (value) =>
      value === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+/s.test(value)
        ? undefined
        : 'must be an ARN (arn:partition:service:region:account:resource) or *',
    compile(policyValue, variables) {
      const matcher = compileArnPattern(policyValue, { variables });
      return (contextValue, vars) => matcher.matches(contextValue, vars);
    },
  };
}

function ipOperator(name: string, negated: boolean): BaseOperator {
  return {
    name,
    negated,
    check: (value) => (parseIpRange(value) ? undefined : 'must be an IPv4 or IPv6 address or CIDR range'),
    compile(policyValue) {
      const range = parseIpRange(policyValue);
      return (contextValue) => range?.contains(contextValue) ?? false;
    },
  };
}

const BOOL_OPERATOR: BaseOperator = {
  name: 'Bool',
  negated: false,
  check: (value) => (BOOL.test(value) ? undefined : 'must be "true" or "false"'),
  compile: (policyValue) => (contextValue) => contextValue.toLowerCase() === policyValue.toLowerCase(),
};

const BINARY_OPERATOR: BaseOperator = {
  name: 'BinaryEquals',
  negated: false,
  check: (value) => (BASE64.test(value) && value.length % 4 === 0 ? undefined : 'must be base64'),
  compile: (policyValue) => (contextValue) => contextValue === policyValue,
};

const ALL: readonly BaseOperator[] = [
  stringOperator('StringEquals', false, false, false),
  stringOperator('StringNotEquals', true, false, false),
  stringOperator('StringEqualsIgnoreCase', false, true, false),
  stringOperator('StringNotEqualsIgnoreCase', true, true, false),
  stringOperator('StringLike', false, false, true),
  stringOperator('StringNotLike', true, false, true),
  ...ordered('Numeric', parseNumber),
  ...ordered('Date', parseDate),
  BOOL_OPERATOR,
  BINARY_OPERATOR,
  ipOperator('IpAddress', false),
  ipOperator('NotIpAddress', true),
  arnOperator('ArnEquals', false),
  arnOperator('ArnNotEquals', true),
  arnOperator('ArnLike', false),
  arnOperator('ArnNotLike', true),
];

const BY_NAME = new Map(ALL.map((op) => [op.name.toLowerCase(), op]));

/** The base operator named (any case), without `IfExists` or a set prefix. */
export function baseOperator(name: string): BaseOperator | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Operators that take policy variables in their values (strings and ARNs, as IAM documents). */
export function takesVariables(operator: BaseOperator): boolean {
  return operator.name.startsWith('String') || operator.name.startsWith('Arn');
}

export const BASE_OPERATOR_NAMES: readonly string[] = [...ALL.map((op) => op.name), 'Null'];
