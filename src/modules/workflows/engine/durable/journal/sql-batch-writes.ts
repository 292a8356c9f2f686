// The SQL of one round's WriteBatch, inside its transaction: inserts, upserts and deletes grouped per table.
import type { Transaction } from 'kysely';
import type { RunsTable, TasksTable, TimersTable, WorkflowTables } from '../../../schema.js';
import { splitKey, type WriteBatch } from './write-batch.js';

/** Rows per INSERT: well under SQLite's 32,766 bound variables. */
const CHUNK = 500;

type Trx = Transaction<WorkflowTables>;

export async function writeBatch(trx: Trx, batch: WriteBatch): Promise<void> {
  if (batch.definitions.size > 0) {
    await trx
      .insertInto('workflow_definitions')
      .values([...batch.definitions].map(([hash, definition]) => ({ hash, definition })))
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
  }
  for (const rows of chunks(batch.executions))
    await trx.insertInto('workflow_executions').values(rows).execute();
  for (const rows of chunks(batch.history)) await trx.insertInto('workflow_history').values(rows).execute();
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

export function* chunks<T>(items: readonly T[]): Generator<T[]> {
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
