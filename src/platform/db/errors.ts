// Error codes of the database port: every adapter reports the same failures with the same codes.
import { defineErrors } from '../../kernel/errors.js';

export const dbError = defineErrors('DB', {
  /** An insert or update hit a unique or primary-key constraint. */
  UNIQUE_VIOLATION: 'conflict',
  /** A 64-bit integer read from the database does not fit a JavaScript number exactly. */
  INTEGER_OUT_OF_RANGE: 'internal',
  /** `database.url` is not a URL an adapter understands. */
  INVALID_URL: 'invalid',
  /** The database server could not be reached or refused the connection. */
  UNREACHABLE: 'unavailable',
  MIGRATION_FAILED: 'internal',
});
