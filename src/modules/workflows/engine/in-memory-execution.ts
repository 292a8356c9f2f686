// One execution held in memory: drives `step` for the execution and its child runs, one event at a time,
// and carries out the commands (tasks, timers, child runs, storage) asynchronously.
import type { Clock } from '../../../kernel/clock.js';
import type { Command, RunTaskCommand, StartChildCommand } from '../asl/commands.js';
import type { StateMachineDefinition } from '../asl/definition.js';
import type { EventBody } from '../asl/events.js';
import type { HistoryEvent, HistoryMode } from '../asl/history.js';
import type { Json } from '../asl/json.js';
import type { JsonataOffload } from '../asl/jsonata/run.js';
import { newChildState, type RunState } from '../asl/run-state.js';
import type { MaybeAsync } from '../asl/step/outcome.js';
import { type StepOptions, type StepResult, stepNow } from '../asl/step/step.js';
import type { AbortPool } from './abort-pool.js';
import { type MockedResponse, mockedReport, type StateMocks } from './mocks.js';
import { type ExecutionResult, StorageRunner } from './storage-runner.js';
import { executeTask, type TaskEvent, type TaskPorts } from './task-executor.js';
import { TimerSet } from './timer-set.js';

export interface ExecutionSetup {
  readonly definition: StateMachineDefinition;
  readonly root: RunState;
  readonly input: Json;
  readonly ports: TaskPorts;
  readonly clock: Clock;
  /** Multiplies Wait and Retry delays (0 fires them at once); task and execution timeouts are not scaled. */
  readonly timeScale: number;
  readonly entropy: () => string;
  readonly mocks?: StateMocks;
  readonly onToken?: (token: string, target: { runId: string; taskId: string } | undefined) => void;
  /** The execution is stopped (ABORTED, States.Runtime) once its history grows past this many events. */
  readonly maxHistoryEvents: number;
  /** `none` keeps no history (`history` stays empty); outputs and errors are the same as with `full`. */
  readonly history: HistoryMode;
  /** Where tasks' AbortControllers come from and go back to. */
  readonly aborts: AbortPool;
  /** Where JSONata expressions past the inline budget run (see `StepOptions.offload`). */
  readonly expressions?: JsonataOffload;
}

interface RunningTask {
  readonly runId: string;
  readonly controller: AbortController;
  readonly token?: string;
}

interface RunEntry {
  state: RunState;
  readonly parent?: string;
}

export class InMemoryExecution {
  readonly history: HistoryEvent[] = [];
  private readonly runs = new Map<string, RunEntry>();
  private readonly queue: { runId: string; body: EventBody }[] = [];
  /** Made on first use, as are `storage` and `invocations`: most executions need none of them. */
  private timerSet: TimerSet | undefined;
  private readonly tasks = new Map<string, RunningTask>();
  private invocations: Map<string, number> | undefined;
  private storage: StorageRunner | undefined;
  private nextHistoryId = 1;
  private readonly stepOptions: StepOptions;
  private pumping = false;
  private settle!: (result: ExecutionResult) => void;
  private failPump!: (error: unknown) => void;
  readonly finished: Promise<ExecutionResult>;
  private ended = false;

