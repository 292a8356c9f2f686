// What `db copy` asks of the target before writing: that it holds nothing but its migrations' own rows (or this
// source's unfinished copy), and that every source table and column exists there.
import { sql } from 'kysely';
import { dbError } from '../errors.js';
import type { SqlDatabase } from '../port.js';
import { COPY_TABLE, COPY_TABLES_TABLE } from './copy-ledger.js';
import type { SourceTable } from './sqlite-snapshot.js';

const OWN = new Set([COPY_TABLE, COPY_TABLES_TABLE, 'kysely_migration', 'kysely_migration_lock']);

export async function countRows(target: SqlDatabase, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(target.db);
  return Number(rows[0]?.n ?? 0);
}

/** Refuses a target with rows beyond those its migrations put in (`seeded`): another database's data. */
export async function assertHoldsNoData(
  target: SqlDatabase,
  seeded: ReadonlyMap<string, number>,
): Promise<void> {
  const tables = await target.db.introspection.getTables();
  const occupied: string[] = [];
  for (const { name } of tables) {
    if (OWN.has(name)) continue;
    const rows = await countRows(target, name);
    if (rows > (seeded.get(name) ?? 0)) occupied.push(`${name} (${rows} rows)`);
  }
  if (occupied.length === 0) return;
  throw dbError(
    'COPY_TARGET_IN_USE',
    `${target.traits.location} already holds data (${occupied.slice(0, 3).join(', ')}${occupied.length > 3 ? ', ...' : ''}) that db copy did not write: copy into an empty database`,
    { target: target.traits.location, tables: occupied },
  );
}

export async function assertSchemaMatches(
  target: SqlDatabase,
  tables: readonly SourceTable[],
): Promise<void> {
  const present = new Map(
    (await target.db.introspection.getTables()).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]),
  );
  const missing: string[] = [];
  for (const table of tables) {
    const columns = present.get(table.name);
    if (!columns) missing.push(table.name);
    else
      for (const column of table.columns) if (!columns.has(column)) missing.push(`${table.name}.${column}`);
  }
  if (missing.length === 0) return;
  throw dbError(
    'COPY_SCHEMA_MISMATCH',
    `the target's schema lacks ${missing.join(', ')}: is the source from a newer Scones than this one?`,
    { missing },
  );
}
