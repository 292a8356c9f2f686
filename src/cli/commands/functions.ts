// `scones functions deploy|invoke|list|show|logs|delete|alias`: Scones' Lambda from the shell, on the app's
// services directly (no server needed; queued invocations run once a server is up).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import {
  type FunctionDetails,
  functionsError,
  type InvocationResult,
  type VersionRecord,
} from '../../modules/functions/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { table as textTable, timestamp } from '../text-table.js';
import { registerAliasCommands } from './functions-aliases.js';
import { registerLogsCommand } from './functions-logs.js';

interface DeployFlags {
  runtime?: string;
  code: string;
  handler?: string;
  timeout?: number;
  memory?: number;
  env: string[];
  role?: string;
  reservedConcurrency?: number;
  description?: string;
  json?: boolean;
}

interface InvokeFlags {
  payload?: string;
  qualifier?: string;
  async?: boolean;
  json?: boolean;
  log?: boolean;
}

export function registerFunctionCommands(program: Command, context: CliContext): void {
  const functions = program.command('functions').description('functions (the Lambda of Scones)');
  functions
    .command('deploy <name>')
    .description('create a function, or deploy a new immutable version of it ($LATEST moves to it)')
    .requiredOption('--code <path>', 'folder (the task root) or single file with the handler')
    .option(
      '--runtime <runtime>',
      'nodejs or python (or nodejs20.x, python3.12); required for a new function',
    )
    .option(
      '--handler <handler>',
      'file.export (Node.js) or module.function (Python); required for a new function',
    )
    .option('--timeout <seconds>', 'time limit per invocation, up to 900 (default 3)', positiveNumber)
    .option('--memory <mb>', 'memory limit, 128 to 10240 (default 128)', wholeNumber)
    .option('--env <KEY=VALUE>', 'environment variable (repeatable); replaces the previous set', keyValue, [])
    .option('--role <name>', 'execution role name')
    .option('--reserved-concurrency <n>', 'maximum concurrent executions of this function', wholeNumber)
    .option('--description <text>', 'what the function does')
    .option('--json', 'print the deployed version as JSON')
    .action((name: string, flags: DeployFlags) => deploy(context, name, flags));
  functions
    .command('invoke <name>')
    .description('invoke a function and print its result payload (exit 1 with the error payload if it fails)')
    .option('--payload <json|@file>', 'the event as JSON text, or @path to a JSON file (default {})')
    .option('--qualifier <q>', 'version number or alias (default $LATEST)')
    .option('--async', 'queue the event (Lambda Event invocation) and print its request id; a server runs it')
    .option('--log', 'also write the last 4 KB of the log to stderr')
    .option('--json', 'print the whole invocation result as JSON')
    .action((name: string, flags: InvokeFlags) => invoke(context, name, flags));
  registerInspectCommands(functions, context);
  registerLogsCommand(functions, context);
  registerAliasCommands(functions, context);
}

function registerInspectCommands(functions: Command, context: CliContext): void {
  functions
    .command('list')
    .description('list functions, built-in ones included')
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }) => {
      const all = await (await context.app()).functions.list();
      context.printAs(flags.json, all.map(view), () => table(all));
    });
  functions
    .command('show <name>')
    .description('show a function: configuration, versions and aliases')
    .option('--qualifier <q>', 'version number or alias (default $LATEST)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { qualifier?: string; json?: boolean }) => {
      const service = (await context.app()).functions;
      const details = await service.describe(name, flags.qualifier);
      const versions = await service.listVersions(name);
      const aliases = await service.aliases.list(name);
      if (flags.json) context.printJson({ ...view(details), versions: versions.map(versionView), aliases });
      else
        context.print(
          describe(
            details,
            versions,
            aliases.map((a) => `${a.name} -> ${a.version}`),
          ),
        );
    });
  functions
    .command('delete <name>')
    .description('delete a function (versions, aliases and code), or one version with --qualifier')
    .option('--qualifier <version>', 'delete only this version number')
    .action(async (name: string, flags: { qualifier?: string }) => {
      await (await context.app()).functions.delete(name, flags.qualifier);
      context.print(flags.qualifier ? `deleted ${name}:${flags.qualifier}` : `deleted function ${name}`);
    });
}

async function deploy(context: CliContext, name: string, flags: DeployFlags): Promise<void> {
  const app = await context.app();
  const details = await app.functions.deploy({
    name,
    code: { kind: 'path', path: path.resolve(context.io.cwd, flags.code) },
    ...(flags.runtime === undefined ? {} : { runtime: flags.runtime }),
    ...(flags.handler === undefined ? {} : { handler: flags.handler }),
    ...(flags.timeout === undefined ? {} : { timeoutSeconds: flags.timeout }),
    ...(flags.memory === undefined ? {} : { memoryMb: flags.memory }),
    ...(flags.env.length === 0 ? {} : { environment: Object.fromEntries(flags.env.map(splitPair)) }),
    ...(flags.role === undefined ? {} : { role: flags.role }),
    ...(flags.reservedConcurrency === undefined ? {} : { reservedConcurrency: flags.reservedConcurrency }),
    ...(flags.description === undefined ? {} : { description: flags.description }),
  });
  if (flags.json) context.printJson(view(details));
  else
    context.print(
      `deployed ${name} version ${details.record.version} ($LATEST), code ${details.record.codeSha256}`,
    );
}

