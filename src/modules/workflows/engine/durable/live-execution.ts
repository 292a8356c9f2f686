// One durable execution held by the engine: applies events to its runs through `step`, records every write
// in the round's batch, and leaves side effects (tasks, timers) to run after the batch commits.
import type { StateMachineDefinition } from '../../asl/definition.js';
import type { EventBody, WorkflowEvent } from '../../asl/events.js';
import type { Json } from '../../asl/json.js';
import type { RunState } from '../../asl/run-state.js';
import type { MaybeAsync } from '../../asl/step/outcome.js';
import { type StepOptions, type StepResult, stepNow } from '../../asl/step/step.js';
import type { RunsTable } from '../../schema.js';
import {
  type RunEffects,
  type RunNode,
  RunTree,
  type StartTimerCommand,
  type WorkCommand,
} from '../run-tree.js';
import { timerDelay } from '../timer-delay.js';
import type { ExecutionEnd, WriteBatch } from './journal/write-batch.js';
import { OwnedMap } from './owned-map.js';

export interface RunEntry extends RunNode {
  phase: RunsTable['phase'];
  /** The start event of a run not started yet. */
  start?: { readonly input: Json; readonly parentEventId?: number } | undefined;
}

export interface PendingWork {
  readonly runId: string;
  readonly command: WorkCommand;
  submitted: boolean;
}

/** What the engine does for an execution; effects are called only once the round's batch is committed. */
export interface ExecutionHost {
  now(): number;
  entropy(): string;
  readonly timeScale: number;
  readonly maxHistoryEvents: number;
  /** Queues an event now (events derived from this round: child starts and ends). */
  enqueue(execution: LiveExecution, runId: string, body: EventBody): void;
  readonly work: WorkEffects;
  ended(execution: LiveExecution, end: ExecutionEnd): void;
  /** The options of every step (where JSONata expressions past the inline budget run). */
  readonly stepOptions: StepOptions;
}

/** Tasks and timers of executions (`WorkRunner`). */
export interface WorkEffects {
  start(execution: LiveExecution, id: string, work: PendingWork): void;
  cancel(execution: LiveExecution, id: string): void;
  arm(execution: LiveExecution, runId: string, timerId: string, dueAt: number): void;
  disarm(execution: LiveExecution, timerId: string): void;
}

/** A round of the engine: the writes to commit and the effects to run once they are. */
export interface Round {
  readonly batch: WriteBatch;
  readonly effects: (() => void)[];
}

/** An event stepped but not recorded yet (see `LiveExecution.advance`). */
export interface SteppedEvent {
  readonly runId: string;
  readonly body: EventBody;
  readonly entry: RunEntry;
  readonly event: WorkflowEvent;
  readonly result: StepResult;
}

/** What recording an event's commands needs: the round they go into and the event's time. */
interface RoundAt {
  readonly round: Round;
  readonly at: number;
}

export class LiveExecution {
  readonly runs = new RunTree<RunEntry>();
  readonly work = new OwnedMap<PendingWork>((work) => work.runId);
  /** timerId -> runId */
  readonly timers = new OwnedMap<string>((runId) => runId);
  ended = false;
  /** Sequence number of the next journaled event. */
  journalSeq = 1;
  /** Set until the round that starts a new execution inserts its row. */
  insert: ((batch: WriteBatch) => void) | undefined;
  private aborting = false;

  constructor(
    readonly arn: string,
    readonly definition: StateMachineDefinition,
    private readonly host: ExecutionHost,
    public nextEventId: number,
  ) {}

  /**
   * Steps a run through an event without writing anything: the writes are `record`'s, into the round that
   * takes the result. A promise when the step evaluates JSONata (it may wait on a worker); undefined when the
   * event changes nothing (the run or execution ended). Until recorded, the run's state is in flux: the pump
   * applies no other event of this execution and commits none of its writes meanwhile.
   */
  advance(runId: string, body: EventBody): MaybeAsync<SteppedEvent | undefined> {
    const entry = this.runs.get(runId);
    if (this.ended || entry === undefined || entry.phase === 'ended') return undefined;
    const at = this.host.now();
    const event = { ...body, at, historyId: this.nextEventId, entropy: this.host.entropy() } as WorkflowEvent;
    const result = stepNow(this.definition, entry.state, event, event, this.host.stepOptions);
    if (result instanceof Promise)
      return result.then((done) => ({ runId, body, entry, event, result: done }));
    return { runId, body, entry, event, result };
  }

  /** Writes a stepped event into the round: journal, history, run snapshot, and the commands' writes and effects. */
  record(stepped: SteppedEvent, round: Round): void {
    const { runId, body, entry, event, result } = stepped;
    this.insert?.(round.batch);
    this.insert = undefined;
    this.consume(body, round);
    round.batch.journal.push({
      execution_arn: this.arn,
      seq: this.journalSeq++,
      run_id: runId,
      event: JSON.stringify(event),
    });
    entry.state = result.state;
    if (body.type === 'start') {
      entry.phase = 'running';
      entry.start = undefined;
    }
    for (const h of result.history) {
      round.batch.history.push({ execution_arn: this.arn, id: h.id, event: JSON.stringify(h) });
    }
    this.nextEventId += result.history.length;
    round.batch.putRun(this.arn, runId, () => this.row(runId, entry));
    const context: RoundAt = { round, at: event.at };
    for (const command of result.commands) this.runs.apply(runId, entry, command, this.effects, context);
    if (this.nextEventId - 1 > this.host.maxHistoryEvents && !this.aborting && !this.ended) {
      this.aborting = true;
      const cause = `The execution history exceeded ${this.host.maxHistoryEvents} events`;
      this.host.enqueue(this, 'root', { type: 'abort', error: 'States.Runtime', cause });
    }
  }

