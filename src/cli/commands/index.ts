// Registers every command group; one file per noun.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerConfigCommand } from './config.js';

export function registerCommands(program: Command, context: CliContext): void {
  registerConfigCommand(program, context);
}
