// vitest globalSetup: one throwaway PostgreSQL cluster per test run (postgres-server.ts), or the developer's own
// server named by SCONES_TEST_DATABASE_URL. Test files ask for a database of their own with
// `createTestDatabase()` (postgres.ts).
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL whose user may CREATE DATABASE; empty when no PostgreSQL could be had. */
    postgresAdminUrl: string;
    /** Why `postgresAdminUrl` is empty. */
    postgresUnavailable: string;
  }
}

/** A throwaway cluster: durability costs time and buys nothing here. */
const TEST_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const own = process.env.SCONES_TEST_DATABASE_URL;
  if (own) {
    project.provide('postgresAdminUrl', own);
    project.provide('postgresUnavailable', '');
    return undefined;
  }
  try {
    const cluster = await startPostgresServer({ settings: TEST_SETTINGS });
    project.provide('postgresAdminUrl', cluster.url);
    project.provide('postgresUnavailable', '');
    return cluster.stop;
  } catch (error) {
    project.provide('postgresAdminUrl', '');
    project.provide('postgresUnavailable', (error as Error).message);
    return undefined;
  }
}
