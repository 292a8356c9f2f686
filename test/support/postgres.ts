// A PostgreSQL database of its own for one test file, on the run's throwaway cluster (postgres-cluster.ts), so
// test files run in parallel without seeing each other's tables.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { adminQuery } from './postgres-server.js';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = inject('postgresAdminUrl');
  if (!admin) throw new Error(`no PostgreSQL for tests: ${inject('postgresUnavailable')}`);
  const name = `scones_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(admin, `drop database if exists ${name} with (force)`),
  };
}
