// The copier (platform/db/copy) from a real SQLite file to a real PostgreSQL database: values that are easy to
// lose (int8 past 2^53, binary, JSON text, floats, empty tables, a migration's seed row), foreign-key order,
// identity sequences, a copy interrupted after a committed batch and resumed from the same snapshot, and targets
// that hold someone else's data refused.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, type Migration, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressReporter } from '../../../src/kernel/progress.js';
import { type CopyOptions, copyDatabase } from '../../../src/platform/db/copy/copy-database.js';
import { COPY_LOCK_KEY } from '../../../src/platform/db/copy/copy-lock.js';
import { dbError } from '../../../src/platform/db/errors.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { openPostgresDatabase } from '../../../src/platform/db/postgres/postgres-database.js';
import { openSqliteDatabase } from '../../../src/platform/db/sqlite/sqlite-database.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

// biome-ignore lint/suspicious/noExplicitAny: the test's scratch tables have no module schema
type AnyDb = Kysely<any>;

const BIG = 2n ** 62n + 1n;
const BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const JSON_DOC = JSON.stringify({ a: [1, 2.5, { b: 'ü\u2028"x"' }], n: null });

const migrations: Record<string, Migration> = {
  't/0001': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('parents')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
      // Named to sort before its parent: the copier must still insert parents first.
      await db.schema
        .createTable('a_children')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('parent_id', 'integer', (c) => c.notNull().references('parents.id').onDelete('cascade'))
        .addColumn('big', 'bigint')
        .addColumn('ratio', 'real')
        .addColumn('doc', 'text')
        .addColumn('bytes', 'blob')
        .execute();
      await db.schema
        .createTable('empty_things')
        .addColumn('k', 'text', (c) => c.primaryKey())
        .addColumn('v', 'real')
        .modifyEnd(sql`without rowid`)
        .execute();
      await db.schema
        .createTable('seeded')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('seeded').values({ id: 1, revision: 0 }).execute();
      // No primary key: read in rowid order, which the snapshot file keeps fixed across resumes.
      await db.schema
        .createTable('z_no_key')
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
    },
  },
};

let root: string;
let sourceFile: string;
let postgres: TestDatabase;
let target: SqlDatabase;

async function fillSource(children: number): Promise<void> {
  const source = openSqliteDatabase({ file: sourceFile });
  await source.migrate(migrations);
  await source.db
    .insertInto('parents')
    .values([{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }])
    .execute();
  const rows = Array.from({ length: children }, (_, i) => ({
    parent_id: (i % 3) + 1,
    big: i === 0 ? BIG : BigInt(i) * 1_000_000_007n,
    ratio: i / 7,
    doc: i === 0 ? JSON_DOC : `{"i":${i}}`,
    bytes: i === 0 ? BYTES : i % 2 === 0 ? null : Buffer.from([i % 256]),
  }));
  for (let i = 0; i < rows.length; i += 200)
    await source.db
      .insertInto('a_children')
      .values(rows.slice(i, i + 200))
      .execute();
  await source.db.updateTable('seeded').set({ revision: 7 }).execute();
  const notes = Array.from({ length: 250 }, (_, i) => ({ at: 250 - i, note: i % 5 === 0 ? null : `n${i}` }));
  await source.db.insertInto('z_no_key').values(notes).execute();
  await source.close();
}

function options(overrides: Partial<CopyOptions> = {}): CopyOptions {
  return {
    sourceFile,
    source: `sqlite:${sourceFile}`,
    snapshotDir: path.join(root, 'tmp', 'db-copy'),
    target,
    seeded: new Map([['seeded', 1]]),
    batchRows: 100,
    ...overrides,
  };
}

/** Fails the run right after the `n`th committed batch, as a kill would (the ledger already holds that batch). */
function failingAfter(n: number): ProgressReporter {
  let batches = 0;
  return {
    start: () => ({
      update: () => {
        batches += 1;
        if (batches === n) throw new Error('interrupted');
      },
      finish: () => {},
    }),
  };
}

async function query<T>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-db-copy-'));
  sourceFile = path.join(root, 'scones.db');
  postgres = await createTestDatabase();
  target = await openPostgresDatabase({ url: postgres.url });
  await target.migrate(migrations);
});
afterEach(async () => {
  await target?.close();
  await postgres?.drop();
  await rm(root, { recursive: true, force: true });
});

