// `scones config`: shows the resolved settings and where they came from.
import type { Command } from 'commander';
import type { ResolvedConfig } from '../../app/config.js';
import type { CliContext } from '../context.js';

export function registerConfigCommand(program: Command, context: CliContext): void {
  program
    .command('config')
    .description('print the resolved settings (defaults < scones.config.json < SCONES_* env vars)')
    .action(() => context.printJson(shown(context.config())));
}

/** The settings as printed: the database in force, its password hidden. */
function shown(config: ResolvedConfig): Record<string, unknown> {
  const { databaseTarget, ...rest } = config;
  return { ...rest, database: { url: databaseTarget.shown, adapter: databaseTarget.adapter } };
}
