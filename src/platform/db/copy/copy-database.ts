// `db copy`: a SQLite database moved into a migrated PostgreSQL one, from one snapshot, in batches whose progress
// the target keeps (copy-ledger.ts), so an interrupted copy resumes; row counts are compared at the end.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errorMessage, isSconesError } from '../../../kernel/errors.js';
import { type ProgressReporter, silentProgress } from '../../../kernel/progress.js';
import { dbError } from '../errors.js';
import type { SqlDatabase } from '../port.js';
import { encodeKey } from './copy-keys.js';
import { CopyLedger, type CopyRecord, type TableProgress } from './copy-ledger.js';
import { withCopyLock } from './copy-lock.js';
import { assertHoldsNoData, assertSchemaMatches, countRows } from './copy-target.js';
import { resetIdentitySequences } from './postgres-identities.js';
import { type SourceTable, SqliteSnapshot, takeSnapshot } from './sqlite-snapshot.js';

export interface CopyOptions {
  /** The live SQLite file. */
  readonly sourceFile: string;
  /** How the source is named in the target's ledger and in messages; a rerun must name it the same. */
  readonly source: string;
  /** Where the snapshot waits until the copy finishes (a rerun resumes from the same one). */
  readonly snapshotDir: string;
  /** PostgreSQL, migrated to the same schema as the source. */
  readonly target: SqlDatabase;
  /** Rows the target's migrations put in, per table: the only data a target may hold before a copy. */
  readonly seeded: ReadonlyMap<string, number>;
  /** Rows per insert statement (and per committed step). */
  readonly batchRows?: number;
  readonly progress?: ProgressReporter;
  readonly now?: () => number;
}

export interface TableCount {
  readonly table: string;
  /** Rows in the snapshot; null when the copy had finished before this run (nothing left to compare). */
  readonly source: number | null;
  readonly target: number;
}

export interface CopyReport {
  readonly outcome: 'copied' | 'resumed' | 'already-done';
  /** When the snapshot was taken, ms since the epoch. */
  readonly snapshotAt: number;
  readonly tables: readonly TableCount[];
}

const DEFAULT_BATCH_ROWS = 500;
/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 30_000;

export function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  return withCopyLock(options.target, () => copyLocked(options));
}

async function copyLocked(options: CopyOptions): Promise<CopyReport> {
  const ledger = new CopyLedger(options.target.db);
  await ledger.ensure();
  const record = await ledger.record();
  if (record && record.source !== options.source) {
    throw dbError(
      'COPY_TARGET_IN_USE',
      `${options.target.traits.location} holds a copy of ${record.source}${record.finishedAt === null ? ' (unfinished)' : ''}, not of ${options.source}: copy into an empty database`,
      { target: options.target.traits.location, copyOf: record.source },
    );
  }
  if (record?.finishedAt != null) return alreadyDone(options, record);
  const resumable = record && existsSync(path.join(options.snapshotDir, record.snapshot));
  if (!record) await assertHoldsNoData(options.target, options.seeded);
  const started = resumable ? record : await startOver(options, ledger);
  const file = path.join(options.snapshotDir, started.snapshot);
  const snapshot = new SqliteSnapshot(file);
  let counts: TableCount[];
  try {
    const tables = snapshot.tables();
    await assertSchemaMatches(options.target, tables);
    counts = await copyTables(options, ledger, snapshot, tables);
    await resetIdentitySequences(
      options.target.db,
      tables.map((t) => t.name),
    );
    await verify(options.target, counts);
    await ledger.finish((options.now ?? Date.now)());
  } finally {
    snapshot.close();
  }
  // Only now: until the ledger says finished, a rerun resumes from this very snapshot.
  rmSync(file, { force: true });
  return { outcome: resumable ? 'resumed' : 'copied', snapshotAt: started.startedAt, tables: counts };
}

