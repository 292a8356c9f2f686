// The SQL database port: a Kysely handle whatever the engine, migrations per module, and capability flags.
import type { Kysely, Migration } from 'kysely';

/** Engine differences modules may depend on, as flags rather than dialect checks. */
export interface DbTraits {
  /** `SELECT ... FOR UPDATE SKIP LOCKED` is available (job claiming across processes). */
  readonly skipLocked: boolean;
  /** Where the data lives, for messages. */
  readonly location: string;
}

/** Migrations keyed by a name that sorts in the order they must run, e.g. `models/0001-versions`. */
export type Migrations = Readonly<Record<string, Migration>>;

export interface SqlDatabase {
  /** Modules cast it to `Kysely<TheirTables>`: each module owns its tables. */
  // biome-ignore lint/suspicious/noExplicitAny: the shared handle has no schema; each module types its own tables
  readonly db: Kysely<any>;
  readonly traits: DbTraits;
  migrate(migrations: Migrations): Promise<void>;
  close(): Promise<void>;
}
