// One `db copy` at a time per target: a PostgreSQL session advisory lock, held on a connection of its own while the
// copy works on others, and released by the server if the process dies.
import { sql } from 'kysely';
import { dbError } from '../errors.js';
import type { SqlDatabase } from '../port.js';

/** Arbitrary; different from the migration lock's key (postgres/advisory-lock.ts). */
export const COPY_LOCK_KEY = 0x5c0_c0_b1;

export async function withCopyLock<T>(target: SqlDatabase, run: () => Promise<T>): Promise<T> {
  return target.db.connection().execute(async (connection) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${COPY_LOCK_KEY}) as locked`.execute(connection);
    if (!rows[0]?.locked)
      throw dbError(
        'COPY_TARGET_IN_USE',
        `another db copy is writing to ${target.traits.location}: wait for it, or stop it and rerun to resume`,
        { target: target.traits.location },
      );
    try {
      return await run();
    } finally {
      await sql`select pg_advisory_unlock(${COPY_LOCK_KEY})`.execute(connection);
    }
  });
}