describe('db copy: SQLite -> PostgreSQL', () => {
  it('copies every value exactly, parents first, seeds replaced, identities moved past the copied ids', async () => {
    await fillSource(450);
    const report = await copyDatabase(options());
    expect(report.outcome).toBe('copied');
    expect(report.tables).toEqual([
      { table: 'parents', source: 3, target: 3 },
      { table: 'a_children', source: 450, target: 450 },
      { table: 'empty_things', source: 0, target: 0 },
      { table: 'seeded', source: 1, target: 1 },
      { table: 'z_no_key', source: 250, target: 250 },
    ]);
    const notes = await query<{ at: string; note: string | null }>('select at::text, note from z_no_key');
    expect(notes.map((n) => Number(n.at)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
    const [first] = await query<{ big: string; ratio: number; doc: string; bytes: Buffer }>(
      'select big::text as big, ratio, doc, bytes from a_children order by id limit 1',
    );
    expect(first?.big).toBe(BIG.toString());
    expect(first?.doc).toBe(JSON_DOC);
    expect(JSON.parse(first?.doc ?? '')).toEqual(JSON.parse(JSON_DOC));
    expect(Buffer.compare(first?.bytes ?? Buffer.alloc(0), BYTES)).toBe(0);
    // id 8 is the eighth row: i = 7.
    const [later] = await query<{ ratio: number; bytes: Buffer | null }>(
      'select ratio, bytes from a_children where id = 8',
    );
    expect(later).toEqual({ ratio: 1, bytes: Buffer.from([7]) });
    expect(await query('select revision::int from seeded')).toEqual([{ revision: 7 }]);
    const [added] = await target.db.insertInto('parents').values({ name: 'p4' }).returning('id').execute();
    expect(added?.id).toBe(4);
    // The snapshot is removed once the ledger says the copy is finished.
    expect(readdirSync(path.join(root, 'tmp', 'db-copy'))).toEqual([]);
  });

  it('resumes an interrupted copy from the same snapshot, leaving out what the source wrote since', async () => {
    await fillSource(1000);
    await expect(copyDatabase(options({ progress: failingAfter(5) }))).rejects.toThrow('interrupted');
    const [partial] = await query<{ n: number }>('select count(*)::int as n from a_children');
    expect(partial?.n).toBeGreaterThan(0);
    expect(partial?.n).toBeLessThan(1000);
    // Written after the snapshot: a resumed copy is of the moment the copy started, not a mix.
    const live = openSqliteDatabase({ file: sourceFile });
    await live.db.insertInto('parents').values({ name: 'late' }).execute();
    await live.close();
    // Interrupted again, this time inside the table without a primary key (resumed by rowid).
    await expect(copyDatabase(options({ progress: failingAfter(10) }))).rejects.toThrow('interrupted');
    const [keyless] = await query<{ n: number }>('select count(*)::int as n from z_no_key');
    expect(keyless?.n).toBe(100);
    const report = await copyDatabase(options());
    expect(report.outcome).toBe('resumed');
    expect(report.tables.find((t) => t.table === 'z_no_key')?.target).toBe(250);
    expect(report.tables.find((t) => t.table === 'a_children')).toEqual({
      table: 'a_children',
      source: 1000,
      target: 1000,
    });
    expect(report.tables.find((t) => t.table === 'parents')?.target).toBe(3);
    const again = await copyDatabase(options());
    expect(again.outcome).toBe('already-done');
  });

  it('starts over from a fresh snapshot when the interrupted one is gone', async () => {
    await fillSource(300);
    await expect(copyDatabase(options({ progress: failingAfter(2) }))).rejects.toThrow('interrupted');
    await rm(path.join(root, 'tmp', 'db-copy'), { recursive: true });
    const live = openSqliteDatabase({ file: sourceFile });
    await live.db.insertInto('parents').values({ name: 'late' }).execute();
    await live.close();
    const report = await copyDatabase(options());
    expect(report.outcome).toBe('copied');
    expect(report.tables.find((t) => t.table === 'parents')).toEqual({
      table: 'parents',
      source: 4,
      target: 4,
    });
  });

  it("refuses a target that holds another source's copy or data of its own", async () => {
    await fillSource(10);
    await copyDatabase(options());
    await expect(copyDatabase(options({ source: 'sqlite:/elsewhere/scones.db' }))).rejects.toMatchObject({
      code: dbError.codes.COPY_TARGET_IN_USE,
      message: expect.stringContaining(`holds a copy of sqlite:${sourceFile}`),
    });
    const other = await createTestDatabase();
    const used = await openPostgresDatabase({ url: other.url });
    try {
      await used.migrate(migrations);
      await used.db.insertInto('parents').values({ name: 'theirs' }).execute();
      await expect(copyDatabase(options({ target: used }))).rejects.toMatchObject({
        code: dbError.codes.COPY_TARGET_IN_USE,
        message: expect.stringContaining('parents (1 rows)'),
      });
    } finally {
      await used.close();
      await other.drop();
    }
  });

  it('refuses to run while another copy holds the target', async () => {
    await fillSource(10);
    const other = new pg.Client({ connectionString: postgres.url });
    await other.connect();
    try {
      await other.query('select pg_advisory_lock($1)', [COPY_LOCK_KEY]);
      await expect(copyDatabase(options())).rejects.toMatchObject({
        code: dbError.codes.COPY_TARGET_IN_USE,
        message: expect.stringContaining('another db copy is writing to'),
      });
    } finally {
      await other.end();
    }
    expect((await copyDatabase(options())).outcome).toBe('copied');
  });

  it('names the missing source file', async () => {
    await expect(copyDatabase(options())).rejects.toMatchObject({ code: dbError.codes.COPY_SOURCE_MISSING });
    expect(existsSync(sourceFile)).toBe(false);
  });
});
