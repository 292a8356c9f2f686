// Tables and migrations of the workflows module: state machines, versions, aliases, and durable executions.
import { type Generated, type Kysely, type Migration, sql } from 'kysely';
import type { Migrations } from '../../platform/db/port.js';

export interface StateMachinesTable {
  arn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: string;
  role_arn: string;
  description: string | null;
  /** JSON: LoggingConfiguration / TracingConfiguration as given. */
  logging: string;
  tracing: string;
  revision_id: string;
  created_at: number;
  updated_at: number;
}

export interface VersionsTable {
  machine_arn: string;
  version: number;
  arn: string;
  definition: string;
  role_arn: string;
  description: string | null;
  revision_id: string;
  created_at: number;
}

export interface AliasesTable {
  arn: string;
  machine_arn: string;
  name: string;
  description: string | null;
  /** JSON: [{stateMachineVersionArn, weight}] */
  routing: string;
  created_at: number;
  updated_at: number;
}

/** Definitions executions ran, by content hash, so each execution row stays small. */
export interface DefinitionsTable {
  hash: string;
  definition: string;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionsTable {
  arn: string;
  machine_arn: string;
  machine_name: string;
  version_arn: string | null;
  alias_arn: string | null;
  name: string;
  status: ExecutionStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  start_date: number;
  stop_date: number | null;
  definition_hash: string;
  role_arn: string;
  trace_header: string | null;
  /** The engine instance driving the execution; null when none does (started from the CLI, or released). */
  owner: string | null;
  owner_host: string | null;
  owner_pid: number | null;
  lease_until: number;
}

/** Step Functions history events, one row each; `event` is the event as JSON text. */
export interface HistoryTable {
  execution_arn: string;
  id: number;
  event: string;
}

/** Every event applied to an execution's runs, stamped (time, first history id, entropy), in order. */
export interface JournalTable {
  execution_arn: string;
  seq: number;
  run_id: string;
  /** JSON of the stamped WorkflowEvent. */
  event: string;
}

/**
 * Snapshots of the runs of running executions (the execution and its Map iterations / Parallel branches).
 * `pending`: created, its start event not applied yet (`start` holds it); `ended`: a child run that ended and
 * whose parent has not taken its result yet.
 */
export interface RunsTable {
  execution_arn: string;
  run_id: string;
  parent_run_id: string | null;
  phase: 'pending' | 'running' | 'ended';
  state: string;
  start: string | null;
}

/** Timers not fired yet; `due_at` is already scaled by the engine's time scale. */
export interface TimersTable {
  execution_arn: string;
  timer_id: string;
  run_id: string;
  due_at: number;
}

/** Work handed out and not answered yet: runTask and storage commands. */
export interface TasksTable {
  execution_arn: string;
  task_id: string;
  run_id: string;
  /** JSON of the command. */
  command: string;
  token: string | null;
  /** 1 once a `.waitForTaskToken` task was handed over: only SendTask* can end it now. */
  submitted: number;
}

/** Events for executions this process does not drive (StopExecution, SendTask* from the CLI or another process). */
export interface InboxTable {
  seq: Generated<number>;
  execution_arn: string;
  run_id: string;
  /** JSON of the event body. */
  event: string;
  created_at: number;
}

export interface WorkflowTables {
  workflow_state_machines: StateMachinesTable;
  workflow_versions: VersionsTable;
  workflow_aliases: AliasesTable;
  workflow_definitions: DefinitionsTable;
  workflow_executions: ExecutionsTable;
  workflow_history: HistoryTable;
  workflow_journal: JournalTable;
  workflow_runs: RunsTable;
  workflow_timers: TimersTable;
  workflow_tasks: TasksTable;
  workflow_inbox: InboxTable;
}

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
