// The `scones` command line: builds the commander program, runs it, turns failures into one-line errors.
import { Command, CommanderError } from 'commander';
import { errorMessage, isSconesError } from '../kernel/errors.js';
import { registerCommands } from './commands/index.js';
import { CliContext } from './context.js';
import { type CliIo, processIo } from './io.js';

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const context = new CliContext(io);
  const program = new Command('scones')
    .description('Self-hosted ML workflow platform: store, train, serve, functions, workflows, monitoring')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerCommands(program, context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.stderr.write(`scones: ${describe(error)}\n`);
    return 1;
  } finally {
    await context.close();
  }
}

function describe(error: unknown): string {
  if (isSconesError(error)) return `${error.message} [${error.code}]`;
  return errorMessage(error);
}
