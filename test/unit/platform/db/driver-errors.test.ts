// Driver errors as the port's typed errors: what may pass is DB_TRANSIENT (the engine tries its commit again),
// a broken constraint is DB_UNIQUE_VIOLATION, anything else stays as the driver threw it.
import { describe, expect, it } from 'vitest';
import { isSconesError } from '../../../../src/kernel/errors.js';
import { mapPostgresError } from '../../../../src/platform/db/postgres/postgres-errors.js';
import { mapSqliteError } from '../../../../src/platform/db/sqlite/sqlite-errors.js';

const withCode = (message: string, code?: string) => Object.assign(new Error(message), { code });
const codeOf = (error: unknown) => (isSconesError(error) ? error.code : 'untyped');

describe('PostgreSQL driver errors', () => {
  it.each([
    ['terminating connection due to administrator command', '57P01'],
    ['the database system is starting up', '57P03'],
    ['could not serialize access due to concurrent update', '40001'],
    ['deadlock detected', '40P01'],
    ['sorry, too many clients already', '53300'],
    ['connection failure', '08006'],
    ['Connection terminated unexpectedly', undefined],
    ['Client has encountered a connection error and is not queryable', undefined],
    ['timeout exceeded when trying to connect', undefined],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'],
  ])('%s (%s) may pass', (message, code) => {
    expect(codeOf(mapPostgresError(withCode(message, code)))).toBe('DB_TRANSIENT');
  });

  it('keeps the unique violation and leaves other errors as they are', () => {
    expect(codeOf(mapPostgresError(withCode('duplicate key', '23505')))).toBe('DB_UNIQUE_VIOLATION');
    const syntax = withCode('syntax error at or near "selec"', '42601');
    expect(mapPostgresError(syntax)).toBe(syntax);
  });
});

describe('SQLite driver errors', () => {
  it('a busy database may pass; a unique violation is typed; others stay', () => {
    expect(codeOf(mapSqliteError(withCode('database is locked', 'SQLITE_BUSY')))).toBe('DB_TRANSIENT');
    const unique = withCode('UNIQUE constraint failed: t.a', 'SQLITE_CONSTRAINT_UNIQUE');
    expect(codeOf(mapSqliteError(unique))).toBe('DB_UNIQUE_VIOLATION');
    const other = withCode('no such table: t', 'SQLITE_ERROR');
    expect(mapSqliteError(other)).toBe(other);
  });
});
