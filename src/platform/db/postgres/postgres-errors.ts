// node-postgres's errors as the port's typed errors.
import { dbError } from '../errors.js';

/** SQLSTATE of unique_violation (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
const UNIQUE_VIOLATION = '23505';

interface PostgresError extends Error {
  readonly code?: string;
  readonly constraint?: string;
  readonly table?: string;
}

export function mapPostgresError(error: unknown): unknown {
  if (!(error instanceof Error) || (error as PostgresError).code !== UNIQUE_VIOLATION) return error;
  const { constraint, table } = error as PostgresError;
  // The server's detail names the duplicate values: kept in the cause, not in the message or details.
  return dbError(
    'UNIQUE_VIOLATION',
    `unique constraint violated: ${error.message}`,
    { ...(table ? { table } : {}), ...(constraint ? { constraint } : {}) },
    error,
  );
}
