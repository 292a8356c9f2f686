// Parallel: runs every branch as a child run on the same input; the result is the array of branch outputs.
import { branchScope } from '../definition.js';
import { AslError } from '../errors.js';
import type { Json } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import type { ChildrenWait } from '../run-state.js';
import { effectiveInput, finishJsonata, finishJsonPath, parametersOf } from '../step/dataflow.js';
import type { Outcome, StateHandler } from '../step/outcome.js';
import type { StateContext } from '../step/state-context.js';
import { childEnd, startChild, stopChildren } from './children.js';

export const parallelHandler: StateHandler = {
  kind: 'Parallel',
  recoverable: true,
  async start(ctx) {
    const input = await branchInput(ctx);
    const branches = ctx.state.Branches as Json[];
    const startedId = ctx.emit('ParallelStateStarted');
    const wait: ChildrenWait = {
      kind: 'children',
      mode: 'parallel',
      scope: ctx.run.scope,
      items: [],
      prepared: true,
      effectiveInput: input,
      distributed: false,
      maxConcurrency: 0,
      toleratedFailureCount: null,
      toleratedFailurePercentage: null,
      nextIndex: branches.length,
      running: {},
      results: branches.map(() => null),
      succeeded: 0,
      failed: [],
    };
    ctx.active.wait = wait;
    for (let index = 0; index < branches.length; index++) {
      startChild(ctx, wait, {
        scope: branchScope(ctx.run.scope, ctx.name, index),
        input,
        index,
        parentEventId: startedId,
      });
    }
    return branches.length === 0 ? finish(ctx, wait) : { kind: 'wait' };
  },
  resume(ctx, event) {
    const wait = ctx.active.wait;
    if (wait?.kind !== 'children') return { kind: 'ignored' };
    const end = childEnd(wait, event);
    if (end === undefined) return { kind: 'ignored' };
    if (!end.ok) {
      ctx.emit('ParallelStateFailed');
      throw new AslError(end.error, end.cause);
    }
    wait.results[end.index] = end.output;
    wait.succeeded += 1;
    return wait.succeeded === wait.results.length ? finish(ctx, wait) : { kind: 'wait' };
  },
  cancel(ctx) {
    const wait = ctx.active.wait;
    if (wait?.kind === 'children') stopChildren(ctx, wait);
  },
};

async function branchInput(ctx: StateContext): Promise<Json> {
  if (ctx.language === 'JSONata') {
    const args = ctx.state.Arguments;
    if (args === undefined) return ctx.active.input;
    return evaluateJsonataTemplate(args, 'Arguments', ctx.jsonataScope({ input: ctx.active.input }));
  }
  return parametersOf(ctx, effectiveInput(ctx));
}

function finish(ctx: StateContext, wait: ChildrenWait): Outcome | Promise<Outcome> {
  ctx.emit('ParallelStateSucceeded');
  ctx.active.wait = null;
  return ctx.language === 'JSONata'
    ? finishJsonata(ctx, wait.results)
    : finishJsonPath(ctx, wait.results, 'result');
}
