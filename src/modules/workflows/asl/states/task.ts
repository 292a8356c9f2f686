// Task: issues a runTask command for its Resource and finishes with the result the engine reports back.
import type { RunTaskCommand } from '../commands.js';
import { AslError, StatesErrors } from '../errors.js';
import type { EventBody } from '../events.js';
import { errorDetails, NOT_TRUNCATED } from '../history.js';
import { type Json, toJsonText } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { evaluateTemplate } from '../paths/payload-template.js';
import type { TaskWait } from '../run-state.js';
import { effectiveInput, finishJsonata, finishJsonPath } from '../step/dataflow.js';
import type { MaybeAsync, Outcome, StateHandler } from '../step/outcome.js';
import type { StateContext } from '../step/state-context.js';
import {
  type HistoryResource,
  historyResource,
  parseResource,
  resourceRegion,
  type TaskResource,
} from '../task/resource.js';
import { type TaskTimeouts, taskTimeouts } from '../task/timeouts.js';

const MAX_RESULT_BYTES = 262_144;

export const taskHandler: StateHandler = {
  kind: 'Task',
  recoverable: true,
  start(ctx) {
    const resource = ctx.state.Resource as string;
    const kind = parseResource(resource);
    const token =
      kind !== undefined && 'pattern' in kind && kind.pattern === 'waitForTaskToken'
        ? newToken(ctx)
        : undefined;
    const parameters = taskParameters(ctx, token === undefined ? undefined : { taskToken: token });
    if (parameters instanceof Promise) {
      return parameters.then((p) => withTimeouts(ctx, { resource, kind, token, parameters: p }));
    }
    return withTimeouts(ctx, { resource, kind, token, parameters });
  },
  resume(ctx, event) {
    const wait = ctx.active.wait;
    if (wait?.kind !== 'task') return { kind: 'ignored' };
    return onTaskEvent(ctx, wait, event);
  },
  cancel(ctx) {
    const wait = ctx.active.wait;
    if (wait?.kind !== 'task') return;
    ctx.command({ type: 'cancelTask', taskId: wait.taskId });
    stopTimers(ctx, wait);
  },
};

interface TaskRequest {
  readonly resource: string;
  readonly kind: TaskResource | undefined;
  readonly token: string | undefined;
  readonly parameters: Json;
}

function withTimeouts(ctx: StateContext, request: TaskRequest): MaybeAsync<Outcome> {
  const timeouts = taskTimeouts(ctx);
  return timeouts instanceof Promise
    ? timeouts.then((t) => schedule(ctx, request, t))
    : schedule(ctx, request, timeouts);
}

