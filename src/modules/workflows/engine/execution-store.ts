// The durable engine's SQL: committing a round's writes in one transaction, claiming, leasing and loading executions.
import type { Kysely, Selectable } from 'kysely';
import type { SqlDatabase } from '../../../platform/db/port.js';
import type {
  ExecutionsTable,
  InboxTable,
  RunsTable,
  TasksTable,
  TimersTable,
  WorkflowTables,
} from '../schema.js';
import { chunks, writeBatch } from './batch-writes.js';
import type { EngineOwner, Ownership } from './owner.js';
import type { WriteBatch } from './write-batch.js';

export type InboxRow = Selectable<InboxTable>;

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

export type Candidate = Ownership & { readonly arn: string };

export class ExecutionStore {
  readonly db: Kysely<WorkflowTables>;

  constructor(database: SqlDatabase) {
    this.db = database.db as Kysely<WorkflowTables>;
  }

  async commit(batch: WriteBatch): Promise<void> {
    await this.db.transaction().execute((trx) => writeBatch(trx, batch));
  }

  async candidates(me: EngineOwner): Promise<Candidate[]> {
    return (
      this.db
        .selectFrom('workflow_executions')
        .select(['arn', 'owner', 'owner_host', 'owner_pid', 'lease_until'])
        .where('status', '=', 'RUNNING')
        .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '!=', me.id)]))
        // Unowned (lease 0) and expired first, so live owners' executions cannot crowd them out of the page.
        .orderBy('lease_until')
        .limit(200)
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

  /** Takes an execution over if its owner is still `previous`; false when another engine was faster. */
  async claim(arn: string, me: EngineOwner, previous: string | null, leaseUntil: number): Promise<boolean> {
    const result = await this.db
      .updateTable('workflow_executions')
      .set({ owner: me.id, owner_host: me.host, owner_pid: me.pid, lease_until: leaseUntil })
      .where('arn', '=', arn)
      .where('status', '=', 'RUNNING')
      .where('owner', previous === null ? 'is' : '=', previous)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async renew(me: EngineOwner, leaseUntil: number): Promise<void> {
    await this.db
      .updateTable('workflow_executions')
      .set({ lease_until: leaseUntil })
      .where('owner', '=', me.id)
      .execute();
  }

  /** Lets other engines take these executions over at once. */
  async release(me: EngineOwner, arns: readonly string[]): Promise<void> {
    for (const list of chunks(arns)) {
      await this.db
        .updateTable('workflow_executions')
        .set({ owner: null, owner_host: null, owner_pid: null, lease_until: 0 })
        .where('owner', '=', me.id)
        .where('arn', 'in', list)
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
  async inbox(me: EngineOwner): Promise<InboxRow[]> {
    return this.db
      .selectFrom('workflow_inbox')
      .innerJoin('workflow_executions', 'workflow_executions.arn', 'workflow_inbox.execution_arn')
      .selectAll('workflow_inbox')
      .where('workflow_executions.owner', '=', me.id)
      .orderBy('workflow_inbox.seq')
      .limit(500)
      .execute();
  }

  async addInbox(arn: string, runId: string, event: string, now: number): Promise<void> {
    await this.db
      .insertInto('workflow_inbox')
      .values({ execution_arn: arn, run_id: runId, event, created_at: now })
      .execute();
  }
}
