// SqlDatabase on PostgreSQL (node-postgres pool + Kysely's PostgreSQL dialect): the database many nodes share.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { errorMessage } from '../../../kernel/errors.js';
import { withErrorMapping } from '../error-mapping.js';
import { dbError } from '../errors.js';
import { runMigrations } from '../migrate.js';
import type { DbTraits, Migrations, SqlDatabase } from '../port.js';
import { MIGRATION_LOCK_KEY, withAdvisoryLock } from './advisory-lock.js';
import { PostgresDdlPlugin } from './postgres-ddl.js';
import { mapPostgresError } from './postgres-errors.js';
import { postgresTypes } from './postgres-types.js';
import { type PostgresTarget, parsePostgresUrl } from './postgres-url.js';
import { preparingPool } from './prepared-statements.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (libpq's URL form; `?host=/socket/folder` works too). */
  readonly url: string;
  /** Connections in the pool. */
  readonly maxConnections?: number;
  /** How long opening a connection may take before start-up fails, in ms. */
  readonly connectTimeoutMs?: number;
  /**
   * Name (prepare) the repeated writes, see prepared-statements.ts. Default true; false for a pooler that cannot
   * keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  readonly prepareStatements?: boolean;
}

/** Opens the pool and checks the server answers; a server that does not fails here with host and reason. */
export async function openPostgresDatabase(options: PostgresOptions): Promise<SqlDatabase> {
  const target = parsePostgresUrl(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: postgresTypes,
  });
  // An idle connection the server dropped (restart, idle timeout) reports here; without a listener Node would
  // exit. The pool discards it and the next query opens a fresh one, which reports any lasting failure.
  pool.on('error', () => {});
  // A connection checked out of the pool has no listener of the pool's: one the server drops between two queries
  // of a transaction would emit 'error' unheard and end the process. The query that meets it fails instead, and
  // the pool discards the connection when it comes back unqueryable.
  pool.on('connect', (client) => client.on('error', () => {}));
  await checkReachable(pool, target);
  // biome-ignore lint/suspicious/noExplicitAny: the shared handle has no schema; modules type their own tables
  const db = new Kysely<any>({
    dialect: withErrorMapping(
      new PostgresDialect({ pool: options.prepareStatements === false ? pool : preparingPool(pool) }),
      mapPostgresError,
    ),
    plugins: [new PostgresDdlPlugin()],
  });
  return {
    db,
    traits: postgresTraits(target),
    migrate: (migrations: Migrations) =>
      withAdvisoryLock(pool, MIGRATION_LOCK_KEY, () => runMigrations(db, migrations)),
    close: () => db.destroy(),
  };
}

function postgresTraits(target: PostgresTarget): DbTraits {
  return {
    skipLocked: true,
    listenNotify: true,
    concurrentWriters: true,
    engine: 'postgres',
    location: `${target.host}:${target.port}/${target.database}`,
  };
}

async function checkReachable(pool: pg.Pool, target: PostgresTarget): Promise<void> {
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    const where = `${target.host}:${target.port}/${target.database}`;
    throw dbError(
      'UNREACHABLE',
      `cannot reach PostgreSQL at ${where}: ${connectionFailure(error)}`,
      { host: target.host, port: target.port, database: target.database },
      error,
    );
  }
}

/** Node reports a refused connection to a name with several addresses as an AggregateError with no message. */
function connectionFailure(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return connectionFailure(error.errors[0]);
  const code = (error as { code?: unknown }).code;
  const message = errorMessage(error);
  if (typeof code === 'string' && !message.includes(code))
    return `${message || 'connection failed'} (${code})`;
  return message || 'connection failed';
}
