// Fail: ends its machine with an error and cause (static, from a path or intrinsic, or from JSONata).
import { runtimeError } from '../errors.js';
import type { Json } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { evaluateExpression } from '../paths/payload-template.js';
import type { StateHandler } from '../step/outcome.js';
import type { StateContext } from '../step/state-context.js';

export const failHandler: StateHandler = {
  kind: 'Fail',
  recoverable: false,
  async start(ctx) {
    const error = await field(ctx, 'Error');
    const cause = await field(ctx, 'Cause');
    return { kind: 'fail', error, cause };
  },
};

async function field(ctx: StateContext, name: 'Error' | 'Cause'): Promise<string | null> {
  const state = ctx.state;
  let value: Json | undefined;
  if (ctx.language === 'JSONata') {
    const template = state[name];
    if (template === undefined) return null;
    value = await evaluateJsonataTemplate(template, name, ctx.jsonataScope({ input: ctx.active.input }));
  } else if (typeof state[`${name}Path`] === 'string') {
    const path = state[`${name}Path`] as string;
    value = evaluateExpression(`${name}Path`, path, ctx.pathScope(ctx.active.input), ctx);
    if (typeof value !== 'string') {
      throw runtimeError(
        `The ${name}Path '${path}' must reference a string, but it references ${JSON.stringify(value)}`,
      );
    }
  } else {
    value = state[name];
  }
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
