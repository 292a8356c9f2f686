// Validates Choice rules: JSONPath comparison trees or JSONata Conditions.

import { COMPARISONS, TYPE_TESTS } from '../choice/operators.js';
import type { QueryLanguage } from '../definition.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { parseTimestamp } from '../time.js';
import { checkFields, checkJsonata, checkPath, checkTemplate } from './checks.js';
import { at, type Reporter } from './diagnostics.js';

const OPERATORS = new Set([
  ...Object.keys(COMPARISONS),
  ...Object.keys(COMPARISONS)
    .filter((op) => op !== 'StringMatches')
    .map((op) => `${op}Path`),
  ...Object.keys(TYPE_TESTS),
  'IsPresent',
]);
const JSONATA_RULE = new Set(['Condition', 'Next', 'Comment', 'Assign', 'Output']);

export function checkChoices(
  r: Reporter,
  where: string,
  choices: Json | undefined,
  language: QueryLanguage,
  onTarget: (location: string, next: Json | undefined) => void,
): void {
  if (!Array.isArray(choices) || choices.length === 0) {
    r.schema(where, "The field 'Choices' must be a non-empty array of Choice Rules");
    return;
  }
  for (const [i, rule] of choices.entries()) {
    const loc = at(where, i);
    if (!isObject(rule)) {
      r.schema(loc, 'A Choice Rule must be a JSON object');
      continue;
    }
    onTarget(at(loc, 'Next'), rule.Next);
    if (language === 'JSONata') {
      checkFields(r, loc, rule, JSONATA_RULE, 'a JSONata Choice Rule');
      if (!('Condition' in rule)) r.schema(loc, "A JSONata Choice Rule needs a 'Condition'");
      for (const field of ['Condition', 'Assign', 'Output']) checkJsonata(r, at(loc, field), rule[field]);
      continue;
    }
    if ('Assign' in rule) checkTemplate(r, at(loc, 'Assign'), rule.Assign);
    checkRule(r, loc, rule, true);
  }
}

function checkRule(r: Reporter, where: string, rule: JsonObject, top: boolean): void {
  const extra = top ? ['Next', 'Comment', 'Assign'] : ['Comment'];
  for (const key of Object.keys(rule)) {
    if (!OPERATORS.has(key) && !['And', 'Or', 'Not', 'Variable', ...extra].includes(key)) {
      r.schema(at(where, key), `The field '${key}' is not supported in a Choice Rule`);
    }
  }
  if (!top && 'Next' in rule) r.schema(at(where, 'Next'), "Nested Choice Rules must not have 'Next'");
  for (const combinator of ['And', 'Or'] as const) {
    if (!(combinator in rule)) continue;
    const list = rule[combinator];
    if (!Array.isArray(list) || list.length === 0) {
      r.schema(at(where, combinator), `The field '${combinator}' must be a non-empty array of Choice Rules`);
    } else {
      for (const [i, sub] of list.entries()) {
        if (isObject(sub)) checkRule(r, at(where, combinator, i), sub, false);
        else r.schema(at(where, combinator, i), 'A Choice Rule must be a JSON object');
      }
    }
    return;
  }
  if ('Not' in rule) {
    if (isObject(rule.Not)) checkRule(r, at(where, 'Not'), rule.Not, false);
    else r.schema(at(where, 'Not'), "The field 'Not' must be a Choice Rule");
    return;
  }
  checkComparison(r, where, rule);
}

function checkComparison(r: Reporter, where: string, rule: JsonObject): void {
  const operators = Object.keys(rule).filter((key) => OPERATORS.has(key));
  if (operators.length !== 1) {
    r.schema(where, `A Choice Rule needs exactly one comparison operator, found ${operators.length}`);
    return;
  }
  checkPath(r, at(where, 'Variable'), rule.Variable, 'Variable');
  const op = operators[0] as string;
  const value = rule[op];
  const loc = at(where, op);
  if (op.endsWith('Path') && op !== 'IsPresent') {
    checkPath(r, loc, value, op);
    return;
  }
  if (op in TYPE_TESTS || op === 'IsPresent' || op === 'BooleanEquals') {
    if (typeof value !== 'boolean') r.schema(loc, `The value of '${op}' must be a boolean`);
  } else if (op.startsWith('Numeric')) {
    if (typeof value !== 'number') r.schema(loc, `The value of '${op}' must be a number`);
  } else if (op.startsWith('Timestamp')) {
    if (typeof value !== 'string' || parseTimestamp(value) === undefined)
      r.schema(loc, `The value of '${op}' must be an ISO-8601 timestamp`);
  } else if (typeof value !== 'string') {
    r.schema(loc, `The value of '${op}' must be a string`);
  }
}
