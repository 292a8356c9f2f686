// Wait: pauses for Seconds or until a Timestamp (static, from a path, or JSONata) via a timer command.
import { queryError, runtimeError } from '../errors.js';
import type { Json } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { lookupPath } from '../paths/json-path.js';
import { effectiveInput, finishJsonata, finishJsonPath } from '../step/dataflow.js';
import type { Outcome, StateHandler } from '../step/outcome.js';
import type { StateContext } from '../step/state-context.js';
import { parseTimestamp } from '../time.js';

export const waitHandler: StateHandler = {
  kind: 'Wait',
  recoverable: false,
  async start(ctx) {
    const until = ctx.language === 'JSONata' ? await jsonataDeadline(ctx) : jsonPathDeadline(ctx);
    if (until <= ctx.now) return finish(ctx);
    const timerId = ctx.nextId('wait');
    ctx.command({ type: 'startTimer', timerId, fireAt: until, purpose: 'wait' });
    ctx.active.wait = { kind: 'timer', timerId };
    return { kind: 'wait' };
  },
  resume(ctx, event) {
    const wait = ctx.active.wait;
    if (event.type !== 'timerFired' || wait?.kind !== 'timer' || wait.timerId !== event.timerId) {
      return { kind: 'ignored' };
    }
    ctx.active.wait = null;
    return finish(ctx);
  },
  cancel(ctx) {
    const wait = ctx.active.wait;
    if (wait?.kind === 'timer') ctx.command({ type: 'cancelTimer', timerId: wait.timerId });
  },
};

function finish(ctx: StateContext): Promise<Outcome> | Outcome {
  if (ctx.language === 'JSONata') return finishJsonata(ctx, undefined);
  return finishJsonPath(ctx, effectiveInput(ctx), 'input');
}

function jsonPathDeadline(ctx: StateContext): number {
  const state = ctx.state;
  if (typeof state.Seconds === 'number') return ctx.now + state.Seconds * 1000;
  if (typeof state.Timestamp === 'string')
    return timestampOrFail(state.Timestamp, 'Timestamp', state.Timestamp);
  const input = effectiveInput(ctx);
  const field = typeof state.SecondsPath === 'string' ? 'SecondsPath' : 'TimestampPath';
  const path = state[field] as string;
  const found = lookupPath(path, ctx.pathScope(input));
  if (!found.found) throw runtimeError(`The ${field} parameter does not reference an input value: ${path}`);
  const value = found.value;
  if (field === 'TimestampPath') {
    if (typeof value === 'string') {
      const at = parseTimestamp(value);
      if (at !== undefined) return at;
    }
    throw runtimeError(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${show(value)}`,
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw runtimeError(
      `The SecondsPath parameter cannot be parsed as a long value: ${path} == ${show(value)}`,
    );
  }
  if (value < 0)
    throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${show(value)}`);
  return ctx.now + value * 1000;
}

async function jsonataDeadline(ctx: StateContext): Promise<number> {
  const state = ctx.state;
  const scope = ctx.jsonataScope({ input: ctx.active.input });
  if (state.Seconds !== undefined) {
    const seconds = await evaluateJsonataTemplate(state.Seconds, 'Seconds', scope);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw queryError(`The Seconds field must be a non-negative integer, but was ${show(seconds)}`);
    }
    return ctx.now + seconds * 1000;
  }
  const timestamp = await evaluateJsonataTemplate(state.Timestamp as Json, 'Timestamp', scope);
  const at = typeof timestamp === 'string' ? parseTimestamp(timestamp) : undefined;
  if (at === undefined) {
    throw queryError(
      `The Timestamp field must be an ISO-8601 extended offset date-time, but was ${show(timestamp)}`,
    );
  }
  return at;
}

function timestampOrFail(text: string, field: string, shown: string): number {
  const at = parseTimestamp(text);
  if (at === undefined) throw runtimeError(`The ${field} '${shown}' is not a valid ISO-8601 timestamp`);
  return at;
}

function show(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
