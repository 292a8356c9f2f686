// Test helpers: a tiny deterministic driver of the pure core, and the express runner with stubbed functions.
import {
  type Command,
  type EventBody,
  type ExecutionInfo,
  ExpressRunner,
  type HistoryEvent,
  type HistoryMode,
  type InvokeFunctionRequest,
  type InvokeFunctionResult,
  type Json,
  newChildState,
  newExecutionState,
  type ObjectStorePort,
  type RunOutcome,
  type RunState,
  type StateMachineDefinition,
  type StateMocks,
  step,
  type TaskDispatcher,
  type WorkflowEvent,
} from '../../../src/modules/workflows/index.js';

export const START = Date.UTC(2024, 0, 1);

export function executionInfo(input: Json = {}): ExecutionInfo {
  return {
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Machine:test',
    name: 'test',
    startTime: '2024-01-01T00:00:00.000Z',
    roleArn: 'arn:aws:iam::123456789012:role/test',
    input,
    redriveCount: 0,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Machine',
    stateMachineName: 'Machine',
  };
}

export type TaskHandler = (command: Extract<Command, { type: 'runTask' }>) => EventBody;

export interface PureRun {
  readonly root: RunState;
  readonly history: HistoryEvent[];
  readonly commands: { runId: string; command: Command }[];
  /** Every event applied, in order, for replay checks. */
  readonly journal: { runId: string; event: WorkflowEvent }[];
  /** The commands of each step, in order, and how many history ids each used. */
  readonly steps: {
    runId: string;
    event: WorkflowEvent;
    commands: readonly Command[];
    historyCount: number;
  }[];
}

/**
 * Drives the pure core like an engine would, but synchronously in FIFO order: tasks are answered by `onTask`,
 * timers fire at their due time on a virtual clock, child runs are started and reported back.
 */
export async function runPure(
  definitionLike: object,
  input: Json,
  onTask: TaskHandler = () => ({ type: 'taskFailed', taskId: '', error: 'NoHandler', cause: '' }),
  options: { maxEvents?: number; entropy?: string; history?: HistoryMode } = {},
): Promise<PureRun> {
  const definition = definitionLike as StateMachineDefinition;
  const root = newExecutionState(executionInfo(input));
  const runs = new Map<string, { state: RunState; parent?: string }>([[root.runId, { state: root }]]);
  const queue: { runId: string; body: EventBody }[] = [{ runId: root.runId, body: { type: 'start', input } }];
  const timers: { runId: string; timerId: string; fireAt: number }[] = [];
  const out: PureRun = { root, history: [], commands: [], journal: [], steps: [] };
  let now = START;
  let nextId = 1;
  for (let n = 0; n < (options.maxEvents ?? 10_000); n++) {
    let next = queue.shift();
    if (next === undefined) {
      timers.sort((a, b) => a.fireAt - b.fireAt);
      const timer = timers.shift();
      if (timer === undefined) break;
      now = Math.max(now, timer.fireAt);
      next = { runId: timer.runId, body: { type: 'timerFired', timerId: timer.timerId } };
    }
    const entry = runs.get(next.runId);
    if (entry === undefined) continue;
    const event = {
      ...next.body,
      at: now,
      historyId: nextId,
      entropy: `${options.entropy ?? 'seed'}-${n}`,
    } as WorkflowEvent;
    out.journal.push({ runId: next.runId, event });
    const result = await step(definition, entry.state, event, { history: options.history ?? 'full' });
    nextId += result.historyCount;
    out.history.push(...result.history);
    out.steps.push({
      runId: next.runId,
      event,
      commands: result.commands,
      historyCount: result.historyCount,
    });
    for (const command of result.commands) {
      out.commands.push({ runId: next.runId, command });
      apply(next.runId, command);
    }
  }
  return out;

  function apply(runId: string, command: Command): void {
    const entry = runs.get(runId) as { state: RunState; parent?: string };
    switch (command.type) {
      case 'runTask': {
        const report = onTask(command);
        if ('taskId' in report)
          queue.push({ runId, body: { ...report, taskId: command.taskId } as EventBody });
        break;
      }
      case 'startTimer':
        timers.push({ runId, timerId: command.timerId, fireAt: command.fireAt });
        break;
      case 'cancelTimer': {
        const i = timers.findIndex((t) => t.timerId === command.timerId);
        if (i >= 0) timers.splice(i, 1);
        break;
      }
      case 'startChild':
        runs.set(command.childId, {
          state: newChildState(entry.state, command.childId, command.scope, command.variables),
          parent: runId,
        });
        queue.push({
          runId: command.childId,
          body: { type: 'start', input: command.input, parentEventId: command.parentEventId },
        });
        break;
      case 'stopChild':
        runs.delete(command.childId);
        break;
      case 'complete':
      case 'fail':
        if (entry.parent !== undefined) {
          runs.delete(runId);
          queue.push({
            runId: entry.parent,
            body:
              command.type === 'complete'
                ? { type: 'childSucceeded', childId: runId, output: command.output }
                : { type: 'childFailed', childId: runId, error: command.error, cause: command.cause },
          });
        }
        break;
      default:
        break;
    }
  }
}

