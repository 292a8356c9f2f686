// The source side of `db copy`: a SQLite database frozen at one moment (VACUUM INTO a file of its own, one read
// transaction of the live database, so a server may keep writing meanwhile), read table by table in key order.
import { existsSync, renameSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { dbError } from '../errors.js';
import type { KeyValue } from './copy-keys.js';
import { orderByForeignKeys } from './table-order.js';

export interface SourceTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** The row's key, read with each row: its primary key columns, or SQLite's rowid for a table without one. */
  readonly key: readonly string[];
  /** The key as SQL over the table (`rowid` cannot be quoted: `"_rowid_"` would be read as a string). */
  readonly keySql: string;
  /** Tables this one references (copied before it). */
  readonly references: readonly string[];
}

/** Rows as SQLite gives them: integers as bigint (exact past 2^53), reals as numbers, text, Buffers, null. */
export type SourceRow = Record<string, KeyValue>;

/** Kysely's bookkeeping: the target has its own, written by its migrations. */
const SKIPPED = /^(sqlite_|kysely_migration)/;
/** Name the rowid of a table without a primary key is read as (not one of its columns, which are copied). */
const ROWID = 'scones_copy_rowid';

/** Writes a consistent copy of `sourceFile` to `snapshotFile` (complete or absent, never half-written). */
export function takeSnapshot(sourceFile: string, snapshotFile: string): void {
  if (!existsSync(sourceFile))
    throw dbError('COPY_SOURCE_MISSING', `no SQLite database at ${sourceFile}`, { file: sourceFile });
  const partial = `${snapshotFile}.partial`;
  rmSync(partial, { force: true });
  const source = new BetterSqlite3(sourceFile, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    source.prepare('vacuum into ?').run(partial);
  } finally {
    source.close();
  }
  renameSync(partial, snapshotFile);
}

export class SqliteSnapshot {
  readonly #db: BetterSqlite3.Database;

  constructor(file: string) {
    this.#db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    this.#db.defaultSafeIntegers(true);
  }

  /** Every data table, parents before the tables that reference them. */
  tables(): SourceTable[] {
    const names = this.#db
      .prepare("select name from sqlite_schema where type = 'table' order by name")
      .pluck()
      .all() as string[];
    return orderByForeignKeys(names.filter((name) => !SKIPPED.test(name)).map((name) => this.describe(name)));
  }

  count(table: string): number {
    return Number(
      this.#db
        .prepare(`select count(*) from ${quote(table)}`)
        .pluck()
        .get(),
    );
  }

  /** Up to `limit` rows whose key sorts after `after` (from the start when undefined), in key order. */
  read(table: SourceTable, after: readonly KeyValue[] | undefined, limit: number): SourceRow[] {
    const key = table.keySql;
    const rowid = table.key[0] === ROWID ? `, rowid as ${ROWID}` : '';
    const where = after ? `where (${key}) > (${after.map(() => '?').join(', ')})` : '';
    const statement = this.#db.prepare(
      `select ${table.columns.map(quote).join(', ')}${rowid} from ${quote(table.name)} ${where} order by ${key} limit ?`,
    );
    return statement.all(...(after ?? []), limit) as SourceRow[];
  }

  close(): void {
    this.#db.close();
  }

  private describe(name: string): SourceTable {
    const info = this.#db.pragma(`table_info(${quote(name)})`, { simple: false }) as {
      name: string;
      pk: bigint;
    }[];
    const key = info
      .filter((c) => Number(c.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((c) => c.name);
    const foreign = this.#db.pragma(`foreign_key_list(${quote(name)})`) as { table: string }[];
    return {
      name,
      columns: info.map((c) => c.name),
      key: key.length > 0 ? key : [ROWID],
      keySql: key.length > 0 ? key.map(quote).join(', ') : 'rowid',
      references: [...new Set(foreign.map((f) => f.table))].filter((t) => t !== name),
    };
  }
}

export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
