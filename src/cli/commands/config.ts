// `scones config`: shows the resolved settings and where they came from.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerConfigCommand(program: Command, context: CliContext): void {
  program
    .command('config')
    .description('print the resolved settings (defaults < scones.config.json < SCONES_* env vars)')
    .action(() => context.printJson(context.config()));
}
