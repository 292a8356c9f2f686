// One durable execution held by the engine: applies events to its runs through `step`, records every write
// in the round's batch, and leaves side effects (tasks, timers) to run after the batch commits.
import type { Command, RunTaskCommand, StartChildCommand } from '../asl/commands.js';
import type { StateMachineDefinition } from '../asl/definition.js';
import type { EventBody, WorkflowEvent } from '../asl/events.js';
import type { Json } from '../asl/json.js';
import { newChildState, type RunState } from '../asl/run-state.js';
import type { MaybeAsync } from '../asl/step/outcome.js';
import { type StepOptions, type StepResult, stepNow } from '../asl/step/step.js';
import type { RunsTable } from '../schema.js';
import type { ExecutionEnd, WriteBatch } from './journal/write-batch.js';
import { OwnedMap } from './owned-map.js';
import type { StorageCommand } from './storage-runner.js';

/** Work handed out by a run: a Task, or a storage command of Map's ItemReader/ResultWriter. */
export type WorkCommand = RunTaskCommand | StorageCommand;

export interface RunEntry {
  state: RunState;
  readonly parent: string | null;
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

const SCALED = new Set(['wait', 'retry']);

export class LiveExecution {
  readonly runs = new Map<string, RunEntry>();
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
    for (const command of result.commands) this.execute(runId, entry, command, event.at, round);
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

  private execute(runId: string, entry: RunEntry, command: Command, at: number, round: Round): void {
    switch (command.type) {
      case 'runTask':
        this.addWork(runId, command.taskId, command, round);
        break;
      case 'readObject':
      case 'listObjects':
      case 'writeObject':
        this.addWork(runId, command.requestId, command, round);
        break;
      case 'cancelTask':
        this.dropWork(command.taskId, round, true);
        break;
      case 'startTimer': {
        const delay =
          Math.max(0, command.fireAt - at) * (SCALED.has(command.purpose) ? this.host.timeScale : 1);
        const dueAt = Math.round(at + delay);
        this.timers.set(command.timerId, runId);
        round.batch.putTimer({
          execution_arn: this.arn,
          timer_id: command.timerId,
          run_id: runId,
          due_at: dueAt,
        });
        round.effects.push(() => this.host.work.arm(this, runId, command.timerId, dueAt));
        break;
      }
      case 'cancelTimer':
        this.dropTimer(command.timerId, round);
        break;
      case 'startChild':
        this.startChild(runId, entry, command, round);
        break;
      case 'stopChild':
        this.stopRun(command.childId, round);
        break;
      case 'complete':
        this.endRun(runId, entry, { type: 'childSucceeded', childId: runId, output: command.output }, round);
        break;
      case 'fail':
        this.endRun(
          runId,
          entry,
          { type: 'childFailed', childId: runId, error: command.error, cause: command.cause },
          round,
        );
        break;
    }
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

  private startChild(runId: string, entry: RunEntry, command: StartChildCommand, round: Round): void {
    const child: RunEntry = {
      state: newChildState(entry.state, command.childId, command.scope, command.variables),
      parent: runId,
      phase: 'pending',
      start: { input: command.input, parentEventId: command.parentEventId },
    };
    this.runs.set(command.childId, child);
    round.batch.putRun(this.arn, command.childId, () => this.row(command.childId, child));
    this.host.enqueue(this, command.childId, {
      type: 'start',
      input: command.input,
      parentEventId: command.parentEventId,
    });
  }

  /** Stops a run and everything under it: its tasks, timers and child runs. */
  private stopRun(runId: string, round: Round): void {
    if (!this.runs.delete(runId)) return;
    round.batch.deleteRun(this.arn, runId);
    this.dropOwned(runId, round);
    for (const [childId, child] of this.runs) if (child.parent === runId) this.stopRun(childId, round);
  }

  private dropOwned(runId: string, round: Round): void {
    for (const id of this.work.ofRun(runId)) this.dropWork(id, round, true);
    for (const timerId of this.timers.ofRun(runId)) this.dropTimer(timerId, round);
  }

  /** A child run ended: its parent learns it (the row stays, `ended`, until then). The root ending ends it all. */
  private endRun(runId: string, entry: RunEntry, report: EventBody, round: Round): void {
    if (entry.parent === null) {
      this.ended = true;
      const state = entry.state;
      const end: ExecutionEnd = {
        status: state.status === 'RUNNING' ? 'FAILED' : state.status,
        output: state.output === undefined ? null : JSON.stringify(state.output),
        error: state.error ?? null,
        cause: state.cause ?? null,
        stopDate: this.host.now(),
      };
      round.batch.endExecution(this.arn, end);
      round.effects.push(() => this.host.ended(this, end));
      return;
    }
    entry.phase = 'ended';
    this.dropOwned(runId, round);
    this.host.enqueue(this, entry.parent, report);
  }
}
