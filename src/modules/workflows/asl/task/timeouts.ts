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

export async function taskTimeouts(ctx: StateContext): Promise<TaskTimeouts> {
  const timeoutSeconds = await secondsField(ctx, 'TimeoutSeconds');
  const heartbeatSeconds = await secondsField(ctx, 'HeartbeatSeconds');
  return {
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
  };
}

async function secondsField(
  ctx: StateContext,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
): Promise<number | undefined> {
  const state = ctx.state;
  let value: Json | undefined = state[field];
  if (ctx.language === 'JSONata' && value !== undefined) {
    value = await evaluateJsonataTemplate(value, field, ctx.jsonataScope({ input: ctx.active.input }));
    if (!isPositiveInteger(value))
      throw queryError(`The ${field} field must be a positive integer, but was ${JSON.stringify(value)}`);
    return value;
  }
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
