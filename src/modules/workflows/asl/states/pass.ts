// Pass: passes its input (or Result / Parameters) on, optionally placed by ResultPath.
import { effectiveInput, finishJsonata, finishJsonPath, parametersOf } from '../step/dataflow.js';
import type { StateHandler } from '../step/outcome.js';

export const passHandler: StateHandler = {
  kind: 'Pass',
  recoverable: false,
  start(ctx) {
    if (ctx.language === 'JSONata') return finishJsonata(ctx, undefined);
    const effective = effectiveInput(ctx);
    const value = 'Result' in ctx.state ? (ctx.state.Result as never) : parametersOf(ctx, effective);
    return finishJsonPath(ctx, value, 'pass');
  },
};
