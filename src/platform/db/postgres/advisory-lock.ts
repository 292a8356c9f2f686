// A session-level advisory lock held on one connection of the pool while `run` works on others: processes that
// start together against one database take turns (used so that concurrent starts migrate exactly once).
import type pg from 'pg';

/** Arbitrary 64-bit keys, one per purpose; Kysely's migrator takes its own, different one inside. */
export const MIGRATION_LOCK_KEY = 0x5c0_4e5_d8;

export async function withAdvisoryLock<T>(pool: pg.Pool, key: number, run: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    try {
      return await run();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}
