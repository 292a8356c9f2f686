// The SqlDatabase adapters the contract suite runs against, each giving a fresh, empty database per test.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SqlDatabase } from '../../src/platform/db/port.js';
import { openPostgresDatabase } from '../../src/platform/db/postgres/postgres-database.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';
import { createTestDatabase } from './postgres.js';

export interface OpenedDatabase {
  readonly database: SqlDatabase;
  /** Opens another handle on the same database (another process's view). */
  another(): Promise<SqlDatabase>;
  cleanup(): Promise<void>;
}

export interface SqlAdapter {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<OpenedDatabase>;
}

export const SQL_ADAPTERS: readonly SqlAdapter[] = [
  {
    name: 'sqlite',
    async create() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'scones-db-'));
      const file = path.join(root, 'scones.db');
      const handles = [openSqliteDatabase({ file })];
      return {
        database: handles[0] as SqlDatabase,
        another: async () => {
          const handle = openSqliteDatabase({ file });
          handles.push(handle);
          return handle;
        },
        cleanup: async () => {
          for (const handle of handles) await handle.close();
          await rm(root, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    async create() {
      const target = await createTestDatabase();
      const handles = [await openPostgresDatabase({ url: target.url })];
      return {
        database: handles[0] as SqlDatabase,
        another: async () => {
          const handle = await openPostgresDatabase({ url: target.url });
          handles.push(handle);
          return handle;
        },
        cleanup: async () => {
          for (const handle of handles) await handle.close();
          await target.drop();
        },
      };
    },
  },
];
