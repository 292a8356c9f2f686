// The writes of one engine round, committed in one transaction: later writes to the same row replace earlier ones.
import type { Insertable } from 'kysely';
import type {
  ExecutionStatus,
  ExecutionsTable,
  HistoryTable,
  JournalTable,
  RunsTable,
  TasksTable,
  TimersTable,
} from '../../../schema.js';

export interface ExecutionEnd {
  readonly status: Exclude<ExecutionStatus, 'RUNNING'>;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly stopDate: number;
}

/** A run row is serialised at commit time, from the run's latest state. */
export type RunWrite = { readonly row: () => RunsTable } | { readonly delete: true };

export type TaskWrite =
  | { readonly row: TasksTable }
  | { readonly delete: true }
  | { readonly submitted: true; readonly arn: string; readonly taskId: string };

export class WriteBatch {
  readonly executions: Insertable<ExecutionsTable>[] = [];
  readonly definitions = new Map<string, string>();
  readonly history: HistoryTable[] = [];
  readonly journal: JournalTable[] = [];
  readonly runs = new Map<string, RunWrite>();
  readonly timers = new Map<string, TimersTable | null>();
  readonly tasks = new Map<string, TaskWrite>();
  readonly inboxDone: number[] = [];
  readonly ended = new Map<string, ExecutionEnd>();

  putRun(arn: string, runId: string, row: () => RunsTable): void {
    this.runs.set(key(arn, runId), { row });
  }

  deleteRun(arn: string, runId: string): void {
    this.runs.set(key(arn, runId), { delete: true });
  }

  putTimer(row: TimersTable): void {
    this.timers.set(key(row.execution_arn, row.timer_id), row);
  }

  deleteTimer(arn: string, timerId: string): void {
    this.timers.set(key(arn, timerId), null);
  }

  putTask(row: TasksTable): void {
    this.tasks.set(key(row.execution_arn, row.task_id), { row });
  }

  deleteTask(arn: string, taskId: string): void {
    this.tasks.set(key(arn, taskId), { delete: true });
  }

  markSubmitted(arn: string, taskId: string): void {
    const k = key(arn, taskId);
    const previous = this.tasks.get(k);
    if (previous !== undefined && 'row' in previous) {
      this.tasks.set(k, { row: { ...previous.row, submitted: 1 } });
    } else if (previous === undefined) {
      this.tasks.set(k, { submitted: true, arn, taskId });
    }
  }

  /** The execution ended: its journal rows go away with this batch, so earlier writes to them are moot. */
  endExecution(arn: string, end: ExecutionEnd): void {
    this.ended.set(arn, end);
  }

  /** Adds the writes of another batch that touches other executions' rows (a round's parts, see `RoundPump`). */
  absorb(other: WriteBatch): void {
    for (const row of other.executions) this.executions.push(row);
    for (const [hash, text] of other.definitions) this.definitions.set(hash, text);
    for (const row of other.history) this.history.push(row);
    for (const row of other.journal) this.journal.push(row);
    for (const [k, write] of other.runs) this.runs.set(k, write);
    for (const [k, row] of other.timers) this.timers.set(k, row);
    for (const [k, write] of other.tasks) this.tasks.set(k, write);
    for (const seq of other.inboxDone) this.inboxDone.push(seq);
    for (const [arn, end] of other.ended) this.ended.set(arn, end);
  }

  /**
   * The executions already in the journal that this batch writes to: its commit must prove the engine still
   * drives each of them (executions the batch inserts are new, and their primary key guards them).
   */
  existingExecutions(): string[] {
    const arns = new Set<string>();
    for (const row of this.history) arns.add(row.execution_arn);
    for (const row of this.journal) arns.add(row.execution_arn);
    for (const k of this.runs.keys()) arns.add(splitKey(k)[0]);
    for (const k of this.timers.keys()) arns.add(splitKey(k)[0]);
    for (const k of this.tasks.keys()) arns.add(splitKey(k)[0]);
    for (const arn of this.ended.keys()) arns.add(arn);
    for (const row of this.executions) arns.delete(row.arn);
    return [...arns].sort();
  }

  get empty(): boolean {
    return (
      this.executions.length === 0 &&
      this.history.length === 0 &&
      this.journal.length === 0 &&
      this.runs.size === 0 &&
      this.timers.size === 0 &&
      this.tasks.size === 0 &&
      this.inboxDone.length === 0 &&
      this.ended.size === 0
    );
  }
}

/** Row keys: execution ARNs never contain a newline. */
export function key(arn: string, id: string): string {
  return `${arn}\n${id}`;
}

export function splitKey(k: string): [string, string] {
  const at = k.indexOf('\n');
  return [k.slice(0, at), k.slice(at + 1)];
}
