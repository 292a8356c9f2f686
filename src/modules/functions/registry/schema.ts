// Tables and migrations of the function registry: functions, versions, aliases, log events, async invocations.
import type { Generated, Kysely, Migration } from 'kysely';
import type { Migrations } from '../../../platform/db/port.js';
import { type LayerTables, layersMigration } from '../layers/layer-schema.js';

/** The row `fn_account_locks` holds for the reservations' total. */
export const RESERVATIONS_LOCK = 'reservations';

export interface AccountLocksTable {
  name: string;
}

export interface FunctionsTable {
  name: string;
  /** The numbered version `$LATEST` points at. */
  latest_version: number;
  reserved_concurrency: number | null;
  created_at: number;
  updated_at: number;
}

/** One immutable version: every deploy (code or configuration) appends one. */
export interface VersionsTable {
  function_name: string;
  version: number;
  /** Lambda's identifier as given (`nodejs20.x`, `python3.12`); the language follows from it. */
  runtime_id: string;
  handler: string;
  timeout_seconds: number;
  memory_mb: number;
  /** JSON object of strings. */
  environment: string;
  role: string | null;
  description: string;
  /** Base64 SHA-256, Lambda's CodeSha256. */
  code_sha256: string;
  code_size: number;
  /** `stored`: a folder under the home named by `code_ref`; `builtin`: Scones' own code, `code_ref` its id. */
  code_kind: 'stored' | 'builtin';
  code_ref: string;
  /** JSON array of the layer versions attached ({arn, codeSize}), in order. */
  layers: string;
  created_at: number;
}

export interface AliasesTable {
  function_name: string;
  name: string;
  version: number;
  description: string;
  revision_id: string;
  created_at: number;
  updated_at: number;
}

export interface LogEventsTable {
  id: Generated<number>;
  function_name: string;
  version: string;
  log_stream: string;
  request_id: string;
  timestamp: number;
  message: string;
}

export interface AsyncInvocationsTable {
  request_id: string;
  function_name: string;
  qualifier: string | null;
  payload: string;
  enqueued_at: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  /** JSON array of AsyncAttempt. */
  attempts: string;
  max_retries: number;
  not_before: number;
  lease_until: number | null;
  /** JSON InvocationResult of the last attempt. */
  result: string | null;
}

export interface FunctionTables extends LayerTables {
  fn_functions: FunctionsTable;
  fn_versions: VersionsTable;
  fn_aliases: AliasesTable;
  fn_log_events: LogEventsTable;
  fn_async_invocations: AsyncInvocationsTable;
  fn_account_locks: AccountLocksTable;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
type AnyDb = Kysely<any>;

async function createFunctions(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('fn_functions')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('reserved_concurrency', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function createVersions(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('fn_versions')
    .addColumn('function_name', 'text', (c) =>
      c.notNull().references('fn_functions.name').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('runtime_id', 'text', (c) => c.notNull())
    .addColumn('handler', 'text', (c) => c.notNull())
    .addColumn('timeout_seconds', 'real', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('code_sha256', 'text', (c) => c.notNull())
    .addColumn('code_size', 'bigint', (c) => c.notNull())
    .addColumn('code_kind', 'text', (c) => c.notNull())
    .addColumn('code_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fn_versions_pk', ['function_name', 'version'])
    .execute();
}

async function createAliases(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('fn_aliases')
    .addColumn('function_name', 'text', (c) =>
      c.notNull().references('fn_functions.name').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('revision_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fn_aliases_pk', ['function_name', 'name'])
    .execute();
}

async function createLogEvents(db: AnyDb): Promise<void> {
  // Log groups outlive their function, as CloudWatch's do: no foreign key.
  await db.schema
    .createTable('fn_log_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('function_name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('log_stream', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('fn_log_events_function_time')
    .on('fn_log_events')
    .columns(['function_name', 'timestamp'])
    .execute();
  await db.schema.createIndex('fn_log_events_request').on('fn_log_events').column('request_id').execute();
  await db.schema.createIndex('fn_log_events_time').on('fn_log_events').column('timestamp').execute();
}

async function createAsyncInvocations(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('fn_async_invocations')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('function_name', 'text', (c) => c.notNull())
    .addColumn('qualifier', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('enqueued_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'text', (c) => c.notNull())
    .addColumn('max_retries', 'integer', (c) => c.notNull())
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('result', 'text')
    .execute();
  await db.schema
    .createIndex('fn_async_invocations_due')
    .on('fn_async_invocations')
    .columns(['status', 'not_before'])
    .execute();
}

const registry: Migration = {
  async up(db: AnyDb) {
    await createFunctions(db);
    await createVersions(db);
    await createAliases(db);
    await createLogEvents(db);
    await createAsyncInvocations(db);
  },
};

// One row per account-wide invariant that several rows make up (the reservations' total): writers lock it first.
const accountLocks: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('fn_account_locks')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .execute();
    await db.insertInto('fn_account_locks').values({ name: RESERVATIONS_LOCK }).execute();
  },
};

export const functionsMigrations: Migrations = {
  'functions/0001-registry': registry,
  'functions/0002-account-locks': accountLocks,
  'functions/0003-layers': layersMigration,
};
