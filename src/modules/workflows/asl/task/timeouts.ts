// A Task's TimeoutSeconds and HeartbeatSeconds: static, from a reference path (JSONPath) or from JSONata.
import { queryError, runtimeError } from '../errors.js';
import type { Json } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { lookupPath } from '../paths/json-path.js';
import { effectiveInput } from '../step/dataflow.js';
import type { StateContext } from '../step/state-context.js';

export interface TaskTimeouts {
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

/** The task's timeouts; asynchronous only when JSONata has to evaluate them. */
export function taskTimeouts(ctx: StateContext): TaskTimeouts | Promise<TaskTimeouts> {
  const state = ctx.state;
  if (state.TimeoutSeconds === undefined && state.HeartbeatSeconds === undefined) {
    if (state.TimeoutSecondsPath === undefined && state.HeartbeatSecondsPath === undefined) return NONE;
  }
  if (ctx.language === 'JSONata') return jsonataTimeouts(ctx);
  return timeouts(pathSeconds(ctx, 'TimeoutSeconds'), pathSeconds(ctx, 'HeartbeatSeconds'));
}

const NONE: TaskTimeouts = {};

function timeouts(timeoutSeconds: number | undefined, heartbeatSeconds: number | undefined): TaskTimeouts {
  return {
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
  };
}

async function jsonataTimeouts(ctx: StateContext): Promise<TaskTimeouts> {
  const timeoutSeconds = await jsonataSeconds(ctx, 'TimeoutSeconds');
  const heartbeatSeconds = await jsonataSeconds(ctx, 'HeartbeatSeconds');
  return timeouts(timeoutSeconds, heartbeatSeconds);
}

async function jsonataSeconds(
  ctx: StateContext,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
): Promise<number | undefined> {
  const value = ctx.state[field];
  if (value === undefined) return pathSeconds(ctx, field);
  const evaluated = await evaluateJsonataTemplate(
    value,
    field,
    ctx.jsonataScope({ input: ctx.active.input }),
  );
  if (!isPositiveInteger(evaluated))
    throw queryError(`The ${field} field must be a positive integer, but was ${JSON.stringify(evaluated)}`);
  return evaluated;
}

/** A static value, or one from a reference path over the effective input (JSONPath). */
function pathSeconds(ctx: StateContext, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): number | undefined {
  const state = ctx.state;
  let value: Json | undefined = state[field];
  const path = state[`${field}Path`];
  if (typeof path === 'string') {
    const found = lookupPath(path, ctx.pathScope(effectiveInput(ctx)));
    value = found.found ? found.value : undefined;
    if (!isPositiveInteger(value)) {
      throw runtimeError(
        `The ${field}Path field refers to value ${JSON.stringify(value ?? null)} which is not a valid positive integer: ${path}`,
      );
    }
  }
  return typeof value === 'number' ? value : undefined;
}

function isPositiveInteger(value: Json | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
