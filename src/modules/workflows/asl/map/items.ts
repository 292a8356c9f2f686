// The items a Map iterates: ItemsPath (JSONPath), Items (JSONata), or the input itself.
import { queryError, runtimeError } from '../errors.js';
import { type Json, toJsonText } from '../json.js';
import { evaluateJsonata, jsonataBody, unexpectedType } from '../jsonata/evaluate.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { lookupPath } from '../paths/json-path.js';
import type { StateContext } from '../step/state-context.js';

export async function mapItems(ctx: StateContext, effectiveInput: Json): Promise<Json[]> {
  if (ctx.language === 'JSONata') return jsonataItems(ctx);
  const path = typeof ctx.state.ItemsPath === 'string' ? ctx.state.ItemsPath : '$';
  const found = lookupPath(path, ctx.pathScope(effectiveInput));
  if (!found.found) throw runtimeError(`Invalid path '${path}' : ${found.reason}`);
  if (!Array.isArray(found.value)) {
    throw runtimeError(`Map state input must be an array but was: ${toJsonText(found.value)}`);
  }
  return found.value;
}

async function jsonataItems(ctx: StateContext): Promise<Json[]> {
  const items = ctx.state.Items;
  if (items === undefined) {
    const input = ctx.active.input;
    if (!Array.isArray(input))
      throw queryError(`Map state input must be an array but was: ${toJsonText(input)}`);
    return input;
  }
  const body = jsonataBody(items);
  if (body === undefined) {
    if (Array.isArray(items)) {
      return (await evaluateJsonataTemplate(
        items,
        'Items',
        ctx.jsonataScope({ input: ctx.active.input }),
      )) as Json[];
    }
    throw queryError(
      `The Items field must be an array or a JSONata expression, but was: ${toJsonText(items)}`,
    );
  }
  const value = await evaluateJsonata(body, 'Items', ctx.jsonataScope({ input: ctx.active.input }));
  if (!Array.isArray(value)) throw unexpectedType(body, 'Items', 'array', value);
  return value;
}
