// The pure interpreter entry point: step(definition, state, event) -> {state, commands, history}.
import type { Command } from '../commands.js';
import type { StateMachineDefinition } from '../definition.js';
import { AslError, StatesErrors } from '../errors.js';
import type { EventBody, EventStamp, WorkflowEvent } from '../events.js';
import { errorDetails, type HistoryEvent, type HistoryMode, NOT_TRUNCATED } from '../history.js';
import type { Json } from '../json.js';
import type { JsonataOffload } from '../jsonata/run.js';
import type { RunState } from '../run-state.js';
import { handlerFor } from '../states/table.js';
import type { MaybeAsync, Outcome } from './outcome.js';
import { recover } from './recovery.js';
import { StateContext } from './state-context.js';
import { enter, exitState } from './transition.js';

/** Step Functions' payload limit for inputs, outputs and results: 256 KiB. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** Transitions one step may make without waiting (a 25,000-state chain is far past any real machine). */
export const MAX_TRANSITIONS_PER_STEP = 25_000;

export interface StepOptions {
  /** `full` (the default) records every history event; `none` records none (see HistoryMode). */
  readonly history?: HistoryMode;
  /** Where JSONata expressions past the inline budget are evaluated (an engine's worker pool); default inline. */
  readonly offload?: JsonataOffload;
}

export interface StepResult {
  /** The run's new state (the same object as the input state, updated: step takes ownership of it). */
  readonly state: RunState;
  readonly commands: readonly Command[];
  /** History events written by this step, with ids from `event.historyId` upwards (none in mode `none`). */
  readonly history: readonly HistoryEvent[];
  /** How many history ids the step used: `history.length` when recording; advance the engine's counter by it. */
  readonly historyCount: number;
}

/**
 * Applies one event to a run. Pure apart from updating `state` in place: no I/O, clock or randomness other
 * than what the event carries, so replaying the same events on the same initial state gives the same result.
 * Events for a run that already ended, or for work the run no longer waits on, change nothing.
 */
