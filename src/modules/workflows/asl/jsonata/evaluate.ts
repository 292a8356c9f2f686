// Evaluates JSONata expressions with $states and workflow variables bound, mapping failures to ASL errors.
import jsonata from 'jsonata';
import { queryError } from '../errors.js';
import { type Json, jsonTypeName, toJsonText } from '../json.js';
import type { RandomSource } from '../random.js';
import { awsFunctions } from './functions.js';

export interface JsonataScope {
  /** `$states`: input, context, and result / errorOutput where the field allows them. */
  readonly states: Readonly<Record<string, Json | undefined>>;
  readonly variables: Readonly<Record<string, Json>>;
  readonly now: number;
  readonly random: RandomSource;
}

const cache = new Map<string, jsonata.Expression>();
/** Guards against runaway recursion; AWS limits evaluation the same way. */
const OPTIONS = { stack: 500, timeout: 10_000 };

/** `{% expr %}` -> `expr`, or undefined when the string is not a JSONata template. */
export function jsonataBody(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{%') || !trimmed.endsWith('%}') || trimmed.length < 4) return undefined;
  return trimmed.slice(2, -2).trim();
}

/** Compiles once and caches; throws the jsonata error when the expression is malformed. */
export function compileJsonata(expression: string): jsonata.Expression {
  let compiled = cache.get(expression);
  if (compiled === undefined) {
    compiled = jsonata(expression, OPTIONS);
    if (cache.size > 10_000) cache.clear();
    cache.set(expression, compiled);
  }
  return compiled;
}

/** Evaluates an expression for `field` (e.g. `Output/result`); the result must be plain JSON. */
export async function evaluateJsonata(expression: string, field: string, scope: JsonataScope): Promise<Json> {
  let raw: unknown;
  try {
    const compiled = compileJsonata(expression);
    const bindings = {
      ...scope.variables,
      ...(await awsFunctions(scope.now, scope.random)),
      states: scope.states,
    };
    raw = await compiled.evaluate(undefined, bindings);
  } catch (error) {
    throw queryError(
      `The JSONata expression '${expression}' specified for the field '${field}' threw an error during evaluation: ${describe(error)}`,
    );
  }
  if (raw === undefined) {
    throw queryError(
      `The JSONata expression '${expression}' specified for the field '${field}' returned nothing (undefined).`,
    );
  }
  if (!isPlainJson(raw, 0)) {
    throw queryError(
      `The JSONata expression '${expression}' specified for the field '${field}' returned an unsupported result type.`,
    );
  }
  return JSON.parse(JSON.stringify(raw)) as Json;
}

/** The AWS message for a result of the wrong type, e.g. Map Items that are not an array. */
export function unexpectedType(expression: string, field: string, expected: string, value: Json) {
  return queryError(
    `The JSONata expression '${expression}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${jsonTypeName(value)}' for value: ${toJsonText(value)}`,
  );
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > 10_000) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  if (typeof value !== 'object' || value instanceof RegExp) return false;
  const record = value as Record<string, unknown>;
  if (record._jsonata_lambda === true || record._jsonata_function === true) return false;
  return Object.values(record).every((item) => item === undefined || isPlainJson(item, depth + 1));
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof message === 'string') return typeof code === 'string' ? `${code}: ${message}` : message;
  }
  return String(error);
}
