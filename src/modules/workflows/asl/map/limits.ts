// A Map state's MaxConcurrency and tolerated failures, static, from a path (JSONPath) or JSONata.
import { queryError, runtimeError } from '../errors.js';
import type { Json } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { lookupPath } from '../paths/json-path.js';
import type { StateContext } from '../step/state-context.js';

export interface MapLimits {
  /** 0 means no limit. */
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number | null;
  readonly toleratedFailurePercentage: number | null;
}

export async function mapLimits(ctx: StateContext, effectiveInput: Json): Promise<MapLimits> {
  const maxConcurrency = await numberField(ctx, effectiveInput, 'MaxConcurrency', 'integer');
  const toleratedFailureCount = await numberField(ctx, effectiveInput, 'ToleratedFailureCount', 'integer');
  const toleratedFailurePercentage = await numberField(
    ctx,
    effectiveInput,
    'ToleratedFailurePercentage',
    'float',
  );
  if (
    toleratedFailurePercentage !== null &&
    (toleratedFailurePercentage < 0 || toleratedFailurePercentage > 100)
  ) {
    throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
  }
  if (toleratedFailureCount !== null && toleratedFailureCount < 0) {
    // AWS's wording (as recorded by LocalStack's parity tests).
    throw runtimeError('ToleratedFailureCount cannot be negative.');
  }
  if (maxConcurrency !== null && maxConcurrency < 0) {
    throw runtimeError('MaxConcurrency must be greater than or equal to 0.');
  }
  return { maxConcurrency: maxConcurrency ?? 0, toleratedFailureCount, toleratedFailurePercentage };
}

/** Whether `failed` of `total` iterations is more than the Map tolerates (any failure, by default). */
export function exceedsTolerance(limits: MapLimits, failed: number, total: number): boolean {
  const { toleratedFailureCount: count, toleratedFailurePercentage: percentage } = limits;
  if (count === null && percentage === null) return failed > 0;
  if (count !== null && failed > count) return true;
  return percentage !== null && total > 0 && (failed / total) * 100 > percentage;
}

async function numberField(
  ctx: StateContext,
  input: Json,
  field: string,
  kind: 'integer' | 'float',
): Promise<number | null> {
  const state = ctx.state;
  const value = state[field];
  if (ctx.language === 'JSONata' && typeof value === 'string') {
    const result = await evaluateJsonataTemplate(value, field, ctx.jsonataScope({ input: ctx.active.input }));
    if (!isNumberOf(result, kind))
      throw queryError(`The ${field} field must be a valid ${kind}, but was ${show(result)}`);
    return result;
  }
  if (typeof value === 'number') return value;
  const path = state[`${field}Path`];
  if (typeof path !== 'string') return null;
  const found = lookupPath(path, ctx.pathScope(input));
  const result = found.found ? numeric(found.value) : null;
  if (!isNumberOf(result, kind)) {
    throw runtimeError(
      `The ${field}Path field refers to value "${show(found.found ? found.value : null)}" which is not a valid ${kind}: ${path}`,
    );
  }
  return result;
}

/** Paths may reference numbers or numeric strings ("1"), as AWS accepts both. */
function numeric(value: Json): Json {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : value;
}

function isNumberOf(value: Json, kind: 'integer' | 'float'): value is number {
  return typeof value === 'number' && (kind === 'float' || Number.isInteger(value));
}

function show(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