/** Writes the Scheduled/Started events, hands the task to the engine, and waits for its result. */
function schedule(ctx: StateContext, request: TaskRequest, timeouts: TaskTimeouts): Outcome {
  const { resource, token, parameters } = request;
  const { timeoutSeconds, heartbeatSeconds } = timeouts;
  const taskId = ctx.nextId('task');
  const legacyLambda = request.kind?.kind === 'lambda-function';
  scheduleEvents(ctx, resource, legacyLambda, parameters, timeoutSeconds, heartbeatSeconds);
  // Optional fields set one by one: trailing `...(x ? {} : {x})` spreads cost a runtime call each, every task.
  const command: Mutable<RunTaskCommand> = {
    type: 'runTask',
    taskId,
    stateName: ctx.name,
    resource,
    parameters,
  };
  if (timeoutSeconds !== undefined) command.timeoutSeconds = timeoutSeconds;
  if (heartbeatSeconds !== undefined) command.heartbeatSeconds = heartbeatSeconds;
  if (token !== undefined) command.taskToken = token;
  ctx.command(command);
  const wait: Mutable<TaskWait> = { kind: 'task', taskId, resource, legacyLambda };
  if (timeoutSeconds !== undefined) wait.timeoutTimerId = startTimer(ctx, 'taskTimeout', timeoutSeconds);
  if (heartbeatSeconds !== undefined) {
    wait.heartbeatTimerId = startTimer(ctx, 'heartbeat', heartbeatSeconds);
    wait.heartbeatSeconds = heartbeatSeconds;
  }
  ctx.active.wait = wait;
  return { kind: 'wait' };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function onTaskEvent(ctx: StateContext, wait: TaskWait, event: EventBody): MaybeAsync<Outcome> {
  const resource = historyResource(wait.resource);
  if (event.type === 'timerFired') return onTimer(ctx, wait, event.timerId, resource);
  if (!('taskId' in event) || event.taskId !== wait.taskId) return { kind: 'ignored' };
  switch (event.type) {
    case 'taskSubmitted':
      ctx.emit('TaskSubmitted', 'taskSubmittedEventDetails', () => ({
        resourceType: resource.resourceType,
        resource: resource.resource,
        output: toJsonText(event.output),
        outputDetails: NOT_TRUNCATED,
      }));
      return { kind: 'wait' };
    case 'taskHeartbeat':
      if (wait.heartbeatTimerId !== undefined && wait.heartbeatSeconds !== undefined) {
        ctx.command({ type: 'cancelTimer', timerId: wait.heartbeatTimerId });
        ctx.active.wait = { ...wait, heartbeatTimerId: startTimer(ctx, 'heartbeat', wait.heartbeatSeconds) };
      }
      return { kind: 'wait' };
    case 'taskSucceeded':
      stopTimers(ctx, wait);
      ctx.active.wait = null;
      return succeeded(ctx, wait, event.output, resource);
    case 'taskFailed':
      stopTimers(ctx, wait);
      ctx.active.wait = null;
      emitFailure(ctx, wait, event.error, event.cause);
      throw new AslError(event.error, event.cause);
    default:
      return { kind: 'ignored' };
  }
}

function succeeded(
  ctx: StateContext,
  wait: TaskWait,
  output: Json,
  resource: HistoryResource,
): MaybeAsync<Outcome> {
  if (ctx.exceeds(output, MAX_RESULT_BYTES)) {
    const cause = `The state/task '${ctx.name}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    emitFailure(ctx, wait, StatesErrors.DataLimitExceeded, cause);
    throw new AslError(StatesErrors.DataLimitExceeded, cause);
  }
  if (wait.legacyLambda) {
    ctx.emit('LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', () => ({
      output: ctx.text(output),
      outputDetails: NOT_TRUNCATED,
    }));
  } else {
    ctx.emit('TaskSucceeded', 'taskSucceededEventDetails', () => ({
      resourceType: resource.resourceType,
      resource: resource.resource,
      output: ctx.text(output),
      outputDetails: NOT_TRUNCATED,
    }));
  }
  return ctx.language === 'JSONata' ? finishJsonata(ctx, output) : finishJsonPath(ctx, output, 'result');
}

function onTimer(ctx: StateContext, wait: TaskWait, timerId: string, resource: HistoryResource): Outcome {
  const timedOut = timerId === wait.timeoutTimerId;
  if (!timedOut && timerId !== wait.heartbeatTimerId) return { kind: 'ignored' };
  const error = timedOut ? StatesErrors.Timeout : StatesErrors.HeartbeatTimeout;
  ctx.command({ type: 'cancelTask', taskId: wait.taskId });
  stopTimers(ctx, wait);
  ctx.active.wait = null;
  if (wait.legacyLambda) {
    ctx.emit('LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails', { error });
  } else {
    ctx.emit('TaskTimedOut', 'taskTimedOutEventDetails', {
      resourceType: resource.resourceType,
      resource: resource.resource,
      error,
    });
  }
  throw new AslError(error, null);
}

function taskParameters(ctx: StateContext, extras: { taskToken: string } | undefined): MaybeAsync<Json> {
  if (ctx.language === 'JSONata') {
    const args = ctx.state.Arguments;
    if (args === undefined) return ctx.active.input;
    return evaluateJsonataTemplate(args, 'Arguments', ctx.jsonataScope({ input: ctx.active.input }, extras));
  }
  const effective = effectiveInput(ctx);
  const template = ctx.state.Parameters;
  return template === undefined
    ? effective
    : evaluateTemplate(template, ctx.pathScope(effective, extras), ctx);
}

function scheduleEvents(
  ctx: StateContext,
  resource: string,
  legacyLambda: boolean,
  parameters: Json,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
): void {
  if (legacyLambda) {
    ctx.emit('LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', () => ({
      resource,
      input: toJsonText(parameters),
      inputDetails: NOT_TRUNCATED,
      ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
    }));
    ctx.emit('LambdaFunctionStarted');
    return;
  }
  const names = historyResource(resource);
  ctx.emit('TaskScheduled', 'taskScheduledEventDetails', () => ({
    resourceType: names.resourceType,
    resource: names.resource,
    region: resourceRegion(resource),
    parameters: toJsonText(parameters),
    ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
    ...(heartbeatSeconds === undefined ? {} : { heartbeatInSeconds: heartbeatSeconds }),
  }));
  ctx.emit('TaskStarted', 'taskStartedEventDetails', () => ({
    resourceType: names.resourceType,
    resource: names.resource,
  }));
}

function emitFailure(ctx: StateContext, wait: TaskWait, error: string, cause: string): void {
  if (wait.legacyLambda) {
    ctx.emit('LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', errorDetails(error, cause));
  } else {
    ctx.emit('TaskFailed', 'taskFailedEventDetails', {
      ...historyResource(wait.resource),
      ...errorDetails(error, cause),
    });
  }
}

function startTimer(ctx: StateContext, purpose: 'taskTimeout' | 'heartbeat', seconds: number): string {
  const timerId = ctx.nextId(purpose);
  ctx.command({ type: 'startTimer', timerId, fireAt: ctx.now + seconds * 1000, purpose });
  return timerId;
}

function stopTimers(ctx: StateContext, wait: TaskWait): void {
  for (const timerId of [wait.timeoutTimerId, wait.heartbeatTimerId]) {
    if (timerId !== undefined) ctx.command({ type: 'cancelTimer', timerId });
  }
}

/** An opaque, unguessable task token (from the step's recorded entropy, so replays give the same one). */
function newToken(ctx: StateContext): string {
  const hex = Array.from({ length: 48 }, () =>
    Math.floor(ctx.random.next() * 256)
      .toString(16)
      .padStart(2, '0'),
  );
  return Buffer.from(hex.join(''), 'hex').toString('base64url');
}
