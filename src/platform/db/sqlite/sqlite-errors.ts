// better-sqlite3's errors as the port's typed errors.
import { dbError } from '../errors.js';

/** Extended result codes of a unique or primary-key violation (https://sqlite.org/rescode.html). */
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** Another process holds the write lock (busy_timeout ran out): the same work may be tried again. */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY']);

export function mapSqliteError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code as string;
  if (BUSY_CODES.has(code))
    return dbError('TRANSIENT', `the database is busy: ${error.message}`, { code }, error);
  if (!UNIQUE_CODES.has(code)) return error;
  // "UNIQUE constraint failed: t.a, t.b": the columns are the useful part.
  const columns = error.message.split(': ')[1] ?? '';
  return dbError('UNIQUE_VIOLATION', `unique constraint violated: ${error.message}`, { columns }, error);
}
