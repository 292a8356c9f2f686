// Retry and Catch: what happens when a state raises an ASL error.
import { type AslError, locateCause, StatesErrors } from '../errors.js';
import type { Json, JsonObject } from '../json.js';
import { evaluateTemplate } from '../paths/payload-template.js';
import { applyResultPath } from '../paths/result-path.js';
import { exitWith, finishJsonataWith } from './dataflow.js';
import { errorMatches } from './error-match.js';
import type { Outcome, StateHandler } from './outcome.js';
import type { StateContext } from './state-context.js';

const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BACKOFF_RATE = 2;

/** Stops the state's outstanding work, then retries, catches, or fails the run. */
export async function recover(ctx: StateContext, handler: StateHandler, raised: AslError): Promise<Outcome> {
  handler.cancel?.(ctx);
  ctx.active.wait = null;
  const cause = locateCause(raised.error, raised.cause, ctx.name, ctx.active.enteredEventId);
  if (raised.error === StatesErrors.QueryEvaluationError) {
    ctx.emit('EvaluationFailed', 'evaluationFailedEventDetails', {
      error: raised.error,
      ...(cause === null ? {} : { cause }),
      state: ctx.name,
    });
  }
  if (!raised.fatal && handler.recoverable) {
    if (scheduleRetry(ctx, raised.error)) return { kind: 'wait' };
    const catcher = findCatcher(ctx, raised.error);
    if (catcher !== undefined) return caught(ctx, catcher, raised.error, cause);
  }
  return { kind: 'fail', error: raised.error, cause };
}

function scheduleRetry(ctx: StateContext, error: string | null): boolean {
  const retriers = Array.isArray(ctx.state.Retry) ? (ctx.state.Retry as JsonObject[]) : [];
  const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals as string[], error));
  const retrier = retriers[index];
  if (retrier === undefined) return false;
  const active = ctx.active;
  const used = active.retryAttempts[index] ?? 0;
  const maxAttempts = (retrier.MaxAttempts as number | undefined) ?? DEFAULT_MAX_ATTEMPTS;
  if (used >= maxAttempts) return false;
  const interval = (retrier.IntervalSeconds as number | undefined) ?? DEFAULT_INTERVAL_SECONDS;
  const backoff = (retrier.BackoffRate as number | undefined) ?? DEFAULT_BACKOFF_RATE;
  let delaySeconds = interval * backoff ** used;
  const maxDelay = retrier.MaxDelaySeconds as number | undefined;
  if (maxDelay !== undefined) delaySeconds = Math.min(delaySeconds, maxDelay);
  if (retrier.JitterStrategy === 'FULL') delaySeconds *= ctx.random.next();
  const attempts = active.retryAttempts.slice();
  attempts[index] = used + 1;
  for (let i = 0; i < attempts.length; i++) attempts[i] ??= 0;
  active.retryAttempts = attempts;
  active.retryCount += 1;
  const timerId = ctx.nextId('retry');
  ctx.command({
    type: 'startTimer',
    timerId,
    fireAt: ctx.now + Math.round(delaySeconds * 1000),
    purpose: 'retry',
  });
  active.wait = { kind: 'retry', timerId };
  return true;
}

function findCatcher(ctx: StateContext, error: string | null): JsonObject | undefined {
  const catchers = Array.isArray(ctx.state.Catch) ? (ctx.state.Catch as JsonObject[]) : [];
  return catchers.find((c) => errorMatches(c.ErrorEquals as string[], error));
}

/** The catcher's output: {Error, Cause} placed by ResultPath (JSONPath) or shaped by Output (JSONata). */
async function caught(
  ctx: StateContext,
  catcher: JsonObject,
  error: string | null,
  cause: string | null,
): Promise<Outcome> {
  const errorOutput: Json = { Error: error ?? '', Cause: cause ?? '' };
  const next = catcher.Next as string;
  if (ctx.language === 'JSONata') {
    return finishJsonataWith(ctx, catcher, { input: ctx.active.input, errorOutput }, errorOutput, next);
  }
  const assign =
    catcher.Assign === undefined
      ? undefined
      : evaluateTemplate(catcher.Assign, ctx.pathScope(errorOutput), ctx);
  const output = applyResultPath(
    ctx.active.input,
    catcher.ResultPath as string | null | undefined,
    errorOutput,
  );
  return exitWith(ctx, output, next, assign as JsonObject | undefined);
}
