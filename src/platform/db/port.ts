// The SQL database port: a Kysely handle whatever the engine, migrations per module, and capability flags.
import type { Kysely, Migration } from 'kysely';

/** Engine differences modules may depend on, as flags rather than dialect checks. */
export interface DbTraits {
  /** `SELECT ... FOR UPDATE SKIP LOCKED` is available (job claiming across processes). */
  readonly skipLocked: boolean;
  /** `LISTEN`/`NOTIFY` is available: other processes can be woken on a change instead of polling. */
  readonly listenNotify: boolean;
  /**
   * Writes from several connections run at the same time. When false (SQLite) one writer holds the database
   * at a time, which makes every write transaction serial; code that relies on that must not run with true.
   */
  readonly concurrentWriters: boolean;
  /** The engine, for messages and `scones config`: never used to branch on (use the flags above). */
  readonly engine: 'sqlite' | 'postgres';
  /** Where the data lives, for messages: a file path, or `host:port/database` (never a password). */
  readonly location: string;
}

/** Migrations keyed by a name that sorts in the order they must run, e.g. `models/0001-versions`. */
export type Migrations = Readonly<Record<string, Migration>>;

export interface SqlDatabase {
  /** Modules cast it to `Kysely<TheirTables>`: each module owns its tables. */
  // biome-ignore lint/suspicious/noExplicitAny: the shared handle has no schema; each module types its own tables
  readonly db: Kysely<any>;
  readonly traits: DbTraits;
  /**
   * Runs the migrations not yet applied, in name order, and returns their names. Safe to call from several
   * processes at once: each migration runs exactly once.
   */
  migrate(migrations: Migrations): Promise<readonly string[]>;
  close(): Promise<void>;
}
