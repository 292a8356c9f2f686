// Kysely prepares every query it runs; on SQLite preparing costs as much as running a small query. This hands it
// the same prepared statement for the same SQL text. Kysely's SQLite driver holds one connection behind a mutex,
// so a statement is never used by two queries at once.
import type { Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; queries are built from a fixed set of shapes, so this is rarely reached. */
const MAX_STATEMENTS = 512;

export function withStatementCache(connection: Database, max = MAX_STATEMENTS): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else {
        statement = connection.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
      }
      // Re-inserted last: the first key is always the least recently used.
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      connection.close();
    },
  };
}
