// ItemBatcher: groups iteration inputs into {BatchInput, Items} batches by count and byte size.
import { runtimeError } from '../errors.js';
import { type Json, type JsonObject, toJsonText, utf8Length } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { lookupPath } from '../paths/json-path.js';
import { evaluateTemplate } from '../paths/payload-template.js';
import type { StateContext } from '../step/state-context.js';

const MAX_BATCH_BYTES = 262_144;

export async function batchItems(ctx: StateContext, effectiveInput: Json, inputs: Json[]): Promise<Json[]> {
  const batcher = ctx.state.ItemBatcher as JsonObject;
  const maxItems =
    (await limit(ctx, batcher, effectiveInput, 'MaxItemsPerBatch')) ?? Number.POSITIVE_INFINITY;
  const maxBytes = Math.min(
    (await limit(ctx, batcher, effectiveInput, 'MaxInputBytesPerBatch')) ?? MAX_BATCH_BYTES,
    MAX_BATCH_BYTES,
  );
  const batchInput = await batchInputOf(ctx, batcher, effectiveInput);
  const batches: Json[] = [];
  let current: Json[] = [];
  let bytes = 0;
  for (const input of inputs) {
    const size = utf8Length(toJsonText(input)) + 1;
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(batch(batchInput, current));
      current = [];
      bytes = 0;
    }
    current.push(input);
    bytes += size;
  }
  if (current.length > 0) batches.push(batch(batchInput, current));
  return batches;
}

function batch(batchInput: Json | undefined, items: Json[]): Json {
  return batchInput === undefined ? { Items: items } : { BatchInput: batchInput, Items: items };
}

async function batchInputOf(ctx: StateContext, batcher: JsonObject, input: Json): Promise<Json | undefined> {
  if (batcher.BatchInput === undefined) return undefined;
  if (ctx.language === 'JSONata') {
    return evaluateJsonataTemplate(
      batcher.BatchInput,
      'ItemBatcher/BatchInput',
      ctx.jsonataScope({ input: ctx.active.input }),
    );
  }
  return evaluateTemplate(batcher.BatchInput, ctx.pathScope(input), ctx);
}

async function limit(
  ctx: StateContext,
  batcher: JsonObject,
  input: Json,
  field: string,
): Promise<number | undefined> {
  let value: Json | undefined = batcher[field];
  if (ctx.language === 'JSONata' && typeof value === 'string') {
    value = await evaluateJsonataTemplate(
      value,
      `ItemBatcher/${field}`,
      ctx.jsonataScope({ input: ctx.active.input }),
    );
  } else if (typeof batcher[`${field}Path`] === 'string') {
    const found = lookupPath(batcher[`${field}Path`] as string, ctx.pathScope(input));
    value = found.found ? found.value : undefined;
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw runtimeError(
      `The ItemBatcher field ${field} must be a positive integer, but was ${JSON.stringify(value)}`,
    );
  }
  return value;
}
