// Progress of `db copy`, kept in the target itself so that a rerun continues where an interrupted run stopped:
// which source and snapshot the target is a copy of, and per table the last key copied. A batch of rows and the
// ledger's step forward commit in one transaction, so the ledger never claims rows the target lacks.
import type { Kysely, Transaction } from 'kysely';
import { decodeKey, encodeKey, type KeyValue } from './copy-keys.js';

export const COPY_TABLE = 'scones_copy';
export const COPY_TABLES_TABLE = 'scones_copy_tables';

export interface CopyRecord {
  /** The source database, e.g. `sqlite:<SCONES_HOME>/scones.db`. */
  readonly source: string;
  /** The snapshot file's name, while the copy is unfinished. */
  readonly snapshot: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

export interface TableProgress {
  readonly lastKey: KeyValue[] | undefined;
  readonly rows: number;
  readonly done: boolean;
}

interface LedgerTables {
  scones_copy: {
    id: number;
    source: string;
    snapshot: string;
    started_at: number;
    finished_at: number | null;
  };
  scones_copy_tables: { table_name: string; last_key: string | null; rows: number; done: number };
}

export class CopyLedger {
  readonly #db: Kysely<LedgerTables>;

  // biome-ignore lint/suspicious/noExplicitAny: the port's handle is untyped; the ledger types its own tables
  constructor(db: Kysely<any>) {
    this.#db = db as Kysely<LedgerTables>;
  }

  async ensure(): Promise<void> {
    await this.#db.schema
      .createTable(COPY_TABLE)
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('started_at', 'integer', (c) => c.notNull())
      .addColumn('finished_at', 'integer')
      .execute();
    await this.#db.schema
      .createTable(COPY_TABLES_TABLE)
      .ifNotExists()
      .addColumn('table_name', 'text', (c) => c.primaryKey())
      .addColumn('last_key', 'text')
      .addColumn('rows', 'integer', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .execute();
  }

  async record(): Promise<CopyRecord | undefined> {
    const row = await this.#db.selectFrom(COPY_TABLE).selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) return undefined;
    return {
      source: row.source,
      snapshot: row.snapshot,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }

  /** Starts (or restarts) the record of a copy: every table's progress cleared. */
  async begin(trx: Transaction<unknown>, record: Omit<CopyRecord, 'finishedAt'>): Promise<void> {
    const db = trx as unknown as Transaction<LedgerTables>;
    await db.deleteFrom(COPY_TABLES_TABLE).execute();
    await db.deleteFrom(COPY_TABLE).execute();
    await db
      .insertInto(COPY_TABLE)
      .values({ id: 1, ...pick(record), finished_at: null })
      .execute();
  }

  async progress(): Promise<Map<string, TableProgress>> {
    const rows = await this.#db.selectFrom(COPY_TABLES_TABLE).selectAll().execute();
    return new Map(
      rows.map((r) => [
        r.table_name,
        {
          lastKey: r.last_key === null ? undefined : decodeKey(r.last_key),
          rows: r.rows,
          done: r.done === 1,
        },
      ]),
    );
  }

  /** Records a table's step, inside the transaction that inserted its rows. */
  async advance(trx: Transaction<unknown>, table: string, progress: TableProgress): Promise<void> {
    const db = trx as unknown as Transaction<LedgerTables>;
    const values = {
      last_key: progress.lastKey === undefined ? null : encodeKey(progress.lastKey),
      rows: progress.rows,
      done: progress.done ? 1 : 0,
    };
    await db
      .insertInto(COPY_TABLES_TABLE)
      .values({ table_name: table, ...values })
      .onConflict((oc) => oc.column('table_name').doUpdateSet(values))
      .execute();
  }

  async finish(finishedAt: number): Promise<void> {
    await this.#db
      .updateTable(COPY_TABLE)
      .set({ finished_at: finishedAt, snapshot: '' })
      .where('id', '=', 1)
      .execute();
  }
}

function pick(record: Omit<CopyRecord, 'finishedAt'>) {
  return { source: record.source, snapshot: record.snapshot, started_at: record.startedAt };
}
