// Succeed: ends its machine successfully with its (filtered) input as output.
import { effectiveInput, finishJsonata, finishJsonPath } from '../step/dataflow.js';
import type { Outcome, StateHandler } from '../step/outcome.js';

export const succeedHandler: StateHandler = {
  kind: 'Succeed',
  recoverable: false,
  async start(ctx) {
    const exit =
      ctx.language === 'JSONata'
        ? await finishJsonata(ctx, undefined)
        : finishJsonPath(ctx, effectiveInput(ctx), 'input', { next: null });
    return asSucceed(exit);
  },
};

function asSucceed(outcome: Outcome): Outcome {
  return outcome.kind === 'exit' ? { kind: 'succeed', output: outcome.output } : outcome;
}