/** Functions for the express runner, by bare name. */
export type Functions = Record<
  string,
  (payload: Json, request: InvokeFunctionRequest) => InvokeFunctionResult | Promise<InvokeFunctionResult>
>;

export function dispatcherOf(functions: Functions, extra: Partial<TaskDispatcher> = {}): TaskDispatcher {
  return {
    async invokeFunction(request) {
      const name =
        /([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(
          request.functionName.replace(/^.*:function:/, ''),
        )?.[1] ?? '';
      const fn = functions[name];
      if (fn === undefined)
        return { ok: false, error: { errorType: 'Lambda.ResourceNotFoundException', errorMessage: name } };
      return fn(request.payload, request);
    },
    ...extra,
  };
}

export const ok = (payload: Json): InvokeFunctionResult => ({ ok: true, payload });
export const raise = (errorType: string, errorMessage = 'boom'): InvokeFunctionResult => ({
  ok: false,
  error: { errorType, errorMessage },
});

export async function runExpress(
  definition: object,
  input: Json = {},
  functions: Functions = {},
  options: { mocks?: StateMocks; dispatcher?: Partial<TaskDispatcher>; objects?: ObjectStorePort } = {},
): Promise<RunOutcome> {
  const runner = new ExpressRunner({
    dispatcher: dispatcherOf(functions, options.dispatcher),
    timeScale: 0,
    entropy: () => 'fixed',
    ...(options.objects === undefined ? {} : { objects: options.objects }),
  });
  return runner.run({
    definition: definition as StateMachineDefinition,
    input,
    ...(options.mocks === undefined ? {} : { mocks: options.mocks }),
  });
}

/** A one-state machine around a state definition. */
export function single(
  state: Record<string, Json>,
  extra: Record<string, Json> = {},
): StateMachineDefinition {
  return {
    StartAt: 'S',
    States: { S: { ...state, ...('Next' in state || isTerminal(state) ? {} : { End: true }) } },
    ...extra,
  } as StateMachineDefinition;
}

function isTerminal(state: Record<string, Json>): boolean {
  return state.Type === 'Succeed' || state.Type === 'Fail' || state.Type === 'Choice' || state.End === true;
}

export function types(history: readonly HistoryEvent[]): string[] {
  return history.map((e) => e.type);
}

/** An object store in memory, for ItemReader/ResultWriter and the S3 tasks. */
export function memoryStore(
  initial: Record<string, string> = {},
): ObjectStorePort & { objects: Map<string, string> } {
  const objects = new Map(Object.entries(initial));
  return {
    objects,
    async readObject(bucket, key) {
      const body = objects.get(`${bucket}/${key}`);
      if (body === undefined) throw new Error(`NoSuchKey: ${bucket}/${key}`);
      return { body: Buffer.from(body), contentType: 'application/json', eTag: '"e"' };
    },
    async writeObject(bucket, key, body) {
      objects.set(`${bucket}/${key}`, Buffer.from(body).toString('utf8'));
      return { eTag: '"w"' };
    },
    async listObjects(bucket, prefix) {
      return [...objects.keys()]
        .filter((k) => k.startsWith(`${bucket}/${prefix}`))
        .map((k) => ({ key: k.slice(bucket.length + 1), size: (objects.get(k) ?? '').length }));
    },
  };
}
