// The durable engine's SQL: committing a round's writes in one transaction, claiming, leasing and loading executions.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { SqlDatabase } from '../../../platform/db/port.js';
import type {
  ExecutionsTable,
  InboxTable,
  RunsTable,
  TasksTable,
  TimersTable,
  WorkflowTables,
} from '../schema.js';
import type { EngineOwner, Ownership } from './owner.js';
import { splitKey, type WriteBatch } from './write-batch.js';

/** Rows per INSERT: well under SQLite's 32,766 bound variables. */
const CHUNK = 500;

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

type Trx = Transaction<WorkflowTables>;

export class ExecutionStore {
  readonly db: Kysely<WorkflowTables>;

  constructor(database: SqlDatabase) {
    this.db = database.db as Kysely<WorkflowTables>;
  }

  async commit(batch: WriteBatch): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (batch.definitions.size > 0) {
        await trx
          .insertInto('workflow_definitions')
          .values([...batch.definitions].map(([hash, definition]) => ({ hash, definition })))
          .onConflict((oc) => oc.column('hash').doNothing())
          .execute();
      }
      for (const rows of chunks(batch.executions))
        await trx.insertInto('workflow_executions').values(rows).execute();
      for (const rows of chunks(batch.history))
        await trx.insertInto('workflow_history').values(rows).execute();
      for (const rows of chunks(batch.journal)) {
        await trx.insertInto('workflow_journal').values(rows).execute();
      }
      await writeRuns(trx, batch);
      await writeTimers(trx, batch);
      await writeTasks(trx, batch);
      for (const seqs of chunks(batch.inboxDone)) {
        await trx.deleteFrom('workflow_inbox').where('seq', 'in', seqs).execute();
      }
      await endExecutions(trx, batch);
    });
  }

  async candidates(me: EngineOwner): Promise<Candidate[]> {
    return this.db
      .selectFrom('workflow_executions')
      .select(['arn', 'owner', 'owner_host', 'owner_pid', 'lease_until'])
      .where('status', '=', 'RUNNING')
      .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '!=', me.id)]))
      .limit(200)
      .execute();
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

async function writeRuns(trx: Trx, batch: WriteBatch): Promise<void> {
  const puts: RunsTable[] = [];
  const deletes: string[] = [];
  for (const [k, write] of batch.runs) {
    const [arn] = splitKey(k);
    if (batch.ended.has(arn)) continue;
    if ('delete' in write) deletes.push(k);
    else puts.push(write.row());
  }
  for (const rows of chunks(puts)) {
    await trx
      .insertInto('workflow_runs')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['execution_arn', 'run_id']).doUpdateSet((eb) => ({
          phase: eb.ref('excluded.phase'),
          state: eb.ref('excluded.state'),
          start: eb.ref('excluded.start'),
        })),
      )
      .execute();
  }
  for (const [arn, ids] of grouped(deletes)) {
    await trx
      .deleteFrom('workflow_runs')
      .where('execution_arn', '=', arn)
      .where('run_id', 'in', ids)
      .execute();
  }
}

async function writeTimers(trx: Trx, batch: WriteBatch): Promise<void> {
  const puts: TimersTable[] = [];
  const deletes: string[] = [];
  for (const [k, row] of batch.timers) {
    if (batch.ended.has(splitKey(k)[0])) continue;
    if (row === null) deletes.push(k);
    else puts.push(row);
  }
  for (const rows of chunks(puts)) {
    await trx
      .insertInto('workflow_timers')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['execution_arn', 'timer_id'])
          .doUpdateSet((eb) => ({ due_at: eb.ref('excluded.due_at') })),
      )
      .execute();
  }
  for (const [arn, ids] of grouped(deletes)) {
    await trx
      .deleteFrom('workflow_timers')
      .where('execution_arn', '=', arn)
      .where('timer_id', 'in', ids)
      .execute();
  }
}

async function writeTasks(trx: Trx, batch: WriteBatch): Promise<void> {
  const puts: TasksTable[] = [];
  const deletes: string[] = [];
  const submitted: string[] = [];
  for (const [k, write] of batch.tasks) {
    if (batch.ended.has(splitKey(k)[0])) continue;
    if ('row' in write) puts.push(write.row);
    else if ('delete' in write) deletes.push(k);
    else submitted.push(k);
  }
  for (const rows of chunks(puts)) {
    await trx
      .insertInto('workflow_tasks')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['execution_arn', 'task_id'])
          .doUpdateSet((eb) => ({ submitted: eb.ref('excluded.submitted') })),
      )
      .execute();
  }
  for (const [arn, ids] of grouped(deletes)) {
    await trx
      .deleteFrom('workflow_tasks')
      .where('execution_arn', '=', arn)
      .where('task_id', 'in', ids)
      .execute();
  }
  for (const [arn, ids] of grouped(submitted)) {
    await trx
      .updateTable('workflow_tasks')
      .set({ submitted: 1 })
      .where('execution_arn', '=', arn)
      .where('task_id', 'in', ids)
      .execute();
  }
}

/** Ended executions keep their row, history and journal of events; their runs, timers, tasks and inbox go. */
async function endExecutions(trx: Trx, batch: WriteBatch): Promise<void> {
  for (const [arn, end] of batch.ended) {
    await trx
      .updateTable('workflow_executions')
      .set({
        status: end.status,
        output: end.output,
        error: end.error,
        cause: end.cause,
        stop_date: end.stopDate,
        owner: null,
        owner_host: null,
        owner_pid: null,
        lease_until: 0,
      })
      .where('arn', '=', arn)
      .execute();
  }
  const arns = [...batch.ended.keys()];
  for (const list of chunks(arns)) {
    await trx.deleteFrom('workflow_runs').where('execution_arn', 'in', list).execute();
    await trx.deleteFrom('workflow_timers').where('execution_arn', 'in', list).execute();
    await trx.deleteFrom('workflow_tasks').where('execution_arn', 'in', list).execute();
    await trx.deleteFrom('workflow_inbox').where('execution_arn', 'in', list).execute();
  }
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

function grouped(keys: readonly string[]): Map<string, string[]> {
  const byArn = new Map<string, string[]>();
  for (const k of keys) {
    const [arn, id] = splitKey(k);
    const list = byArn.get(arn);
    if (list === undefined) byArn.set(arn, [id]);
    else list.push(id);
  }
  return byArn;
}
