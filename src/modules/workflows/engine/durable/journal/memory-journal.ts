// The execution journal in memory: the engine without a database (tests), with the SQL adapter's guarantees.
// Every method runs to completion without awaiting, so each is atomic among engines sharing one journal.
import type { Selectable } from 'kysely';
import { dbError } from '../../../../../platform/db/errors.js';
import { workflowError } from '../../../errors.js';
import type {
  ExecutionsTable,
  HistoryTable,
  JournalTable,
  RunsTable,
  TasksTable,
  TimersTable,
} from '../../../schema.js';
import {
  CANDIDATES_PAGE,
  type Candidate,
  type ExecutionJournal,
  INBOX_PAGE,
  type InboxRow,
  type JournalOwner,
  type LoadedExecution,
} from './execution-journal.js';
import { type ExecutionEnd, key, splitKey, type WriteBatch } from './write-batch.js';

type ExecutionRow = Selectable<ExecutionsTable>;

export function memoryExecutionJournal(): ExecutionJournal {
  return new MemoryExecutionJournal();
}

const RELEASED = { owner: null, owner_host: null, owner_pid: null, lease_until: 0 } as const;

class MemoryExecutionJournal implements ExecutionJournal {
  private readonly executions = new Map<string, ExecutionRow>();
  private readonly definitions = new Map<string, string>();
  private readonly history = new Map<string, HistoryTable>();
  private readonly journal = new Map<string, JournalTable>();
  private readonly runs = new Map<string, RunsTable>();
  private readonly timers = new Map<string, TimersTable>();
  private readonly tasks = new Map<string, TasksTable>();
  private readonly inboxRows = new Map<number, InboxRow>();
  private inboxSeq = 0;

  async commit(owner: JournalOwner, batch: WriteBatch): Promise<void> {
    // Everything that can fail is checked before the first write: a rejected round leaves nothing behind.
    for (const arn of batch.existingExecutions()) {
      const row = this.executions.get(arn);
      if (row === undefined || row.owner !== owner.id || row.status !== 'RUNNING')
        throw workflowError(
          'EXECUTION_NOT_OWNED',
          'Another workflow engine drives an execution of this round now',
        );
    }
    const unique = (found: boolean, table: string) => {
      if (found) throw dbError('UNIQUE_VIOLATION', `Duplicate key in ${table}`);
    };
    const newArns = new Set<string>();
    for (const row of batch.executions) {
      unique(this.executions.has(row.arn) || newArns.has(row.arn), 'workflow_executions');
      newArns.add(row.arn);
    }
    const historyKeys = batch.history.map((row) => key(row.execution_arn, String(row.id)));
    const journalKeys = batch.journal.map((row) => key(row.execution_arn, String(row.seq)));
    for (const [keys, rows, table] of [
      [historyKeys, this.history, 'workflow_history'],
      [journalKeys, this.journal, 'workflow_journal'],
    ] as const)
      unique(new Set(keys).size !== keys.length || keys.some((k) => rows.has(k)), table);
    this.apply(batch, historyKeys, journalKeys);
  }

  private apply(batch: WriteBatch, historyKeys: string[], journalKeys: string[]): void {
    for (const [hash, text] of batch.definitions)
      if (!this.definitions.has(hash)) this.definitions.set(hash, text);
    for (const row of batch.executions) this.executions.set(row.arn, { ...RELEASED, ...row } as ExecutionRow);
    for (const [i, row] of batch.history.entries()) this.history.set(historyKeys[i] as string, { ...row });
    for (const [i, row] of batch.journal.entries()) this.journal.set(journalKeys[i] as string, { ...row });
    const live = (k: string) => !batch.ended.has(splitKey(k)[0]);
    for (const [k, write] of batch.runs) {
      if (!live(k)) continue;
      if ('delete' in write) this.runs.delete(k);
      else this.runs.set(k, { ...write.row() });
    }
    for (const [k, row] of batch.timers) {
      if (!live(k)) continue;
      if (row === null) this.timers.delete(k);
      else this.timers.set(k, { ...row });
    }
    for (const [k, write] of batch.tasks) {
      if (!live(k)) continue;
      const existing = this.tasks.get(k);
      if ('row' in write) this.tasks.set(k, { ...write.row });
      else if ('delete' in write) this.tasks.delete(k);
      else if (existing !== undefined) this.tasks.set(k, { ...existing, submitted: 1 });
    }
    for (const seq of batch.inboxDone) this.inboxRows.delete(seq);
    for (const [arn, end] of batch.ended) this.end(arn, end);
  }

