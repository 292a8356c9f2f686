// `scones functions alias set|list|delete`: named pointers at a function's versions.
import type { Command } from 'commander';
import { functionsError } from '../../modules/functions/index.js';
import type { CliContext } from '../context.js';

export function registerAliasCommands(functions: Command, context: CliContext): void {
  const alias = functions.command('alias').description("a function's aliases (names pointing at versions)");
  alias
    .command('set <function> <alias> <version>')
    .description('create the alias, or point it at another version')
    .option('--description <text>', 'what this alias is for')
    .action(async (name: string, aliasName: string, version: string, flags: { description?: string }) => {
      const aliases = (await context.app()).functions.aliases;
      if (!/^\d+$/.test(version))
        throw functionsError('INVALID_PARAMETER', `the version must be a version number, not '${version}'`);
      const number = Number(version);
      const description = flags.description === undefined ? {} : { description: flags.description };
      const existing = await aliases.find(name, aliasName);
      const saved = existing
        ? await aliases.update(name, aliasName, { version: number, ...description })
        : await aliases.create(name, aliasName, number, flags.description);
      context.print(`${name}:${saved.name} -> version ${saved.version}`);
    });
  alias
    .command('list <function>')
    .description('list the aliases of a function')
    .option('--json', 'print a JSON array')
    .action(async (name: string, flags: { json?: boolean }) => {
      const app = await context.app();
      await app.functions.describe(name);
      const all = await app.functions.aliases.list(name);
      if (flags.json) context.printJson(all);
      else
        context.print(
          all.length === 0
            ? `${name} has no aliases`
            : all.map((a) => `${a.name} -> ${a.version}`).join('\n'),
        );
    });
  alias
    .command('delete <function> <alias>')
    .description('delete an alias')
    .action(async (name: string, aliasName: string) => {
      await (await context.app()).functions.aliases.delete(name, aliasName);
      context.print(`deleted alias ${name}:${aliasName}`);
    });
}