/** A new snapshot, and a target emptied of its migrations' seed rows and of any earlier unfinished copy. */
async function startOver(options: CopyOptions, ledger: CopyLedger): Promise<CopyRecord> {
  const now = (options.now ?? Date.now)();
  const name = `copy-${now}-${randomBytes(4).toString('hex')}.db`;
  mkdirSync(options.snapshotDir, { recursive: true });
  for (const stale of readdirSync(options.snapshotDir))
    rmSync(path.join(options.snapshotDir, stale), { recursive: true, force: true });
  takeSnapshot(options.sourceFile, path.join(options.snapshotDir, name));
  const snapshot = new SqliteSnapshot(path.join(options.snapshotDir, name));
  const tables = snapshot.tables();
  snapshot.close();
  await assertSchemaMatches(options.target, tables);
  const record = { source: options.source, snapshot: name, startedAt: now };
  await options.target.db.transaction().execute(async (trx) => {
    for (const table of [...tables].reverse()) await trx.deleteFrom(table.name).execute();
    await ledger.begin(trx, record);
  });
  return { ...record, finishedAt: null };
}

async function copyTables(
  options: CopyOptions,
  ledger: CopyLedger,
  snapshot: SqliteSnapshot,
  tables: readonly SourceTable[],
): Promise<TableCount[]> {
  const totals = new Map(tables.map((t) => [t.name, snapshot.count(t.name)]));
  const progress = await ledger.progress();
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  let copied = [...progress.values()].reduce((sum, p) => sum + p.rows, 0);
  const task = (options.progress ?? silentProgress).start('db copy', all, 'rows');
  for (const table of tables) {
    const total = totals.get(table.name) ?? 0;
    let step = progress.get(table.name) ?? { lastKey: undefined, rows: 0, done: false };
    while (!step.done) {
      const next = await copyBatch(options, ledger, snapshot, table, step);
      copied += next.rows - step.rows;
      step = next;
      task.update(copied, { table: table.name, rows: `${step.rows}/${total}` });
    }
  }
  task.finish(`${copied} rows in ${tables.length} tables`);
  return tables.map((t) => ({ table: t.name, source: totals.get(t.name) ?? 0, target: 0 }));
}

/** Reads the next batch after the last key and commits it with the ledger's step in one transaction. */
async function copyBatch(
  options: CopyOptions,
  ledger: CopyLedger,
  snapshot: SqliteSnapshot,
  table: SourceTable,
  step: TableProgress,
): Promise<TableProgress> {
  const limit = Math.max(
    1,
    Math.min(options.batchRows ?? DEFAULT_BATCH_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)),
  );
  const rows = snapshot.read(table, step.lastKey, limit);
  const last = rows.at(-1);
  const next: TableProgress = {
    lastKey: last ? table.key.map((k) => last[k] ?? null) : step.lastKey,
    rows: step.rows + rows.length,
    done: rows.length < limit,
  };
  try {
    await options.target.db.transaction().execute(async (trx) => {
      if (rows.length > 0)
        await trx
          .insertInto(table.name)
          .values(rows.map((row) => Object.fromEntries(table.columns.map((c) => [c, row[c] ?? null]))))
          .execute();
      await ledger.advance(trx, table.name, next);
    });
  } catch (error) {
    const after = step.lastKey ? ` after key ${encodeKey(step.lastKey)}` : '';
    throw dbError(
      'COPY_FAILED',
      `copying ${table.name}${after} failed (a rerun resumes here): ${errorMessage(error)}${isSconesError(error) ? ` [${error.code}]` : ''}`,
      { table: table.name },
      error,
    );
  }
  return next;
}

async function verify(target: SqlDatabase, counts: TableCount[]): Promise<void> {
  for (const [index, count] of counts.entries())
    counts[index] = { ...count, target: await countRows(target, count.table) };
  const wrong = counts.filter((c) => c.source !== c.target);
  if (wrong.length === 0) return;
  throw dbError(
    'COPY_VERIFY_FAILED',
    `row counts differ after copying: ${wrong.map((c) => `${c.table} ${c.source} in the snapshot, ${c.target} in the target`).join('; ')}`,
    { tables: wrong },
  );
}

async function alreadyDone(options: CopyOptions, record: CopyRecord): Promise<CopyReport> {
  const tables = (await options.target.db.introspection.getTables()).map((t) => t.name).sort();
  const counts: TableCount[] = [];
  for (const table of tables)
    if (!table.startsWith('scones_copy'))
      counts.push({ table, source: null, target: await countRows(options.target, table) });
  return { outcome: 'already-done', snapshotAt: record.startedAt, tables: counts };
}
