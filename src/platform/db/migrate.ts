// Runs every module's migrations with Kysely's migrator, in name order, each at most once.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Migrations } from './port.js';

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Migrations) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.migrations };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any module schema applies
export async function runMigrations(db: Kysely<any>, migrations: Migrations): Promise<void> {
  // Modules add migrations independently, so a new module's may sort before ones already run.
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(migrations),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
}
