// One execution held in memory: drives `step` for the execution and its child runs, one event at a time,
// and carries out the commands (tasks, timers, child runs, storage) asynchronously.
import type { Clock } from '../../../../kernel/clock.js';
import type { RunTaskCommand } from '../../asl/commands.js';
import type { StateMachineDefinition } from '../../asl/definition.js';
import type { EventBody } from '../../asl/events.js';
import type { HistoryEvent, HistoryMode } from '../../asl/history.js';
import type { Json } from '../../asl/json.js';
import type { JsonataOffload } from '../../asl/jsonata/run.js';
import type { RunState } from '../../asl/run-state.js';
import type { MaybeAsync } from '../../asl/step/outcome.js';
import { type StepOptions, type StepResult, stepNow } from '../../asl/step/step.js';
import { type RunEffects, type RunNode, RunTree } from '../run-tree.js';
import { type ExecutionResult, StorageRunner } from '../storage-runner.js';
import { executeTask } from '../tasks/task-executor.js';
import type { TaskEvent, TaskPorts } from '../tasks/task-report.js';
import type { AbortPool } from './abort-pool.js';
import { type MockedResponse, mockedReport, type StateMocks } from './mocks.js';
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

export class InMemoryExecution {
  readonly history: HistoryEvent[] = [];
  private readonly runs = new RunTree<RunNode>();
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
    this.runs.set(setup.root.runId, { state: setup.root, parent: null });
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

  private async pumpAfter(runId: string, entry: RunNode, pending: Promise<StepResult>): Promise<void> {
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

  private apply(entry: RunNode, body: EventBody): MaybeAsync<StepResult> {
    const stamp = {
      at: this.setup.clock.now(),
      historyId: this.nextHistoryId,
      entropy: this.setup.entropy(),
    };
    return stepNow(this.setup.definition, entry.state, stamp, body, this.stepOptions);
  }

  private applied(runId: string, entry: RunNode, result: StepResult): void {
    entry.state = result.state;
    this.nextHistoryId += result.historyCount;
    for (const h of result.history) this.history.push(h);
    for (const command of result.commands) this.runs.apply(runId, entry, command, this.effects, undefined);
    if (this.nextHistoryId - 1 > this.setup.maxHistoryEvents && !this.ended) {
      const cause = `The execution history exceeded ${this.setup.maxHistoryEvents} events`;
      this.queue.unshift({
        runId: this.setup.root.runId,
        body: { type: 'abort', error: 'States.Runtime', cause },
      });
    }
  }

  private timers(): TimerSet {
    this.timerSet ??= new TimerSet(this.setup.clock, this.setup.timeScale, (runId, timerId) =>
      this.deliver(runId, { type: 'timerFired', timerId }),
    );
    return this.timerSet;
  }

  /** What this execution's runs ask for, carried out at once (nothing is recorded first). */
  private readonly effects: RunEffects<RunNode, undefined> = {
    startWork: (runId, _id, command) => {
      if (command.type === 'runTask') {
        this.runTask(runId, command);
        return;
      }
      this.storage ??= new StorageRunner(this.setup.ports.objects, (id, body) => this.deliver(id, body));
      this.storage.run(runId, command);
    },
    cancelWork: (id) => this.cancelTask(id),
    startTimer: (runId, command) =>
      this.timers().start(runId, command.timerId, command.fireAt, command.purpose),
    cancelTimer: (timerId) => this.timerSet?.cancel(timerId),
    newChild: (parent, state) => ({ state, parent }),
    childStarted: (childId, _child, command) =>
      this.deliver(childId, { type: 'start', input: command.input, parentEventId: command.parentEventId }),
    runStopped: (runId) => {
      this.timerSet?.cancelRun(runId);
      for (const [taskId, task] of this.tasks) if (task.runId === runId) this.cancelTask(taskId);
    },
    childEnded: (runId, child, end) => {
      this.runs.delete(runId);
      if (child.parent !== null) this.deliver(child.parent, end);
    },
    rootEnded: (root) => this.finish(root.state),
  };

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
