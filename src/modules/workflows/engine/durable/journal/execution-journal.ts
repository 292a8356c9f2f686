// The execution journal: the port behind which the durable engine keeps executions (their rows, history, journal
// of events, run snapshots, timers, pending work and inbox). Adapters: SQL (SQLite or PostgreSQL) and memory.
import type { Selectable } from 'kysely';
import type { ExecutionsTable, InboxTable, RunsTable, TasksTable, TimersTable } from '../../../schema.js';
import type { WriteBatch } from './write-batch.js';

/** One engine instance: the owner it writes into executions it drives. */
export interface JournalOwner {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
}

/** Who drives an execution and until when its lease holds (ms since the epoch; 0 when released). */
export interface Ownership {
  readonly owner: string | null;
  readonly owner_host: string | null;
  readonly owner_pid: number | null;
  readonly lease_until: number;
}

export type Candidate = Ownership & { readonly arn: string };

export type InboxRow = Selectable<InboxTable>;

/** An execution as its last committed round left it. */
export interface LoadedExecution {
  readonly row: Selectable<ExecutionsTable>;
  readonly definition: string;
  readonly runs: readonly RunsTable[];
  readonly timers: readonly TimersTable[];
  readonly tasks: readonly TasksTable[];
  readonly inbox: readonly InboxRow[];
  readonly nextEventId: number;
  readonly nextJournalSeq: number;
}

/**
 * The guarantee every adapter keeps, whatever the number of engines and processes on it: at any time at most one
 * owner drives an execution. `claim` is a compare-and-set on the ownership an engine read, and `commit` is fenced:
 * a round writing to an execution its owner no longer drives commits nothing. Timers and pending work belong to
 * their execution, so claiming the execution claims them.
 */
export interface ExecutionJournal {
  /**
   * Commits one round atomically: all its writes or none. Rejects with `WORKFLOW_EXECUTION_NOT_OWNED` (nothing
   * written) when `owner` no longer drives one of the existing executions the batch writes to.
   */
  commit(owner: JournalOwner, batch: WriteBatch): Promise<void>;
  /** Running executions `me` does not drive, unowned and longest-expired first (a page). */
  candidates(me: JournalOwner): Promise<Candidate[]>;
  /** The ownership of one running execution. */
  candidate(arn: string): Promise<Candidate | undefined>;
  /**
   * Takes `seen` over if its ownership is still exactly as read (owner and lease); false when another engine
   * claimed it, its owner renewed the lease, or it ended since.
   */
  claim(seen: Candidate, me: JournalOwner, leaseUntil: number): Promise<boolean>;
  /** Extends the lease on every execution `me` drives. */
  renew(me: JournalOwner, leaseUntil: number): Promise<void>;
  /** Lets other engines take these executions over at once. */
  release(me: JournalOwner, arns: readonly string[]): Promise<void>;
  load(arn: string): Promise<LoadedExecution | undefined>;
  /** Inbox events of the executions `me` drives, in order (a page). */
  inbox(me: JournalOwner): Promise<InboxRow[]>;
  /** Leaves an event for whoever drives the execution (StopExecution, SendTask* from elsewhere). */
  appendInbox(arn: string, runId: string, event: string, now: number): Promise<void>;
}

/** Page sizes every adapter uses, so that they page alike. */
export const CANDIDATES_PAGE = 200;
export const INBOX_PAGE = 500;
