// The one place a database adapter is picked, and `scones db migrate` over it.
import type { SqlDatabase } from '../platform/db/port.js';
import { openPostgresDatabase } from '../platform/db/postgres/postgres-database.js';
import { openSqliteDatabase } from '../platform/db/sqlite/sqlite-database.js';
import type { ResolvedConfig } from './config.js';
import { allMigrations } from './migrations.js';

/** The one place an adapter is picked: `database.url` names SQLite (the embedded default) or PostgreSQL. */
export function openDatabase(config: ResolvedConfig): Promise<SqlDatabase> {
  const target = config.databaseTarget;
  if (target.adapter === 'postgres') return openPostgresDatabase({ url: target.url });
  return Promise.resolve(openSqliteDatabase({ file: target.file }));
}

/** `scones db migrate`: applies pending migrations without starting any service. */
export async function migrateDatabase(
  config: ResolvedConfig,
): Promise<{ adapter: string; database: string; applied: readonly string[] }> {
  const database = await openDatabase(config);
  try {
    const applied = await database.migrate(allMigrations);
    return { adapter: config.databaseTarget.adapter, database: config.databaseTarget.shown, applied };
  } finally {
    await database.close();
  }
}
