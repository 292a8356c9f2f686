// After rows are inserted with their ids, PostgreSQL's identity sequences still start at 1: each is moved past the
// largest id copied, so the next row the server adds gets a fresh id (SQLite derives it from the table itself).
import { type Kysely, sql } from 'kysely';

/** Moves every identity column's sequence of `tables` past its largest value; returns the columns moved. */
// biome-ignore lint/suspicious/noExplicitAny: the port's handle is untyped; this reads the catalog only
export async function resetIdentitySequences(db: Kysely<any>, tables: readonly string[]): Promise<string[]> {
  const identities = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(db);
  const wanted = new Set(tables);
  const moved: string[] = [];
  for (const { table_name: table, column_name: column } of identities.rows) {
    if (!wanted.has(table)) continue;
    const qualified = `"${table.replaceAll('"', '""')}"`;
    // `::text`: setval returns int8, which this adapter parses strictly; the value itself is not needed.
    await sql`select setval(pg_get_serial_sequence(${qualified}, ${column}),
      coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)::text`.execute(db);
    moved.push(`${table}.${column}`);
  }
  return moved;
}
