// The databases a bench compares: SQLite in a temporary folder and PostgreSQL on a throwaway server of the bench's
// own (durable settings, as a production server runs: fsync and synchronous_commit on), or on the server named by
// SCONES_BENCH_DATABASE_URL (a user allowed to CREATE DATABASE). Without PostgreSQL binaries the PostgreSQL
// column is skipped with the reason.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SqlDatabase } from '../../src/platform/db/port.js';
import { openPostgresDatabase } from '../../src/platform/db/postgres/postgres-database.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';
import { adminQuery, startPostgresServer } from '../../test/support/postgres-server.js';

export type EngineName = 'sqlite' | 'postgres';

export interface BenchDatabase {
  readonly engine: EngineName;
  readonly database: SqlDatabase;
  /** Closes the handle and deletes what the bench created. */
  close(): Promise<void>;
}

export interface BenchDatabases {
  /** SQLite first, then PostgreSQL when one could be had. */
  readonly open: ReadonlyArray<() => Promise<BenchDatabase>>;
  /** Why PostgreSQL is missing, or empty. */
  readonly skipped: string;
  close(): Promise<void>;
}

export async function benchDatabases(): Promise<BenchDatabases> {
  const sqlite = async (): Promise<BenchDatabase> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scones-bench-db-'));
    const database = openSqliteDatabase({ file: path.join(dir, 'bench.db') });
    return {
      engine: 'sqlite',
      database,
      close: async () => {
        await database.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
  const server = await postgresServer();
  if (typeof server === 'string') return { open: [sqlite], skipped: server, close: async () => {} };
  const postgres = async (): Promise<BenchDatabase> => {
    const name = `scones_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(server.url, `create database ${name}`);
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    const database = await openPostgresDatabase({ url: url.toString() });
    return {
      engine: 'postgres',
      database,
      close: async () => {
        await database.close();
        await adminQuery(server.url, `drop database if exists ${name} with (force)`);
      },
    };
  };
  return { open: [sqlite, postgres], skipped: '', close: server.stop };
}

async function postgresServer(): Promise<{ url: string; stop(): Promise<void> } | string> {
  const own = process.env.SCONES_BENCH_DATABASE_URL;
  if (own) return { url: own, stop: async () => {} };
  try {
    return await startPostgresServer();
  } catch (error) {
    return `PostgreSQL skipped: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** `uptime`'s three load averages and the core count, to print beside every figure. */
export function loadLine(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `load average ${load} on ${os.cpus().length} cores`;
}