async function invoke(context: CliContext, name: string, flags: InvokeFlags): Promise<void> {
  const app = await context.app();
  const payload = await payloadOf(context, flags.payload);
  const qualifier = flags.qualifier === undefined ? {} : { qualifier: flags.qualifier };
  if (flags.async) {
    const record = await app.functions.invokeAsync(name, { ...qualifier, payload });
    context.printAs(
      flags.json,
      { requestId: record.requestId, status: record.status },
      () => record.requestId,
    );
    return;
  }
  const result = await app.functions.invoke(name, { ...qualifier, payload });
  if (flags.log)
    context.io.stderr.write(result.logTail.endsWith('\n') ? result.logTail : `${result.logTail}\n`);
  context.printAs(flags.json, resultView(result), () => result.payload);
  if (result.functionError)
    throw functionsError(
      'INVOCATION_FAILED',
      `${name} failed (request ${result.requestId}): ${result.error?.errorType}: ${result.error?.errorMessage}`,
    );
}

async function payloadOf(context: CliContext, payload: string | undefined): Promise<string> {
  if (payload === undefined || !payload.startsWith('@')) return payload ?? '';
  const file = path.resolve(context.io.cwd, payload.slice(1));
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw cliError('FILE_NOT_FOUND', `cannot read the payload file ${file}`, { file }, error);
  });
}

function resultView(result: InvocationResult) {
  let payload: unknown = result.payload;
  try {
    payload = JSON.parse(result.payload);
  } catch {
    // A payload that is not JSON (a marshalling failure) is shown as the text it is.
  }
  const { logTail: _, payload: __, ...rest } = result;
  return { ...rest, payload };
}

function view({ fn, record, version }: FunctionDetails) {
  return {
    name: fn.name,
    version,
    latestVersion: fn.latestVersion,
    runtime: record.runtimeId,
    handler: record.handler,
    timeoutSeconds: record.timeoutSeconds,
    memoryMb: record.memoryMb,
    environment: record.environment,
    ...(record.role === undefined ? {} : { role: record.role }),
    ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency }),
    description: record.description,
    codeSha256: record.codeSha256,
    codeSize: record.codeSize,
    builtin: record.code.kind === 'builtin',
    lastModified: new Date(record.createdAt).toISOString(),
  };
}

function versionView(record: VersionRecord) {
  return {
    version: record.version,
    codeSha256: record.codeSha256,
    createdAt: new Date(record.createdAt).toISOString(),
  };
}

function table(all: readonly FunctionDetails[]): string {
  if (all.length === 0) return 'no functions yet; deploy one with `scones functions deploy`';
  const header = ['NAME', 'RUNTIME', 'HANDLER', 'VERSION', 'MEMORY', 'TIMEOUT', 'MODIFIED'];
  const rows = all.map(({ fn, record }) => [
    record.code.kind === 'builtin' ? `${fn.name} (built-in)` : fn.name,
    record.runtimeId,
    record.handler,
    String(fn.latestVersion),
    `${record.memoryMb} MB`,
    `${record.timeoutSeconds} s`,
    timestamp(record.createdAt),
  ]);
  return textTable(header, rows);
}

function describe(
  details: FunctionDetails,
  versions: readonly VersionRecord[],
  aliases: readonly string[],
): string {
  const { fn, record, version } = details;
  const env = Object.entries(record.environment).map(([k, v]) => `${k}=${v}`);
  return [
    `${fn.name} ${version}${version === '$LATEST' ? ` (version ${fn.latestVersion})` : ''}: ${record.description}`,
    `runtime ${record.runtimeId}, handler ${record.handler}, ${record.memoryMb} MB, timeout ${record.timeoutSeconds} s`,
    `code ${record.code.kind === 'builtin' ? 'built in' : record.codeSha256} (${record.codeSize} bytes)`,
    `role ${record.role ?? '-'}, reserved concurrency ${fn.reservedConcurrency ?? '-'}`,
    `environment: ${env.length > 0 ? env.join(' ') : '-'}`,
    `versions: ${versions.map((v) => v.version).join(', ')}`,
    `aliases: ${aliases.length > 0 ? aliases.join(', ') : '-'}`,
  ].join('\n');
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!(Number.isFinite(number) && number > 0)) throw new InvalidArgumentError('must be a positive number');
  return number;
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function keyValue(value: string, previous: string[]): string[] {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError('must look like KEY=VALUE');
  return [...previous, value];
}

function splitPair(pair: string): [string, string] {
  const index = pair.indexOf('=');
  return [pair.slice(0, index), pair.slice(index + 1)];
}
