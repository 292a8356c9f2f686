// Runs every module's migrations with Kysely's migrator, in name order, each at most once.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { dbError } from './errors.js';
import type { Migrations } from './port.js';

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Migrations) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.migrations };
  }
}

/** Applies the pending migrations and returns their names, in the order they ran. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any module schema applies
export async function runMigrations(db: Kysely<any>, migrations: Migrations): Promise<string[]> {
  // Modules add migrations independently, so a new module's may sort before ones already run.
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(migrations),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw dbError(
      'MIGRATION_FAILED',
      `database migration ${failed} failed: ${(error as Error).message}`,
      { migration: failed },
      error,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