  private end(arn: string, end: ExecutionEnd): void {
    const row = this.executions.get(arn);
    if (row !== undefined)
      this.executions.set(arn, {
        ...row,
        ...RELEASED,
        status: end.status,
        output: end.output,
        error: end.error,
        cause: end.cause,
        stop_date: end.stopDate,
      });
    for (const rows of [this.runs, this.timers, this.tasks])
      for (const k of rows.keys()) if (splitKey(k)[0] === arn) rows.delete(k);
    for (const [seq, row] of this.inboxRows) if (row.execution_arn === arn) this.inboxRows.delete(seq);
  }

  async candidates(me: JournalOwner): Promise<Candidate[]> {
    return [...this.executions.values()]
      .filter((row) => row.status === 'RUNNING' && row.owner !== me.id)
      .sort((a, b) => a.lease_until - b.lease_until)
      .slice(0, CANDIDATES_PAGE)
      .map(ownershipOf);
  }

  async candidate(arn: string): Promise<Candidate | undefined> {
    const row = this.executions.get(arn);
    return row?.status === 'RUNNING' ? ownershipOf(row) : undefined;
  }

  async claim(seen: Candidate, me: JournalOwner, leaseUntil: number): Promise<boolean> {
    const row = this.executions.get(seen.arn);
    if (row?.status !== 'RUNNING' || row.owner !== seen.owner || row.lease_until !== seen.lease_until)
      return false;
    this.executions.set(seen.arn, {
      ...row,
      owner: me.id,
      owner_host: me.host,
      owner_pid: me.pid,
      lease_until: leaseUntil,
    });
    return true;
  }

  async renew(me: JournalOwner, leaseUntil: number): Promise<void> {
    for (const [arn, row] of this.executions)
      if (row.owner === me.id && row.status === 'RUNNING')
        this.executions.set(arn, { ...row, lease_until: leaseUntil });
  }

  async release(me: JournalOwner, arns: readonly string[]): Promise<void> {
    for (const arn of arns) {
      const row = this.executions.get(arn);
      if (row?.owner === me.id) this.executions.set(arn, { ...row, ...RELEASED });
    }
  }

  async load(arn: string): Promise<LoadedExecution | undefined> {
    const row = this.executions.get(arn);
    if (row === undefined) return undefined;
    const mine = <T extends { execution_arn: string }>(rows: Map<string, T>) =>
      [...rows.values()].filter((r) => r.execution_arn === arn).map((r) => ({ ...r }));
    const maxOf = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);
    return {
      row: { ...row },
      definition: this.definitions.get(row.definition_hash) ?? '',
      runs: mine(this.runs),
      timers: mine(this.timers),
      tasks: mine(this.tasks),
      inbox: [...this.inboxRows.values()].filter((r) => r.execution_arn === arn).map((r) => ({ ...r })),
      nextEventId: maxOf(mine(this.history).map((h) => h.id)) + 1,
      nextJournalSeq: maxOf(mine(this.journal).map((j) => j.seq)) + 1,
    };
  }

  async inbox(me: JournalOwner): Promise<InboxRow[]> {
    return [...this.inboxRows.values()]
      .filter((row) => this.executions.get(row.execution_arn)?.owner === me.id)
      .slice(0, INBOX_PAGE)
      .map((row) => ({ ...row }));
  }

  async appendInbox(arn: string, runId: string, event: string, now: number): Promise<void> {
    this.inboxSeq += 1;
    this.inboxRows.set(this.inboxSeq, {
      seq: this.inboxSeq,
      execution_arn: arn,
      run_id: runId,
      event,
      created_at: now,
    });
  }
}

function ownershipOf(row: ExecutionRow): Candidate {
  return {
    arn: row.arn,
    owner: row.owner,
    owner_host: row.owner_host,
    owner_pid: row.owner_pid,
    lease_until: row.lease_until,
  };
}
