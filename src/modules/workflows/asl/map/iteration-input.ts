// The input of one Map iteration: the item, or ItemSelector (legacy: Parameters) evaluated with $$.Map.Item.
import type { Json } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { evaluateTemplate } from '../paths/payload-template.js';
import type { ContextItem } from '../run-state.js';
import type { StateContext } from '../step/state-context.js';

export async function iterationInput(
  ctx: StateContext,
  effectiveInput: Json,
  item: ContextItem,
): Promise<Json> {
  const state = ctx.state;
  const selector = state.ItemSelector ?? (ctx.language === 'JSONPath' ? state.Parameters : undefined);
  if (selector === undefined) return item.Value;
  if (ctx.language === 'JSONata') {
    return evaluateJsonataTemplate(
      selector,
      'ItemSelector',
      ctx.jsonataScope({ input: ctx.active.input }, { item }),
    );
  }
  return evaluateTemplate(selector, ctx.pathScope(effectiveInput, { item }), ctx);
}
