// better-sqlite3's errors as the port's typed errors.
import { dbError } from '../errors.js';

/** Extended result codes of a unique or primary-key violation (https://sqlite.org/rescode.html). */
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

export function mapSqliteError(error: unknown): unknown {
  if (!(error instanceof Error) || !UNIQUE_CODES.has((error as { code?: unknown }).code as string))
    return error;
  // "UNIQUE constraint failed: t.a, t.b": the columns are the useful part.
  const columns = error.message.split(': ')[1] ?? '';
  return dbError('UNIQUE_VIOLATION', `unique constraint violated: ${error.message}`, { columns }, error);
}