export function step(
  definition: StateMachineDefinition,
  state: RunState,
  event: WorkflowEvent,
  options: StepOptions = {},
): Promise<StepResult> {
  try {
    const result = stepNow(definition, state, event, event, options);
    return result instanceof Promise ? result : Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `step` for an engine that applies events one after another in memory: the event's stamp and body apart (no
 * object made to join them), and the result at once when the step needs no promise (no JSONata), as most steps
 * do. Throws what `step` would reject with.
 */
export function stepNow(
  definition: StateMachineDefinition,
  state: RunState,
  stamp: EventStamp,
  event: EventBody,
  options: StepOptions = {},
): MaybeAsync<StepResult> {
  const ctx = new StateContext(definition, state, stamp, options.history, options.offload);
  const applied = state.status === 'RUNNING' ? apply(ctx, event) : undefined;
  return applied instanceof Promise ? applied.then(() => resultOf(ctx)) : resultOf(ctx);
}

function resultOf(ctx: StateContext): StepResult {
  return { state: ctx.run, commands: ctx.commands, history: ctx.history, historyCount: ctx.historyCount };
}

function apply(ctx: StateContext, event: EventBody): MaybeAsync<void> {
  if (event.type === 'start') return begin(ctx, event.input, event.parentEventId);
  if (event.type === 'abort') return endEarly(ctx, 'ABORTED', event.error ?? null, event.cause ?? null);
  if (event.type === 'timerFired' && event.timerId === ctx.run.executionTimerId) {
    return endEarly(ctx, 'TIMED_OUT', StatesErrors.Timeout, 'The execution timed out.');
  }
  const active = ctx.run.active;
  if (active === null) return;
  ctx.focus(active.name);
  const handler = handlerFor(ctx.state.Type);
  if (event.type === 'timerFired' && active.wait?.kind === 'retry') {
    if (active.wait.timerId !== event.timerId) return;
    active.wait = null;
    return drive(ctx, () => handler.start(ctx));
  }
  const resume = handler.resume;
  if (resume === undefined || active.wait === null) return;
  return drive(ctx, () => resume.call(handler, ctx, event));
}

function begin(ctx: StateContext, input: Json, parentEventId: number | undefined): MaybeAsync<void> {
  const run = ctx.run;
  if (run.topLevel) {
    ctx.emit('ExecutionStarted', 'executionStartedEventDetails', () => ({
      input: ctx.text(input),
      inputDetails: NOT_TRUNCATED,
      roleArn: run.execution.roleArn,
    }));
    const timeout = ctx.definition.TimeoutSeconds;
    if (typeof timeout === 'number' && timeout > 0) {
      run.executionTimerId = ctx.nextId('execution-timeout');
      ctx.command({
        type: 'startTimer',
        timerId: run.executionTimerId,
        fireAt: ctx.now + timeout * 1000,
        purpose: 'executionTimeout',
      });
    }
  } else {
    run.lastEventId = parentEventId ?? 0;
  }
  if (ctx.exceeds(input, MAX_PAYLOAD_BYTES)) {
    return failRun(
      ctx,
      StatesErrors.DataLimitExceeded,
      'The execution input exceeds the maximum number of bytes service limit.',
    );
  }
  enter(ctx, ctx.machine.startAt, input);
  return drive(ctx, startState);
}

/**
 * Runs outcomes until the run waits or ends: exits lead into the next state, errors into Retry/Catch.
 * A run that keeps transitioning without ever waiting is an endless loop; it fails instead of hanging the step.
 * It stays synchronous until a handler returns a promise (JSONata), so a chain of Pass or Task states costs none.
 */
function drive(ctx: StateContext, first: (ctx: StateContext) => MaybeAsync<Outcome>): MaybeAsync<void> {
  let pending: MaybeAsync<Outcome> | undefined = attempt(ctx, first);
  for (let transitions = 0; pending !== undefined; transitions++) {
    if (pending instanceof Promise) return driveAsync(ctx, pending, transitions);
    pending = advance(ctx, pending, transitions);
  }
}

async function driveAsync(ctx: StateContext, first: Promise<Outcome>, from: number): Promise<void> {
  let pending: MaybeAsync<Outcome> | undefined = first;
  for (let transitions = from; pending !== undefined; transitions++) {
    pending = advance(ctx, await pending, transitions);
  }
}

/** Handles one outcome: on to the next state (its outcome returned), or undefined once the run waits or ends. */
function advance(ctx: StateContext, outcome: Outcome, transitions: number): MaybeAsync<Outcome> | undefined {
  if (transitions > MAX_TRANSITIONS_PER_STEP) {
    failRun(
      ctx,
      StatesErrors.Runtime,
      `The run made more than ${MAX_TRANSITIONS_PER_STEP} state transitions without waiting for anything; it looks like an endless loop.`,
    );
    return undefined;
  }
  if (outcome.kind === 'wait' || outcome.kind === 'ignored') return undefined;
  if (outcome.kind === 'fail') {
    failRun(ctx, outcome.error, outcome.cause);
    return undefined;
  }
  const output = outcome.output;
  if (ctx.exceeds(output, MAX_PAYLOAD_BYTES)) {
    failRun(
      ctx,
      StatesErrors.DataLimitExceeded,
      `The state/task '${ctx.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
    return undefined;
  }
  exitState(ctx, output, outcome.kind === 'exit' ? outcome.assigned : undefined);
  if (outcome.kind === 'succeed' || outcome.next === null) {
    completeRun(ctx, output);
    return undefined;
  }
  enter(ctx, outcome.next, output);
  return attempt(ctx, startState);
}

function startState(ctx: StateContext): MaybeAsync<Outcome> {
  return handlerFor(ctx.state.Type).start(ctx);
}

/** Runs a handler call; ASL errors go through Retry/Catch, other exceptions are interpreter bugs. */
function attempt(
  ctx: StateContext,
  produce: (ctx: StateContext) => MaybeAsync<Outcome>,
): MaybeAsync<Outcome> {
  try {
    const outcome = produce(ctx);
    return outcome instanceof Promise ? outcome.catch((error: unknown) => recovered(ctx, error)) : outcome;
  } catch (error) {
    return recovered(ctx, error);
  }
}

async function recovered(ctx: StateContext, error: unknown): Promise<Outcome> {
  if (!(error instanceof AslError)) throw error;
  try {
    return await recover(ctx, handlerFor(ctx.state.Type), error);
  } catch (inner) {
    if (!(inner instanceof AslError)) throw inner;
    return { kind: 'fail', error: inner.error, cause: inner.cause };
  }
}

function completeRun(ctx: StateContext, output: Json): void {
  const run = ctx.run;
  run.status = 'SUCCEEDED';
  run.output = output;
  if (run.topLevel) {
    ctx.emit('ExecutionSucceeded', 'executionSucceededEventDetails', () => ({
      output: ctx.text(output),
      outputDetails: NOT_TRUNCATED,
    }));
  }
  stopExecutionTimer(ctx);
  ctx.command({ type: 'complete', output });
}

function failRun(ctx: StateContext, error: string | null, cause: string | null): void {
  finish(ctx, 'FAILED', error, cause);
}

/** Abort (StopExecution) or execution timeout: stop the waiting state's work, then end the run. */
function endEarly(
  ctx: StateContext,
  status: 'ABORTED' | 'TIMED_OUT',
  error: string | null,
  cause: string | null,
) {
  const active = ctx.run.active;
  if (active !== null) {
    ctx.focus(active.name);
    handlerFor(ctx.state.Type).cancel?.(ctx);
  }
  finish(ctx, status, error, cause);
}

function finish(
  ctx: StateContext,
  status: 'FAILED' | 'ABORTED' | 'TIMED_OUT',
  error: string | null,
  cause: string | null,
) {
  const run = ctx.run;
  run.status = status;
  run.error = error;
  run.cause = cause;
  run.active = null;
  if (run.topLevel) {
    const details = errorDetails(error, cause);
    if (status === 'FAILED') ctx.emit('ExecutionFailed', 'executionFailedEventDetails', details);
    else if (status === 'ABORTED') ctx.emit('ExecutionAborted', 'executionAbortedEventDetails', details);
    else ctx.emit('ExecutionTimedOut', 'executionTimedOutEventDetails', details);
  }
  stopExecutionTimer(ctx);
  ctx.command({ type: 'fail', status, error, cause });
}

function stopExecutionTimer(ctx: StateContext): void {
  const timerId = ctx.run.executionTimerId;
  if (timerId !== undefined && ctx.run.status !== 'TIMED_OUT') ctx.command({ type: 'cancelTimer', timerId });
}
