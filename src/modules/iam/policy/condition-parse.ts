// Validates and compiles a statement's Condition block; every problem is reported with its JSON pointer.
import { buildClause, type ConditionClause, type OperatorParts, parseOperator } from './conditions.js';
import { pointer } from './json-pointer.js';
import { variablesOf } from './pattern.js';
import type { PolicyProblem } from './policy-types.js';

type Scalar = string | number | boolean;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function conditionValues(raw: unknown, at: string, problems: PolicyProblem[]): string[] | undefined {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    problems.push({ pointer: at, message: 'a condition key needs at least one value' });
    return undefined;
  }
  const values: string[] = [];
  list.forEach((item, i) => {
    const where = Array.isArray(raw) ? pointer(at, i) : at;
    if (['string', 'number', 'boolean'].includes(typeof item)) values.push(String(item as Scalar));
    else problems.push({ pointer: where, message: 'condition values must be strings, numbers or booleans' });
  });
  return values.length === list.length ? values : undefined;
}

export function parseConditionBlock(
  raw: unknown,
  at: string,
  variables: boolean,
  problems: PolicyProblem[],
): ConditionClause[] {
  if (!isPlainObject(raw)) {
    problems.push({ pointer: at, message: 'Condition must be an object of operators' });
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const opAt = pointer(at, operator);
    const parts = parseOperator(operator);
    if (typeof parts === 'string') {
      problems.push({ pointer: opAt, message: parts });
      continue;
    }
    if (!isPlainObject(block) || Object.keys(block).length === 0) {
      problems.push({ pointer: opAt, message: `${operator} must be a non-empty object of condition keys` });
      continue;
    }
    for (const [key, rawValues] of Object.entries(block)) {
      const keyAt = pointer(opAt, key);
      if (!/^[A-Za-z0-9_.:/+=@-]+$/.test(key) || key.length > 256) {
        problems.push({
          pointer: keyAt,
          message: `condition key ${JSON.stringify(key)} is not a valid key name`,
        });
        continue;
      }
      const values = conditionValues(rawValues, keyAt, problems);
      if (!values) continue;
      let valid = true;
      values.forEach((value, i) => {
        const where = Array.isArray(rawValues) ? pointer(keyAt, i) : keyAt;
        const message = checkValue(parts.base, value, variables);
        if (message) {
          valid = false;
          problems.push({
            pointer: where,
            message: `${operator}: ${message} (got ${JSON.stringify(value)})`,
          });
        }
      });
      if (valid) clauses.push(buildClause(operator, parts, key, values, variables));
    }
  }
  return clauses;
}

function checkValue(base: OperatorParts['base'], value: string, variables: boolean): string | undefined {
  if (base === 'Null') return /^(true|false)$/i.test(value) ? undefined : 'must be "true" or "false"';
  // A value built from policy variables is only known at evaluation time.
  if (variables && variablesOf(value).length > 0) return undefined;
  return base.check(value);
}
