// node-postgres's errors as the port's typed errors.
import { dbError } from '../errors.js';

/** SQLSTATE of unique_violation (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
const UNIQUE_VIOLATION = '23505';

interface PostgresError extends Error {
  readonly code?: string;
  readonly constraint?: string;
  readonly table?: string;
}

/**
 * SQLSTATEs of failures that pass: connection exceptions (class 08), serialization failure and deadlock (class
 * 40), too many connections, and the server shutting down or starting (57P01-57P03).
 */
const TRANSIENT_STATE = /^(08|40)|^53300$|^57P0[123]$/;

/** node-postgres reports a lost connection or a full pool in plain errors, without a SQLSTATE. */
const TRANSIENT_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;
const TRANSIENT_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function mapPostgresError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (isTransient(error))
    return dbError('TRANSIENT', `the database failed for a passing reason: ${error.message}`, {}, error);
  if ((error as PostgresError).code !== UNIQUE_VIOLATION) return error;
  const { constraint, table } = error as PostgresError;
  // The server's detail names the duplicate values: kept in the cause, not in the message or details.
  return dbError(
    'UNIQUE_VIOLATION',
    `unique constraint violated: ${error.message}`,
    { ...(table ? { table } : {}), ...(constraint ? { constraint } : {}) },
    error,
  );
}

function isTransient(error: Error): boolean {
  const code = (error as PostgresError).code ?? '';
  return TRANSIENT_STATE.test(code) || TRANSIENT_SOCKET.has(code) || TRANSIENT_MESSAGE.test(error.message);
}
