// Kysely on SQLite through the statement cache: the same SQL reuses one prepared statement, the least recently
// used is dropped past the bound, and queries, transactions and errors behave as without the cache.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../src/platform/db/sqlite/statement-cache.js';

interface Tables {
  items: { id: number; name: string };
}

let db: Kysely<Tables> | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe('SQLite statement cache', () => {
  it('hands back the prepared statement of a SQL text it has seen, and drops the least recently used', () => {
    const connection = new BetterSqlite3(':memory:');
    const cache = withStatementCache(connection, 2);
    const one = cache.prepare('select 1');
    expect(cache.prepare('select 1')).toBe(one);
    const two = cache.prepare('select 2');
    cache.prepare('select 1');
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(one);
    expect(cache.prepare('select 2')).not.toBe(two);
    cache.close();
    expect(connection.open).toBe(false);
  });

  it('runs queries, concurrent ones included, rolls back failed transactions, and keeps working after errors', async () => {
    db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: withStatementCache(new BetterSqlite3(':memory:')) }),
    });
    await sql`create table items (id integer primary key, name text not null unique)`.execute(db);
    const k = db;
    await Promise.all(
      Array.from({ length: 200 }, (_, id) =>
        k
          .insertInto('items')
          .values({ id, name: `n${id}` })
          .execute(),
      ),
    );
    const names = await Promise.all(
      Array.from({ length: 200 }, (_, id) =>
        k.selectFrom('items').select('name').where('id', '=', id).executeTakeFirstOrThrow(),
      ),
    );
    expect(names.map((r) => r.name)).toEqual(Array.from({ length: 200 }, (_, id) => `n${id}`));
    await expect(
      k.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ id: 500, name: 'kept?' }).execute();
        await tx.insertInto('items').values({ id: 501, name: 'n1' }).execute();
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await k.selectFrom('items').select('id').where('id', '=', 500).execute()).toEqual([]);
    const { count } = await k
      .selectFrom('items')
      .select((e) => e.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBe(200);
  });
});
