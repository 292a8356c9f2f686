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
  /**
   * The statement failed for a reason that passes: the connection was lost, the server is restarting, a deadlock
   * or serialization failure, or the database was busy. Its transaction committed nothing (unless the connection
   * was lost during COMMIT itself); the same work may be tried again.
   */
  TRANSIENT: 'unavailable',
  MIGRATION_FAILED: 'internal',
  /** `db copy`: the home has no SQLite database to copy. */
  COPY_SOURCE_MISSING: 'not_found',
  /** `db copy`: the target already holds data that is not this source's copy. */
  COPY_TARGET_IN_USE: 'conflict',
  /** `db copy`: a source table or column has no counterpart in the migrated target. */
  COPY_SCHEMA_MISMATCH: 'internal',
  /** `db copy`: the target refused rows, or the connection failed mid-way (a rerun resumes). */
  COPY_FAILED: 'internal',
  /** `db copy`: row counts differ between the snapshot and the target after copying. */
  COPY_VERIFY_FAILED: 'internal',
});
