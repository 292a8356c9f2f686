// `scones db migrate`: the database named by `database.url` brought to the current schema, nothing else started.
import type { Command } from 'commander';
import { migrateDatabase } from '../../app/container.js';
import type { CliContext } from '../context.js';

export function registerDbCommands(program: Command, context: CliContext): void {
  const db = program
    .command('db')
    .description('the database (database.url: SQLite by default, or PostgreSQL)');
  db.command('migrate')
    .description(
      'apply pending migrations (every start does too; safe to run from several processes at once)',
    )
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const result = await migrateDatabase(context.config());
      if (flags.json) context.printJson(result);
      else if (result.applied.length === 0) context.print(`${result.database}: up to date`);
      else context.print(`${result.database}: applied ${result.applied.join(', ')}`);
    });
}
