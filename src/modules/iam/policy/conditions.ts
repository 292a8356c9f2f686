// Condition clauses: operator prefixes (ForAnyValue:/ForAllValues:), ...IfExists, Null, and their evaluation.
import { type BaseOperator, baseOperator, takesVariables, type ValueTest } from './condition-operators.js';
import type { VariableSource } from './pattern.js';
import type { ConditionContext } from './request-context.js';

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

export interface ConditionClause {
  /** As written in the policy, e.g. `ForAllValues:StringLikeIfExists`. */
  readonly operator: string;
  /** As written; looked up case-insensitively. */
  readonly key: string;
  readonly values: readonly string[];
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
  readonly isNull: boolean;
  readonly negated: boolean;
  readonly tests: readonly ValueTest[];
}

export interface OperatorParts {
  readonly base: BaseOperator | 'Null';
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
}

/** Splits `ForAnyValue:StringEqualsIfExists`; returns an error message for an unknown operator. */
export function parseOperator(text: string): OperatorParts | string {
  let rest = text;
  let set: SetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') set = 'ForAnyValue';
    else if (prefix === 'forallvalues') set = 'ForAllValues';
    else return `unknown set operator ${JSON.stringify(rest.slice(0, colon))} (ForAnyValue or ForAllValues)`;
    rest = rest.slice(colon + 1);
  }
  const ifExists = /IfExists$/i.test(rest) && rest.length > 'IfExists'.length;
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  if (rest.toLowerCase() === 'null') {
    if (ifExists || set) return 'Null takes neither IfExists nor a set operator';
    return { base: 'Null', set, ifExists };
  }
  const base = baseOperator(rest);
  if (!base) return `unknown condition operator ${JSON.stringify(text)}`;
  return { base, set, ifExists };
}

export function buildClause(
  operator: string,
  parts: OperatorParts,
  key: string,
  values: readonly string[],
  variables: boolean,
): ConditionClause {
  const isNull = parts.base === 'Null';
  const base = parts.base === 'Null' ? undefined : parts.base;
  const useVariables = variables && base !== undefined && takesVariables(base);
  return {
    operator,
    key,
    values,
    set: parts.set,
    ifExists: parts.ifExists,
    isNull,
    negated: base?.negated ?? false,
    tests: base ? values.map((value) => base.compile(value, useVariables)) : [],
  };
}

export function evaluateClause(
  clause: ConditionClause,
  context: ConditionContext,
  vars: VariableSource,
): boolean {
  const values = context.get(clause.key.toLowerCase());
  const present = values !== undefined && values.length > 0;
  if (clause.isNull) return clause.values.some((v) => (v.toLowerCase() === 'true' ? !present : present));
  // A policy value whose variable has no value never helps the condition hold: it matches nothing for a
  // positive operator and spoils the "matches none" of a negated one.
  const satisfies = (contextValue: string) =>
    clause.negated
      ? clause.tests.every((test) => test(contextValue, vars) === false)
      : clause.tests.some((test) => test(contextValue, vars) === true);
  if (clause.set === 'ForAllValues') return !present || values.every(satisfies);
  if (clause.set === 'ForAnyValue') return present ? values.some(satisfies) : clause.ifExists;
  if (!present) return clause.ifExists || clause.negated;
  // Without a set operator a multi-valued key holds when any value matches (negated: when none does).
  return clause.negated ? values.every(satisfies) : values.some(satisfies);
}
