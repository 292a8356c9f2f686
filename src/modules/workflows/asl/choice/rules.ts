// Evaluates JSONPath Choice rules (And/Or/Not, comparisons and type tests) against the state's input.
import { runtimeError } from '../errors.js';
import type { IntrinsicContext } from '../intrinsics/definition.js';
import type { Json, JsonObject } from '../json.js';
import { lookupPath, type PathScope } from '../paths/json-path.js';
import { COMPARISONS, TYPE_TESTS } from './operators.js';

export function ruleMatches(rule: JsonObject, scope: PathScope, context: IntrinsicContext): boolean {
  if (Array.isArray(rule.And)) return (rule.And as JsonObject[]).every((r) => ruleMatches(r, scope, context));
  if (Array.isArray(rule.Or)) return (rule.Or as JsonObject[]).some((r) => ruleMatches(r, scope, context));
  if (rule.Not !== undefined) return !ruleMatches(rule.Not as JsonObject, scope, context);
  const variable = rule.Variable as string;
  const found = lookupPath(variable, scope);
  if (typeof rule.IsPresent === 'boolean') return found.found === rule.IsPresent;
  if (!found.found) {
    throw runtimeError(
      `Invalid path '${variable}': The choice state's condition path references an invalid value.`,
    );
  }
  return compare(rule, found.value, scope);
}

function compare(rule: JsonObject, value: Json, scope: PathScope): boolean {
  for (const [operator, test] of Object.entries(TYPE_TESTS)) {
    if (typeof rule[operator] === 'boolean') return test(value) === rule[operator];
  }
  for (const [operator, comparison] of Object.entries(COMPARISONS)) {
    if (operator in rule) return comparison(value, rule[operator] as Json);
    const pathOperator = `${operator}Path`;
    if (typeof rule[pathOperator] === 'string') {
      const other = lookupPath(rule[pathOperator] as string, scope);
      if (!other.found) {
        throw runtimeError(
          `Invalid path '${rule[pathOperator]}': The choice state's condition path references an invalid value.`,
        );
      }
      return comparison(value, other.value);
    }
  }
  throw runtimeError(`The Choice rule for '${rule.Variable}' has no comparison operator`);
}
