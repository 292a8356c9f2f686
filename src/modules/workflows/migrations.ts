// Migrations of the workflows module's tables (schema.ts describes them).
import { type Kysely, type Migration, sql } from 'kysely';
import type { Migrations } from '../../platform/db/port.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
type AnyDb = Kysely<any>;

async function createMachines(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('workflow_state_machines')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('logging', 'text', (c) => c.notNull())
    .addColumn('tracing', 'text', (c) => c.notNull())
    .addColumn('revision_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('workflow_versions')
    .addColumn('machine_arn', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('revision_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_versions_pk', ['machine_arn', 'version'])
    .execute();
  await db.schema
    .createTable('workflow_aliases')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('machine_arn', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('routing', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('workflow_aliases_machine')
    .on('workflow_aliases')
    .columns(['machine_arn', 'name'])
    .execute();
}

async function createExecutions(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('workflow_definitions')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('workflow_executions')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('machine_arn', 'text', (c) => c.notNull())
    .addColumn('machine_name', 'text', (c) => c.notNull())
    .addColumn('version_arn', 'text')
    .addColumn('alias_arn', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('output', 'text')
    .addColumn('error', 'text')
    .addColumn('cause', 'text')
    .addColumn('start_date', 'bigint', (c) => c.notNull())
    .addColumn('stop_date', 'bigint')
    .addColumn('definition_hash', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('trace_header', 'text')
    .addColumn('owner', 'text')
    .addColumn('owner_host', 'text')
    .addColumn('owner_pid', 'integer')
    .addColumn('lease_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('workflow_executions_machine')
    .on('workflow_executions')
    .columns(['machine_arn', 'start_date'])
    .execute();
  await db.schema
    .createIndex('workflow_executions_running')
    .on('workflow_executions')
    .columns(['status', 'owner'])
    .execute();
}

async function createJournal(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('workflow_history')
    .addColumn('execution_arn', 'text', (c) => c.notNull())
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_history_pk', ['execution_arn', 'id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createTable('workflow_journal')
    .addColumn('execution_arn', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_journal_pk', ['execution_arn', 'seq'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createTable('workflow_runs')
    .addColumn('execution_arn', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('parent_run_id', 'text')
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('start', 'text')
    .addPrimaryKeyConstraint('workflow_runs_pk', ['execution_arn', 'run_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
}

async function createWork(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('workflow_timers')
    .addColumn('execution_arn', 'text', (c) => c.notNull())
    .addColumn('timer_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_timers_pk', ['execution_arn', 'timer_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createTable('workflow_tasks')
    .addColumn('execution_arn', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('token', 'text')
    .addColumn('submitted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('workflow_tasks_pk', ['execution_arn', 'task_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex('workflow_tasks_token').on('workflow_tasks').column('token').execute();
  await db.schema
    .createTable('workflow_inbox')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('execution_arn', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('workflow_inbox_execution')
    .on('workflow_inbox')
    .column('execution_arn')
    .execute();
}

const machines: Migration = { up: createMachines };
const executions: Migration = {
  async up(db: AnyDb) {
    await createExecutions(db);
    await createJournal(db);
    await createWork(db);
  },
};

export const workflowMigrations: Migrations = {
  'workflows/0001-state-machines': machines,
  'workflows/0002-executions': executions,
};