  constructor(private readonly setup: ExecutionSetup) {
    this.finished = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.failPump = reject;
    });
    this.runs.set(setup.root.runId, { state: setup.root });
    this.stepOptions = {
      history: setup.history,
      ...(setup.expressions === undefined ? {} : { offload: setup.expressions }),
    };
  }

  start(): Promise<ExecutionResult> {
    this.deliver(this.setup.root.runId, { type: 'start', input: this.setup.input });
    return this.finished;
  }

  /** Queues an event for a run; events for runs that ended or were stopped are dropped when applied. */
  deliver(runId: string, body: EventBody): void {
    if (this.ended) return;
    this.queue.push({ runId, body });
    if (!this.pumping) this.pump();
  }

  /** Applies queued events in order; synchronously while steps answer at once, else after each promise. */
  private pump(): void {
    this.pumping = true;
    try {
      for (let next = this.queue.shift(); next !== undefined && !this.ended; next = this.queue.shift()) {
        const entry = this.runs.get(next.runId);
        if (entry === undefined) continue;
        const result = this.apply(entry, next.body);
        if (result instanceof Promise) {
          void this.pumpAfter(next.runId, entry, result);
          return;
        }
        this.applied(next.runId, entry, result);
      }
      this.pumping = false;
    } catch (error) {
      this.crash(error);
    }
  }

  private async pumpAfter(runId: string, entry: RunEntry, pending: Promise<StepResult>): Promise<void> {
    try {
      this.applied(runId, entry, await pending);
    } catch (error) {
      this.crash(error);
      return;
    }
    this.pump();
  }

  /** Applying an event threw (an interpreter bug): the execution's promise rejects. */
  private crash(error: unknown): void {
    this.ended = true;
    this.pumping = false;
    this.stopAll();
    this.failPump(error);
  }

  private apply(entry: RunEntry, body: EventBody): MaybeAsync<StepResult> {
    const stamp = {
      at: this.setup.clock.now(),
      historyId: this.nextHistoryId,
      entropy: this.setup.entropy(),
    };
    return stepNow(this.setup.definition, entry.state, stamp, body, this.stepOptions);
  }

  private applied(runId: string, entry: RunEntry, result: StepResult): void {
    entry.state = result.state;
    this.nextHistoryId += result.historyCount;
    for (const h of result.history) this.history.push(h);
    for (const command of result.commands) this.execute(runId, command);
    if (this.nextHistoryId - 1 > this.setup.maxHistoryEvents && !this.ended) {
      const cause = `The execution history exceeded ${this.setup.maxHistoryEvents} events`;
      this.queue.unshift({
        runId: this.setup.root.runId,
        body: { type: 'abort', error: 'States.Runtime', cause },
      });
    }
  }

  private execute(runId: string, command: Command): void {
    switch (command.type) {
      case 'runTask':
        this.runTask(runId, command);
        break;
      case 'cancelTask':
        this.cancelTask(command.taskId);
        break;
      case 'startTimer':
        this.timers().start(runId, command.timerId, command.fireAt, command.purpose);
        break;
      case 'cancelTimer':
        this.timerSet?.cancel(command.timerId);
        break;
      case 'startChild':
        this.startChild(runId, command);
        break;
      case 'stopChild':
        this.stopRun(command.childId);
        break;
      case 'readObject':
      case 'listObjects':
      case 'writeObject':
        this.storage ??= new StorageRunner(this.setup.ports.objects, (id, body) => this.deliver(id, body));
        this.storage.run(runId, command);
        break;
      case 'complete':
        this.endRun(runId, { type: 'childSucceeded', childId: runId, output: command.output });
        break;
      case 'fail':
        this.endRun(runId, {
          type: 'childFailed',
          childId: runId,
          error: command.error,
          cause: command.cause,
        });
        break;
    }
  }

  private timers(): TimerSet {
    this.timerSet ??= new TimerSet(this.setup.clock, this.setup.timeScale, (runId, timerId) =>
      this.deliver(runId, { type: 'timerFired', timerId }),
    );
    return this.timerSet;
  }

  private startChild(runId: string, command: StartChildCommand): void {
    const parent = this.runs.get(runId) as RunEntry;
    const child = newChildState(parent.state, command.childId, command.scope, command.variables);
    this.runs.set(command.childId, { state: child, parent: runId });
    this.deliver(command.childId, {
      type: 'start',
      input: command.input,
      parentEventId: command.parentEventId,
    });
  }

  private runTask(runId: string, command: RunTaskCommand): void {
    const controller = this.setup.aborts.take();
    const token = command.taskToken;
    this.tasks.set(
      command.taskId,
      token === undefined ? { runId, controller } : { runId, controller, token },
    );
    if (token !== undefined) this.setup.onToken?.(token, { runId, taskId: command.taskId });
    const mock: MockedResponse | undefined = this.setup.mocks?.[command.stateName];
    const signal = controller.signal;
    const taskId = command.taskId;
    const report: Promise<TaskEvent> =
      mock === undefined
        ? executeTask(command, this.setup.ports, signal)
        : new Promise((resolve) =>
            setImmediate(() =>
              resolve({ taskId, ...mockedReport(mock, this.invocation(command.stateName)) }),
            ),
          );
    void report.then((event) => {
      if (signal.aborted || !this.tasks.has(taskId)) return;
      if (event.type !== 'taskSubmitted') {
        this.forgetTask(taskId);
        this.setup.aborts.give(controller);
      }
      this.deliver(runId, event);
    });
  }

  private invocation(stateName: string): number {
    this.invocations ??= new Map();
    const n = this.invocations.get(stateName) ?? 0;
    this.invocations.set(stateName, n + 1);
    return n;
  }

  private cancelTask(taskId: string): void {
    this.tasks.get(taskId)?.controller.abort();
    this.forgetTask(taskId);
  }

  private forgetTask(taskId: string): void {
    const task = this.tasks.get(taskId);
    if (task?.token !== undefined) this.setup.onToken?.(task.token, undefined);
    this.tasks.delete(taskId);
  }

  /** A child run ended: tell its parent. The root ending ends the execution. */
  private endRun(runId: string, report: EventBody): void {
    const entry = this.runs.get(runId);
    if (entry === undefined) return;
    if (entry.parent === undefined) {
      this.finish(entry.state);
      return;
    }
    this.runs.delete(runId);
    this.deliver(entry.parent, report);
  }

  /** Stops a run and everything under it: its tasks, timers and child runs. */
  private stopRun(runId: string): void {
    this.runs.delete(runId);
    this.timerSet?.cancelRun(runId);
    for (const [taskId, task] of this.tasks) if (task.runId === runId) this.cancelTask(taskId);
    for (const [childId, child] of this.runs) if (child.parent === runId) this.stopRun(childId);
  }

  private finish(root: RunState): void {
    this.ended = true;
    this.stopAll();
    const { status } = root;
    const result: { -readonly [K in keyof ExecutionResult]: ExecutionResult[K] } = {
      status: status === 'RUNNING' ? 'FAILED' : status,
      history: this.history,
    };
    if (root.output !== undefined) result.output = root.output;
    if (root.error !== undefined) result.error = root.error;
    if (root.cause !== undefined) result.cause = root.cause;
    this.settle(result);
  }

  private stopAll(): void {
    this.timerSet?.cancelAll();
    if (this.tasks.size > 0) for (const taskId of [...this.tasks.keys()]) this.cancelTask(taskId);
  }
}