  /** Applying an event threw (an interpreter bug): the execution fails with States.Runtime, the others go on. */
  failOnBug(error: unknown, round: Round): void {
    this.ended = true;
    const message = error instanceof Error ? error.message : String(error);
    const end: ExecutionEnd = {
      status: 'FAILED',
      output: null,
      error: 'States.Runtime',
      cause: `Internal error of the workflow engine: ${message}`,
      stopDate: this.host.now(),
    };
    round.batch.endExecution(this.arn, end);
    round.effects.push(() => this.host.ended(this, end));
  }

  row(runId: string, entry: RunEntry): RunsTable {
    return {
      execution_arn: this.arn,
      run_id: runId,
      parent_run_id: entry.parent,
      phase: entry.phase,
      // Every run shares the execution's info (with its input), rebuilt from the execution row on restore.
      state: JSON.stringify({ ...entry.state, execution: undefined }),
      start: entry.start === undefined ? null : JSON.stringify(entry.start),
    };
  }

  /** Bookkeeping for the event about to be applied: what it answers is no longer pending. */
  private consume(body: EventBody, round: Round): void {
    switch (body.type) {
      case 'taskSucceeded':
      case 'taskFailed':
        this.dropWork(body.taskId, round, false);
        break;
      case 'taskSubmitted': {
        const work = this.work.get(body.taskId);
        if (work !== undefined) {
          work.submitted = true;
          round.batch.markSubmitted(this.arn, body.taskId);
        }
        break;
      }
      case 'objectRead':
      case 'objectsListed':
      case 'objectWritten':
      case 'storageFailed':
        this.dropWork(body.requestId, round, false);
        break;
      case 'timerFired':
        if (this.timers.delete(body.timerId)) round.batch.deleteTimer(this.arn, body.timerId);
        break;
      case 'childSucceeded':
      case 'childFailed':
        if (this.runs.delete(body.childId)) round.batch.deleteRun(this.arn, body.childId);
        break;
      default:
        break;
    }
  }

  /** What this execution's runs ask for, written into the round; effects run once it is committed. */
  private readonly effects: RunEffects<RunEntry, RoundAt> = {
    startWork: (runId, id, command, { round }) => this.addWork(runId, id, command, round),
    cancelWork: (id, { round }) => this.dropWork(id, round, true),
    startTimer: (runId, command, { round, at }) => this.addTimer(runId, command, at, round),
    cancelTimer: (timerId, { round }) => this.dropTimer(timerId, round),
    newChild: (parent, state, command) => ({
      state,
      parent,
      phase: 'pending',
      start: { input: command.input, parentEventId: command.parentEventId },
    }),
    childStarted: (childId, child, command, { round }) => {
      round.batch.putRun(this.arn, childId, () => this.row(childId, child));
      this.host.enqueue(this, childId, {
        type: 'start',
        input: command.input,
        parentEventId: command.parentEventId,
      });
    },
    runStopped: (runId, { round }) => {
      round.batch.deleteRun(this.arn, runId);
      this.dropOwned(runId, round);
    },
    // The row stays, `ended`, until the parent learns it (`consume` deletes it then).
    childEnded: (runId, child, end, { round }) => {
      child.phase = 'ended';
      this.dropOwned(runId, round);
      if (child.parent !== null) this.host.enqueue(this, child.parent, end);
    },
    rootEnded: (root, { round }) => this.endExecution(root.state, round),
  };

  private addTimer(runId: string, command: StartTimerCommand, at: number, round: Round): void {
    const dueAt = Math.round(at + timerDelay(command.fireAt, command.purpose, at, this.host.timeScale));
    this.timers.set(command.timerId, runId);
    round.batch.putTimer({
      execution_arn: this.arn,
      timer_id: command.timerId,
      run_id: runId,
      due_at: dueAt,
    });
    round.effects.push(() => this.host.work.arm(this, runId, command.timerId, dueAt));
  }

  private addWork(runId: string, id: string, command: WorkCommand, round: Round): void {
    const work: PendingWork = { runId, command, submitted: false };
    this.work.set(id, work);
    const token = command.type === 'runTask' ? (command.taskToken ?? null) : null;
    round.batch.putTask({
      execution_arn: this.arn,
      task_id: id,
      run_id: runId,
      command: JSON.stringify(command),
      token,
      submitted: 0,
    });
    round.effects.push(() => this.host.work.start(this, id, work));
  }

  private dropWork(id: string, round: Round, cancel: boolean): void {
    if (!this.work.delete(id)) return;
    round.batch.deleteTask(this.arn, id);
    if (cancel) round.effects.push(() => this.host.work.cancel(this, id));
  }

  private dropTimer(timerId: string, round: Round): void {
    if (!this.timers.delete(timerId)) return;
    round.batch.deleteTimer(this.arn, timerId);
    round.effects.push(() => this.host.work.disarm(this, timerId));
  }

  private dropOwned(runId: string, round: Round): void {
    for (const id of this.work.ofRun(runId)) this.dropWork(id, round, true);
    for (const timerId of this.timers.ofRun(runId)) this.dropTimer(timerId, round);
  }

  /** The root run ended: the execution ends with its status, output or error. */
  private endExecution(state: RunState, round: Round): void {
    this.ended = true;
    const end: ExecutionEnd = {
      status: state.status === 'RUNNING' ? 'FAILED' : state.status,
      output: state.output === undefined ? null : JSON.stringify(state.output),
      error: state.error ?? null,
      cause: state.cause ?? null,
      stopDate: this.host.now(),
    };
    round.batch.endExecution(this.arn, end);
    round.effects.push(() => this.host.ended(this, end));
  }
}
