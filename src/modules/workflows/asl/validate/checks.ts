// Small typed checks shared by the validators: types of values, allowed fields, paths, intrinsics, JSONata.

import {
  type IntrinsicArg,
  IntrinsicSyntaxError,
  looksLikeIntrinsic,
  parseIntrinsic,
} from '../intrinsics/parser.js';
import { INTRINSICS } from '../intrinsics/registry.js';
import { isObject, type Json, type JsonObject, jsonTypeName } from '../json.js';
import { compileJsonata, jsonataBody } from '../jsonata/evaluate.js';
import { isReferencePath, isValidPath } from '../paths/json-path.js';
import { parsePath } from '../paths/path-syntax.js';
import { at, type Reporter } from './diagnostics.js';

export function checkFields(
  r: Reporter,
  where: string,
  node: JsonObject,
  allowed: ReadonlySet<string>,
  what: string,
) {
  for (const key of Object.keys(node)) {
    if (!allowed.has(key)) r.schema(at(where, key), `The field '${key}' is not supported in ${what}`);
  }
}

export function checkString(r: Reporter, where: string, value: Json | undefined, field: string): boolean {
  if (typeof value === 'string') return true;
  r.schema(where, `The field '${field}' must be a string, but was ${jsonTypeName(value)}`);
  return false;
}

export function checkInteger(
  r: Reporter,
  where: string,
  value: Json | undefined,
  field: string,
  min: number,
) {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return true;
  r.schema(
    where,
    `The field '${field}' must be an integer of at least ${min}, but was ${JSON.stringify(value)}`,
  );
  return false;
}

/** A JSONPath (input, context or variable) as InputPath/OutputPath/ItemsPath/...Path fields take. */
export function checkPath(
  r: Reporter,
  where: string,
  value: Json | undefined,
  field: string,
  nullable = false,
) {
  if (value === null && nullable) return;
  if (typeof value !== 'string' || !isValidPath(value)) {
    r.error(
      where,
      'INVALID_JSON_PATH',
      `The value of '${field}' is not a valid JSONPath: ${JSON.stringify(value)}`,
    );
  }
}

/** ResultPath: a definite path into the state input, or null. */
export function checkReferencePath(r: Reporter, where: string, value: Json | undefined, field: string) {
  if (value === null) return;
  if (typeof value !== 'string' || !isReferencePath(value)) {
    const shown = JSON.stringify(value);
    r.error(
      where,
      'INVALID_JSON_PATH',
      `The value of '${field}' must be a reference path like $.a.b, but was ${shown}`,
    );
  }
}

/** The value of a `field.$` key: a path or a well-formed intrinsic function call. */
export function checkExpression(r: Reporter, where: string, value: Json | undefined, field: string) {
  if (typeof value !== 'string') {
    r.schema(
      where,
      `The value for the field '${field}' must be a STRING that contains a JSONPath or intrinsic function`,
    );
  } else if (looksLikeIntrinsic(value)) {
    try {
      const call = parseIntrinsic(value);
      checkIntrinsicArgs(r, where, call.name, call.args);
    } catch (error) {
      if (!(error instanceof IntrinsicSyntaxError)) throw error;
      r.error(where, 'INVALID_INTRINSIC_FUNCTION', error.message);
    }
  } else if (parsePath(value) === null) {
    r.error(
      where,
      'INVALID_JSON_PATH',
      `The value for the field '${field}' must be a valid JSONPath or intrinsic function: ${value}`,
    );
  }
}

function checkIntrinsicArgs(r: Reporter, where: string, name: string, args: readonly IntrinsicArg[]) {
  const fn = INTRINSICS.get(name);
  if (fn === undefined) {
    r.error(where, 'INVALID_INTRINSIC_FUNCTION', `Unknown intrinsic function ${name}`);
  } else if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    r.error(where, 'INVALID_INTRINSIC_FUNCTION', `${name} does not take ${args.length} arguments`);
  }
  for (const arg of args) {
    if (arg.kind === 'call') checkIntrinsicArgs(r, where, arg.name, arg.args);
    else if (arg.kind === 'path' && parsePath(arg.text) === null) {
      r.error(
        where,
        'INVALID_INTRINSIC_FUNCTION',
        `The argument '${arg.text}' of ${name} is not a valid JSONPath`,
      );
    }
  }
}

/** Every `{% %}` string inside a JSONata field must compile. */
export function checkJsonata(r: Reporter, where: string, value: Json | undefined) {
  const body = jsonataBody(value);
  if (body !== undefined) {
    try {
      compileJsonata(body);
    } catch (error) {
      const message = isObject(error as Json)
        ? String((error as { message?: unknown }).message)
        : String(error);
      r.error(where, 'INVALID_JSONATA', `The JSONata expression '${body}' is not valid: ${message}`);
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkJsonata(r, at(where, i), item);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) checkJsonata(r, at(where, key), item);
  }
}

/** JSONPath payload templates: `.$` keys hold paths or intrinsics; plain values that look like paths warn. */
export function checkTemplate(r: Reporter, where: string, value: Json | undefined) {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkTemplate(r, at(where, i), item);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const loc = at(where, key);
      if (key.endsWith('.$')) {
        checkExpression(r, loc, item, key);
      } else {
        if (typeof item === 'string' && (item.startsWith('$.') || looksLikeIntrinsic(item))) {
          r.warn(
            loc,
            'NO_DOLLAR',
            `The field '${key}' looks like a path or intrinsic function; did you mean '${key}.$'?`,
          );
        }
        checkTemplate(r, loc, item);
      }
    }
  }
}
