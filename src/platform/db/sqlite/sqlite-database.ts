// SqlDatabase on SQLite (better-sqlite3): one file in WAL mode, safe to share between the server and the CLI.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { withErrorMapping } from '../error-mapping.js';
import { runMigrations } from '../migrate.js';
import type { DbTraits, Migrations, SqlDatabase } from '../port.js';
import { immediateSqliteDialect } from './immediate-dialect.js';
import { mapSqliteError } from './sqlite-errors.js';
import { withStatementCache } from './statement-cache.js';

export interface SqliteOptions {
  /** `:memory:` for an ephemeral database. */
  readonly file: string;
  /** How long a writer waits for another process's write lock, in ms. */
  readonly busyTimeoutMs?: number;
}

const sqliteTraits = (location: string): DbTraits => ({
  skipLocked: false,
  listenNotify: false,
  concurrentWriters: false,
  engine: 'sqlite',
  location,
});

export function openSqliteDatabase(options: SqliteOptions): SqlDatabase {
  if (options.file !== ':memory:') mkdirSync(path.dirname(options.file), { recursive: true });
  const connection = new BetterSqlite3(options.file);
  connection.pragma('journal_mode = WAL');
  // In WAL mode NORMAL survives a process crash (kill -9) without losing committed transactions;
  // only an OS crash or power loss may drop the last ones, and the file stays consistent either way.
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // biome-ignore lint/suspicious/noExplicitAny: the shared handle has no schema; modules type their own tables
  const db = new Kysely<any>({
    dialect: withErrorMapping(
      immediateSqliteDialect({ database: withStatementCache(connection) }),
      mapSqliteError,
    ),
  });
  return {
    db,
    traits: sqliteTraits(options.file),
    migrate: (migrations: Migrations) => runMigrations(db, migrations),
    close: () => db.destroy(),
  };
}
