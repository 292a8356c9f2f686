// JSONPath payload templates (Parameters, ResultSelector, ItemSelector, Assign): `key.$` fields are evaluated.
import { runtimeError } from '../errors.js';
import type { IntrinsicContext } from '../intrinsics/definition.js';
import { evaluateIntrinsic } from '../intrinsics/evaluate.js';
import { looksLikeIntrinsic } from '../intrinsics/parser.js';
import { isObject, type Json, type JsonObject, setOwn, toJsonText } from '../json.js';
import { lookupParsed, lookupPath, type PathLookup, type PathScope } from './json-path.js';
import { parsePath } from './path-syntax.js';

type Evaluator = (scope: PathScope, context: IntrinsicContext) => Json;

/** Templates compiled by identity: they are parts of a definition, evaluated on every state they belong to. */
const compiled = new WeakMap<object, Evaluator>();

/** Evaluates a template against a scope; literal values are copied by reference (they are never mutated). */
export function evaluateTemplate(template: Json, scope: PathScope, context: IntrinsicContext): Json {
  if (typeof template !== 'object' || template === null) return template;
  let evaluate = compiled.get(template);
  if (evaluate === undefined) {
    evaluate = compile(template);
    compiled.set(template, evaluate);
  }
  return evaluate(scope, context);
}

function compile(template: JsonObject | Json[]): Evaluator {
  if (Array.isArray(template)) {
    const items = template.map(compileValue);
    return (scope, context) => items.map((item) => item(scope, context));
  }
  const fields = Object.entries(template).map(([key, value]) => compileField(key, value));
  return (scope, context) => {
    const out: JsonObject = {};
    for (const field of fields) setOwn(out, field.name, field.evaluate(scope, context));
    return out;
  };
}

function compileValue(value: Json): Evaluator {
  return typeof value === 'object' && value !== null ? compile(value) : () => value;
}

function compileField(key: string, value: Json): { readonly name: string; readonly evaluate: Evaluator } {
  if (!key.endsWith('.$') || typeof value !== 'string') return { name: key, evaluate: compileValue(value) };
  const name = key.slice(0, -2);
  if (looksLikeIntrinsic(value)) {
    return { name, evaluate: (scope, context) => evaluateIntrinsic(value, scope, context) };
  }
  const path = parsePath(value);
  return { name, evaluate: (scope) => pathValue(key, value, lookupParsed(path, value, scope), scope) };
}

/** Evaluates one `field.$` value: an intrinsic call or a path. */
export function evaluateExpression(
  field: string,
  text: string,
  scope: PathScope,
  context: IntrinsicContext,
): Json {
  if (looksLikeIntrinsic(text)) return evaluateIntrinsic(text, scope, context);
  return pathValue(field, text, lookupPath(text, scope), scope);
}

function pathValue(field: string, text: string, found: PathLookup, scope: PathScope): Json {
  if (found.found) return found.value;
  throw runtimeError(
    `The JSONPath '${text}' specified for the field '${field}' could not be found in the input '${toJsonText(scope.input)}'`,
  );
}

/** True when a template contains any `.$` field, so a constant template can skip evaluation. */
export function isDynamicTemplate(template: Json): boolean {
  if (Array.isArray(template)) return template.some(isDynamicTemplate);
  if (!isObject(template)) return false;
  return Object.entries(template).some(([key, value]) => key.endsWith('.$') || isDynamicTemplate(value));
}
