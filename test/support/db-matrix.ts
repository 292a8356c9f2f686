// The databases an integration suite runs on (the matrix): SQLite in the test's folder, and a PostgreSQL database
// of its own per test on the run's throwaway cluster. `open()` may be called again to reopen (a restart).
import path from 'node:path';
import type { SqlDatabase } from '../../src/platform/db/port.js';
import { openPostgresDatabase } from '../../src/platform/db/postgres/postgres-database.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';
import { createTestDatabase } from './postgres.js';

export interface DbUnderTest {
  /** The `database.url` setting that names it (for a whole app or the CLI). */
  readonly url: string;
  open(): Promise<SqlDatabase>;
  /** Deletes what `open` created outside the test's folder. */
  drop(): Promise<void>;
}

export interface DbEngine {
  readonly name: 'sqlite' | 'postgres';
  create(root: string): Promise<DbUnderTest>;
}

export const DB_MATRIX: readonly DbEngine[] = [
  {
    name: 'sqlite',
    create: async (root) => ({
      url: `sqlite:${path.join(root, 'scones.db')}`,
      open: async () => openSqliteDatabase({ file: path.join(root, 'scones.db') }),
      drop: async () => {},
    }),
  },
  {
    name: 'postgres',
    async create() {
      const target = await createTestDatabase();
      return {
        url: target.url,
        open: () => openPostgresDatabase({ url: target.url }),
        drop: () => target.drop(),
      };
    },
  },
];
