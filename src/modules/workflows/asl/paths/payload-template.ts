// JSONPath payload templates (Parameters, ResultSelector, ItemSelector, Assign): `key.$` fields are evaluated.
import { runtimeError } from '../errors.js';
import type { IntrinsicContext } from '../intrinsics/definition.js';
import { evaluateIntrinsic } from '../intrinsics/evaluate.js';
import { looksLikeIntrinsic } from '../intrinsics/parser.js';
import { isObject, type Json, type JsonObject, setOwn, toJsonText } from '../json.js';
import { lookupPath, type PathScope } from './json-path.js';

/** Evaluates a template against a scope; literal values are copied by reference (they are never mutated). */
export function evaluateTemplate(template: Json, scope: PathScope, context: IntrinsicContext): Json {
  if (Array.isArray(template)) return template.map((item) => evaluateTemplate(item, scope, context));
  if (!isObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      setOwn(out, key.slice(0, -2), evaluateExpression(key, value, scope, context));
    } else {
      setOwn(out, key, evaluateTemplate(value, scope, context));
    }
  }
  return out;
}

/** Evaluates one `field.$` value: an intrinsic call or a path. */
export function evaluateExpression(
  field: string,
  text: string,
  scope: PathScope,
  context: IntrinsicContext,
): Json {
  if (looksLikeIntrinsic(text)) return evaluateIntrinsic(text, scope, context);
  const found = lookupPath(text, scope);
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
