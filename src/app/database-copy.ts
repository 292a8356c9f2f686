// `scones db copy --to postgres://...`: the home's SQLite database (`database.url`) copied into PostgreSQL. Picks the
// adapters and checks the inputs; the copying itself is `platform/db/copy`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { isSconesError, SconesError } from '../kernel/errors.js';
import type { ProgressReporter } from '../kernel/progress.js';
import { type CopyReport, copyDatabase } from '../platform/db/copy/copy-database.js';
import { dbError } from '../platform/db/errors.js';
import { openPostgresDatabase } from '../platform/db/postgres/postgres-database.js';
import { isPostgresUrl, parsePostgresUrl, redactPassword } from '../platform/db/postgres/postgres-url.js';
import { openSqliteDatabase } from '../platform/db/sqlite/sqlite-database.js';
import type { ResolvedConfig } from './config.js';
import { allMigrations } from './migrations.js';

export interface CopyRequest {
  /** `--to`: the PostgreSQL database to copy into. */
  readonly to: string;
  readonly batchRows?: number;
  readonly progress: ProgressReporter;
}

export type DatabaseCopyReport = CopyReport & { readonly source: string; readonly target: string };

export async function copyHomeDatabase(
  config: ResolvedConfig,
  request: CopyRequest,
): Promise<DatabaseCopyReport> {
  const shown = targetShown(request.to);
  const sourceFile = sourceDatabase(config);
  // The copy is of the current schema on both sides: the source is brought up to date as any start would.
  const source = openSqliteDatabase({ file: sourceFile });
  await source.migrate(allMigrations).finally(() => source.close());
  const seeded = await seededRows();
  const target = await openTarget(request.to);
  try {
    await target.migrate(allMigrations);
    const report = await copyDatabase({
      sourceFile,
      source: config.databaseTarget.shown,
      snapshotDir: path.join(config.paths.tmp, 'db-copy'),
      target,
      seeded,
      progress: request.progress,
      ...(request.batchRows === undefined ? {} : { batchRows: request.batchRows }),
    });
    return { ...report, source: config.databaseTarget.shown, target: shown };
  } finally {
    await target.close();
  }
}

function sourceDatabase(config: ResolvedConfig): string {
  const database = config.databaseTarget;
  if (database.adapter !== 'sqlite' || database.file === ':memory:')
    throw dbError(
      'INVALID_URL',
      `database.url (SCONES_DATABASE_URL) is ${database.shown}: db copy copies a home's SQLite database, so it must be empty (the home's scones.db) or sqlite:<path>`,
      { setting: 'database.url' },
    );
  if (!existsSync(database.file))
    throw dbError(
      'COPY_SOURCE_MISSING',
      `no SQLite database to copy at ${database.file}: set SCONES_HOME (now ${config.paths.home}) to the home to copy, or database.url to sqlite:<path>`,
      { setting: 'home', file: database.file },
    );
  return database.file;
}

function targetShown(to: string): string {
  if (!isPostgresUrl(to))
    throw dbError(
      'INVALID_URL',
      `--to must be a postgres://user:password@host:port/database URL (got ${redactPassword(to).slice(0, 60)})`,
      { setting: '--to' },
    );
  try {
    return parsePostgresUrl(to).redacted;
  } catch (error) {
    throw prefixed(error);
  }
}

async function openTarget(url: string) {
  try {
    return await openPostgresDatabase({ url });
  } catch (error) {
    throw prefixed(error);
  }
}

/** The setting the user gave, named in front of the adapter's message. */
function prefixed(error: unknown): unknown {
  if (!isSconesError(error)) return error;
  return new SconesError(error.code, `--to: ${error.message}`, error.kind, error.details, { cause: error });
}

/** Rows the migrations themselves insert, per table (a fresh target holds these and nothing else). */
async function seededRows(): Promise<Map<string, number>> {
  const fresh = openSqliteDatabase({ file: ':memory:' });
  try {
    await fresh.migrate(allMigrations);
    const counts = new Map<string, number>();
    for (const { name } of await fresh.db.introspection.getTables()) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(
        fresh.db,
      );
      if (Number(rows[0]?.n) > 0) counts.set(name, Number(rows[0]?.n));
    }
    return counts;
  } finally {
    await fresh.close();
  }
}
