// The execution journal on SQL (SQLite or PostgreSQL through Kysely): rounds committed in one fenced transaction,
// executions claimed by compare-and-set, rows of several executions locked in ARN order (no deadlocks).
import type { Kysely } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/db/port.js';
import { workflowError } from '../../../errors.js';
import type { WorkflowTables } from '../../../schema.js';
import type {
  Candidate,
  ExecutionJournal,
  InboxRow,
  JournalOwner,
  LoadedExecution,
} from './execution-journal.js';
import { CANDIDATES_PAGE, INBOX_PAGE } from './execution-journal.js';
import { chunks, writeBatch } from './sql-batch-writes.js';
import type { WriteBatch } from './write-batch.js';

type Db = Kysely<WorkflowTables>;

export function sqlExecutionJournal(database: SqlDatabase): ExecutionJournal {
  return new SqlExecutionJournal(database);
}

class SqlExecutionJournal implements ExecutionJournal {
  private readonly db: Db;
  /** Row locks (`FOR UPDATE`) where writers run concurrently; SQLite's single writer needs none. */
  private readonly lockRows: boolean;

  constructor(database: SqlDatabase) {
    this.db = database.db as Db;
    this.lockRows = database.traits.skipLocked;
  }

  async commit(owner: JournalOwner, batch: WriteBatch): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.fence(trx, owner, batch.existingExecutions());
      await writeBatch(trx, batch);
    });
  }

  /**
   * Locks the executions a round writes to (first, so that a claim racing it waits for the commit or wins before
   * it) and proves `owner` still drives each; on SQLite the UPDATE also takes the write lock at once.
   */
  private async fence(trx: Db, owner: JournalOwner, arns: readonly string[]): Promise<void> {
    for (const list of chunks(arns)) {
      const held = await trx
        .updateTable('workflow_executions')
        .set((eb) => ({ lease_until: eb.ref('lease_until') }))
        .where('arn', 'in', this.lockedInOrder(trx, owner).where('arn', 'in', list))
        .where('owner', '=', owner.id)
        .executeTakeFirst();
      if (Number(held.numUpdatedRows) !== list.length)
        throw workflowError(
          'EXECUTION_NOT_OWNED',
          'Another workflow engine drives an execution of this round now; nothing was committed',
          { owner: owner.id },
        );
    }
  }

  /** The running executions `owner` drives, locked in ARN order where rows are locked. */
  private lockedInOrder(db: Db, owner: JournalOwner) {
    return db
      .selectFrom('workflow_executions')
      .select('arn')
      .where('owner', '=', owner.id)
      .where('status', '=', 'RUNNING')
      .orderBy('arn')
      .$if(this.lockRows, (qb) => qb.forUpdate());
  }

  async candidates(me: JournalOwner): Promise<Candidate[]> {
    return (
      this.db
        .selectFrom('workflow_executions')
        .select(['arn', 'owner', 'owner_host', 'owner_pid', 'lease_until'])
        .where('status', '=', 'RUNNING')
        .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '!=', me.id)]))
        // Unowned (lease 0) and expired first, so live owners' executions cannot crowd them out of the page.
        .orderBy('lease_until')
        .limit(CANDIDATES_PAGE)
        .execute()
    );
  }

  /** The ownership of one running execution. */
  async candidate(arn: string): Promise<Candidate | undefined> {
    return this.db
      .selectFrom('workflow_executions')
      .select(['arn', 'owner', 'owner_host', 'owner_pid', 'lease_until'])
      .where('arn', '=', arn)
      .where('status', '=', 'RUNNING')
      .executeTakeFirst();
  }

  async claim(seen: Candidate, me: JournalOwner, leaseUntil: number): Promise<boolean> {
    // A compare-and-set: under concurrent writers the UPDATE re-reads a row another transaction changed, so of
    // two engines racing only the first matches; a lease its owner renewed meanwhile no longer matches either.
    const result = await this.db
      .updateTable('workflow_executions')
      .set({ owner: me.id, owner_host: me.host, owner_pid: me.pid, lease_until: leaseUntil })
      .where('arn', '=', seen.arn)
      .where('status', '=', 'RUNNING')
      .where('owner', seen.owner === null ? 'is' : '=', seen.owner)
      .where('lease_until', '=', seen.lease_until)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async renew(me: JournalOwner, leaseUntil: number): Promise<void> {
    await this.db
      .updateTable('workflow_executions')
      .set({ lease_until: leaseUntil })
      .where('arn', 'in', this.lockedInOrder(this.db, me))
      .where('owner', '=', me.id)
      .execute();
  }

  async release(me: JournalOwner, arns: readonly string[]): Promise<void> {
    for (const list of chunks([...arns].sort())) {
      await this.db
        .updateTable('workflow_executions')
        .set({ owner: null, owner_host: null, owner_pid: null, lease_until: 0 })
        .where('arn', 'in', this.lockedInOrder(this.db, me).where('arn', 'in', list))
        .where('owner', '=', me.id)
        .execute();
    }
  }

  async load(arn: string): Promise<LoadedExecution | undefined> {
    const row = await this.db
      .selectFrom('workflow_executions')
      .selectAll()
      .where('arn', '=', arn)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const [definition, runs, timers, tasks, inbox, last, journal] = await Promise.all([
      this.db
        .selectFrom('workflow_definitions')
        .select('definition')
        .where('hash', '=', row.definition_hash)
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('workflow_runs').selectAll().where('execution_arn', '=', arn).execute(),
      this.db.selectFrom('workflow_timers').selectAll().where('execution_arn', '=', arn).execute(),
      this.db.selectFrom('workflow_tasks').selectAll().where('execution_arn', '=', arn).execute(),
      this.db
        .selectFrom('workflow_inbox')
        .selectAll()
        .where('execution_arn', '=', arn)
        .orderBy('seq')
        .execute(),
      this.db
        .selectFrom('workflow_history')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('execution_arn', '=', arn)
        .executeTakeFirst(),
      this.db
        .selectFrom('workflow_journal')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('execution_arn', '=', arn)
        .executeTakeFirst(),
    ]);
    const nextEventId = Number(last?.id ?? 0) + 1;
    const nextJournalSeq = Number(journal?.seq ?? 0) + 1;
    return {
      row,
      definition: definition.definition,
      runs,
      timers,
      tasks,
      inbox,
      nextEventId,
      nextJournalSeq,
    };
  }

  /** Inbox events of the executions `me` drives, in order. */
  async inbox(me: JournalOwner): Promise<InboxRow[]> {
    return this.db
      .selectFrom('workflow_inbox')
      .innerJoin('workflow_executions', 'workflow_executions.arn', 'workflow_inbox.execution_arn')
      .selectAll('workflow_inbox')
      .where('workflow_executions.owner', '=', me.id)
      .orderBy('workflow_inbox.seq')
      .limit(INBOX_PAGE)
      .execute();
  }

  async appendInbox(arn: string, runId: string, event: string, now: number): Promise<void> {
    await this.db
      .insertInto('workflow_inbox')
      .values({ execution_arn: arn, run_id: runId, event, created_at: now })
      .execute();
  }
}
