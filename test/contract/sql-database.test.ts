// One contract for every SqlDatabase adapter: SQLite and PostgreSQL must store, order, roll back, claim and
// fail alike, and the modules' migrations must give both the same schema.
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allMigrations } from '../../src/app/migrations.js';
import { isSconesError } from '../../src/kernel/errors.js';
import { compareUtf8 } from '../../src/kernel/utf8.js';
import { dbError } from '../../src/platform/db/errors.js';
import type { SqlDatabase } from '../../src/platform/db/port.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';
import { type OpenedDatabase, SQL_ADAPTERS } from '../support/sql-adapters.js';

// biome-ignore lint/suspicious/noExplicitAny: the contract's scratch tables have no module schema
type AnyDb = Kysely<any>;

async function createScratchTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('t_values')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('big', 'bigint')
    .addColumn('small', 'integer')
    .addColumn('ratio', 'real')
    .addColumn('doc', 'text')
    .addColumn('bytes', 'blob')
    .execute();
  await db.schema
    .createTable('t_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('alias', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('t_jobs')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('claimed_by', 'text')
    .execute();
}

for (const adapter of SQL_ADAPTERS) {
  describe(`SqlDatabase contract: ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    let database: SqlDatabase;
    let db: AnyDb;

    beforeEach(async () => {
      opened = await adapter.create();
      database = opened.database;
      db = database.db;
      await createScratchTables(db);
    });
    afterEach(async () => opened.cleanup());

    it('declares its traits', () => {
      expect(database.traits.engine).toBe(adapter.name);
      expect(typeof database.traits.skipLocked).toBe('boolean');
      expect(typeof database.traits.listenNotify).toBe('boolean');
      expect(database.traits.location).not.toMatch(/password|:[^/@]*@/);
    });

    it('returns 64-bit integers as numbers, from columns and aggregates', async () => {
      const values = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1_765_000_000_123, 0];
      await db
        .insertInto('t_values')
        .values(values.map((big) => ({ big, small: 2 ** 31 + 1 })))
        .execute();
      const rows = await db.selectFrom('t_values').select(['id', 'big', 'small']).orderBy('id').execute();
      expect(rows.map((r) => r.big)).toEqual(values);
      expect(rows.map((r) => r.small)).toEqual(values.map(() => 2 ** 31 + 1));
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
      const totals = await db
        .selectFrom('t_values')
        .select((eb) => [
          eb.fn.countAll().as('n'),
          eb.fn.sum('small').as('total'),
          eb.fn.max('big').as('top'),
        ])
        .executeTakeFirstOrThrow();
      expect(totals).toEqual({ n: 4, total: 4 * (2 ** 31 + 1), top: Number.MAX_SAFE_INTEGER });
    });

    it('keeps doubles, JSON text and binary exactly', async () => {
      const doc = JSON.stringify({ text: 'naïve – 🚲 \u0000 end', nested: [1, { a: null }], quote: '\'"' });
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await db
        .insertInto('t_values')
        .values({ ratio: 0.1 + 0.2, doc, bytes })
        .execute();
      const row = await db.selectFrom('t_values').selectAll().executeTakeFirstOrThrow();
      expect(row.ratio).toBe(0.1 + 0.2);
      expect(JSON.parse(row.doc)).toEqual(JSON.parse(doc));
      expect(Buffer.isBuffer(row.bytes)).toBe(true);
      expect(Buffer.compare(row.bytes, bytes)).toBe(0);
    });

    it('orders text by UTF-8 bytes (code points), as SQLite and S3 do', async () => {
      const names = ['b', 'B', 'a', 'aa', 'a b', 'é', 'z', 'Z', '_', '10', '9', '\uffff', '🚲', 'ä'];
      await db
        .insertInto('t_keys')
        .values(names.map((name) => ({ name, alias: `alias-${name}` })))
        .execute();
      const rows = await db.selectFrom('t_keys').select('name').orderBy('name').execute();
      expect(rows.map((r) => r.name)).toEqual([...names].sort(compareUtf8));
      const after = await db
        .selectFrom('t_keys')
        .select('name')
        .where('name', '>', 'Z')
        .orderBy('name')
        .execute();
      expect(after.map((r) => r.name)).toEqual(
        names.filter((n) => compareUtf8(n, 'Z') > 0).sort(compareUtf8),
      );
    });

    it('rolls a transaction back when its callback throws', async () => {
      await db.insertInto('t_keys').values({ name: 'kept', alias: 'k' }).execute();
      const failure = new Error('stop here');
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('t_keys').values({ name: 'lost', alias: 'l' }).execute();
          await trx.updateTable('t_keys').set({ alias: 'changed' }).where('name', '=', 'kept').execute();
          throw failure;
        }),
      ).rejects.toBe(failure);
      const rows = await db.selectFrom('t_keys').selectAll().execute();
      expect(rows).toEqual([{ name: 'kept', alias: 'k' }]);
    });

    it('maps primary-key and unique violations to DB_UNIQUE_VIOLATION, and rolls back', async () => {
      await db.insertInto('t_keys').values({ name: 'one', alias: 'first' }).execute();
      const primary = await db
        .insertInto('t_keys')
        .values({ name: 'one', alias: 'other' })
        .execute()
        .catch((e: unknown) => e);
      expect(isSconesError(primary) && primary.code).toBe(dbError.codes.UNIQUE_VIOLATION);
      expect(isSconesError(primary) && primary.kind).toBe('conflict');
      const unique = await db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('t_keys').values({ name: 'two', alias: 'second' }).execute();
          await trx.insertInto('t_keys').values({ name: 'three', alias: 'first' }).execute();
        })
        .catch((e: unknown) => e);
      expect(isSconesError(unique) && unique.code).toBe(dbError.codes.UNIQUE_VIOLATION);
      const rows = await db.selectFrom('t_keys').select('name').execute();
      expect(rows.map((r) => r.name)).toEqual(['one']);
    });

    it('numbers rows of an identity column in insertion order and returns the new key', async () => {
      const first = await db
        .insertInto('t_values')
        .values({ doc: 'a' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const second = await db
        .insertInto('t_values')
        .values({ doc: 'b' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(first.id).toBeTypeOf('number');
      expect(second.id).toBeGreaterThan(first.id);
    });

    it.runIf(adapter.name === 'postgres')(
      'refuses an integer beyond 2^53 with DB_INTEGER_OUT_OF_RANGE',
      async () => {
        await sql`insert into t_values (big) values (9007199254740993)`.execute(db);
        const error = await db
          .selectFrom('t_values')
          .select('big')
          .execute()
          .catch((e: unknown) => e);
        expect(isSconesError(error) && error.code).toBe(dbError.codes.INTEGER_OUT_OF_RANGE);
        // The connection stays usable after the refused row.
        expect(await db.selectFrom('t_values').select('id').execute()).toHaveLength(1);
      },
    );

    describe.runIf(adapter.name === 'postgres')('SKIP LOCKED (traits.skipLocked)', () => {
      it('skips a row another transaction has claimed', async () => {
        expect(database.traits.skipLocked).toBe(true);
        await db
          .insertInto('t_jobs')
          .values([{ id: 1 }, { id: 2 }])
          .execute();
        let release: () => void = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let claimedFirst: () => void = () => {};
        const firstClaimed = new Promise<void>((resolve) => {
          claimedFirst = resolve;
        });
        const holder = db.transaction().execute(async (trx) => {
          const row = await claimNext(trx);
          claimedFirst();
          await held;
          return row;
        });
        await firstClaimed;
        const second = await db.transaction().execute((trx) => claimNext(trx));
        release();
        expect(await holder).toBe(1);
        expect(second).toBe(2);
      });

      it('gives every job to exactly one of several concurrent claimers', async () => {
        const jobs = Array.from({ length: 60 }, (_, i) => ({ id: i + 1 }));
        await db.insertInto('t_jobs').values(jobs).execute();
        const handles = [database, await opened.another(), await opened.another()];
        const claims: Array<{ worker: string; id: number }> = [];
        await Promise.all(
          handles.flatMap((handle, h) =>
            [0, 1].map(async (w) => {
              const worker = `w${h}.${w}`;
              for (;;) {
                const id = await handle.db.transaction().execute(async (trx) => {
                  const next = await claimNext(trx);
                  if (next !== undefined) {
                    await trx
                      .updateTable('t_jobs')
                      .set({ claimed_by: worker })
                      .where('id', '=', next)
                      .execute();
                  }
                  return next;
                });
                if (id === undefined) return;
                claims.push({ worker, id });
              }
            }),
          ),
        );
        expect(claims.map((c) => c.id).sort((a, b) => a - b)).toEqual(jobs.map((j) => j.id));
        const rows = await db.selectFrom('t_jobs').select(['id', 'claimed_by']).orderBy('id').execute();
        const byId = new Map(claims.map((c) => [c.id, c.worker]));
        expect(rows.map((r) => r.claimed_by)).toEqual(rows.map((r) => byId.get(r.id)));
      });
    });

    it('runs every module migration, once, even when several handles start together', async () => {
      const handles = [database, await opened.another()];
      const runs: string[] = [];
      const counted = Object.fromEntries(
        Object.entries(allMigrations).map(([name, migration]) => [
          name,
          {
            up: async (target: AnyDb) => {
              runs.push(name);
              await migration.up(target);
            },
          },
        ]),
      );
      // SQLite has one writer and its migrator no cross-process lock: there, handles start one after another.
      const applied = database.traits.concurrentWriters
        ? await Promise.all(handles.map((h) => h.migrate(counted)))
        : [await handles[0]?.migrate(counted), await handles[1]?.migrate(counted)];
      expect(runs.sort()).toEqual(Object.keys(allMigrations).sort());
      expect(applied.flat().sort()).toEqual(Object.keys(allMigrations).sort());
      expect(await database.migrate(allMigrations)).toEqual([]);
    });
  });
}

/** The lowest unclaimed job, locked for this transaction and skipped by others (PostgreSQL). */
async function claimNext(trx: AnyDb): Promise<number | undefined> {
  const row = await trx
    .selectFrom('t_jobs')
    .select('id')
    .where('claimed_by', 'is', null)
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row?.id as number | undefined;
}

describe('SqlDatabase contract: the migrations give both adapters the same schema', () => {
  it('has the same tables, columns, nullability and identity columns on PostgreSQL as on SQLite', async () => {
    const sqlite = openSqliteDatabase({ file: ':memory:' });
    const postgres = await SQL_ADAPTERS.find((a) => a.name === 'postgres')?.create();
    if (!postgres) throw new Error('no postgres adapter');
    try {
      await sqlite.migrate(allMigrations);
      await postgres.database.migrate(allMigrations);
      const expected = await describeSchema(sqlite, await sqliteQuirks(sqlite));
      expect(Object.keys(expected).length).toBeGreaterThan(20);
      expect(await describeSchema(postgres.database)).toEqual(expected);
    } finally {
      await sqlite.close();
      await postgres.cleanup();
    }
  });
});

interface SqliteQuirks {
  /** `table.column` of every primary-key column. */
  readonly keys: ReadonlySet<string>;
  /** Tables declared with AUTOINCREMENT. */
  readonly autoIncrement: ReadonlySet<string>;
}

/**
 * What SQLite's introspection reports differently from what the migrations mean: a non-integer primary key of a
 * rowid table may hold NULL (https://sqlite.org/lang_createtable.html#the_primary_key), and every `integer primary
 * key` shows as auto-incrementing (it aliases the rowid) though only `autoIncrement()` columns ask for it.
 */
async function sqliteQuirks(database: SqlDatabase): Promise<SqliteQuirks> {
  const keys = await sql<{ t: string; c: string }>`
    select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p
    where m.type = 'table' and p.pk > 0`.execute(database.db);
  const tables = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'table'`.execute(database.db);
  return {
    keys: new Set(keys.rows.map((r) => `${r.t}.${r.c}`)),
    autoIncrement: new Set(tables.rows.filter((t) => /autoincrement/i.test(t.sql)).map((t) => t.name)),
  };
}

async function describeSchema(
  database: SqlDatabase,
  quirks?: SqliteQuirks,
): Promise<Record<string, string[]>> {
  const tables = await database.db.introspection.getTables();
  return Object.fromEntries(
    tables
      .filter((t) => !t.name.startsWith('kysely_'))
      .map((t) => [
        t.name,
        t.columns
          .map((c) => {
            const nullable = c.isNullable && !quirks?.keys.has(`${t.name}.${c.name}`);
            const identity = c.isAutoIncrementing && (!quirks || quirks.autoIncrement.has(t.name));
            return `${c.name}${nullable ? '?' : ''}${identity ? ' (identity)' : ''}`;
          })
          .sort(),
      ])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
