// Statements the modules repeat keep working on both adapters when another process changes the table under them
// (a node migrating a shared database while others run), and on PostgreSQL repeated writes are prepared once per
// connection (postgres/prepared-statements.ts) while reads are not.
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PREPARED_PER_CONNECTION } from '../../src/platform/db/postgres/prepared-statements.js';
import { type OpenedDatabase, SQL_ADAPTERS } from '../support/sql-adapters.js';

// biome-ignore lint/suspicious/noExplicitAny: the scratch table has no module schema
type AnyDb = Kysely<any>;

for (const adapter of SQL_ADAPTERS) {
  describe(`repeated statements: ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    let db: AnyDb;

    beforeEach(async () => {
      opened = await adapter.create();
      db = opened.database.db;
      await db.schema
        .createTable('t_events')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('body', 'text')
        .execute();
    });
    afterEach(async () => opened.cleanup());

    const insert = (target: AnyDb, id: number) =>
      target
        .insertInto('t_events')
        .values({ id, body: `e${id}` })
        .execute();
    const update = (target: AnyDb, id: number) =>
      target
        .updateTable('t_events')
        .set({ body: `u${id}` })
        .where('id', '=', id)
        .execute();
    const readAll = (target: AnyDb) => target.selectFrom('t_events').selectAll().orderBy('id').execute();

    it('keeps running repeated writes and reads after another handle adds a column', async () => {
      for (let id = 1; id <= 3; id++) await insert(db, id);
      await update(db, 1);
      expect(await readAll(db)).toHaveLength(3);
      const other = await opened.another();
      await other.db.schema.alterTable('t_events').addColumn('extra', 'text').execute();
      await insert(db, 4);
      await update(db, 4);
      const rows = await readAll(db);
      expect(rows.map((r) => [r.id, r.body, r.extra])).toEqual([
        [1, 'u1', null],
        [2, 'e2', null],
        [3, 'e3', null],
        [4, 'u4', null],
      ]);
    });

    it.runIf(adapter.name === 'postgres')(
      'prepares a repeated write once per connection, and no reads',
      async () => {
        const names = await db.connection().execute(async (connection) => {
          for (let id = 1; id <= 5; id++) {
            await insert(connection, id);
            await readAll(connection);
          }
          const { rows } = await sql<{ statement: string }>`
            select statement from pg_prepared_statements where not from_sql`.execute(connection);
          return rows.map((r) => r.statement);
        });
        expect(names).toHaveLength(1);
        expect(names[0]).toMatch(/^insert into "t_events"/);
      },
    );

    it.runIf(adapter.name === 'postgres')(
      'prepares at most a bounded number of statements per connection, and runs the rest unnamed',
      async () => {
        const extra = 5;
        const { prepared, deleted } = await db.connection().execute(async (connection) => {
          for (let id = 1; id <= 3; id++) await insert(connection, id);
          let deleted = 0;
          // Each list length is a statement text of its own; the last ones delete the rows, unnamed.
          for (let n = 1; n <= MAX_PREPARED_PER_CONNECTION + extra; n++) {
            const ids = Array.from({ length: n }, (_, i) => (n > MAX_PREPARED_PER_CONNECTION ? i + 1 : -i));
            const result = await connection.deleteFrom('t_events').where('id', 'in', ids).executeTakeFirst();
            deleted += Number(result.numDeletedRows);
          }
          const { rows } = await sql<{ n: number }>`
            select count(*) as n from pg_prepared_statements where not from_sql`.execute(connection);
          return { prepared: rows[0]?.n, deleted };
        });
        expect(prepared).toBe(MAX_PREPARED_PER_CONNECTION);
        expect(deleted).toBe(3);
      },
    );
  });
}
