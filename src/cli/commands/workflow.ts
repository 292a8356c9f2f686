// `scones workflow validate|create|update|start|run|describe|history|list|stop|test`: ASL workflows from the shell.
// Commands work on the database directly; a server started later resumes executions started here.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import {
  type ExecutionDescription,
  type Json,
  runTestFiles,
  type WorkflowService,
  workflowError,
} from '../../modules/workflows/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import {
  describeText,
  executionsText,
  historyText,
  machinesText,
  runResult,
  testText,
} from './workflow-output.js';

interface JsonFlag {
  json?: boolean;
}

function parseScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale < 0)
    throw new InvalidArgumentError('must be a number >= 0 (0.01 = 100x faster)');
  return scale;
}

const TIME_SCALE = [
  '--time-scale <factor>',
  'multiply Wait and Retry delays (0 fires them at once)',
  parseScale,
] as const;

export function registerWorkflowCommands(program: Command, context: CliContext): void {
  const workflow = program
    .command('workflow')
    .description('ASL state machines and their executions (the Step Functions of Scones)');
  const read = (file: string) => readText(context, file);
  const service = async (overrides: Record<string, unknown> = {}) => (await context.app(overrides)).workflows;

  workflow
    .command('validate <file>')
    .description('check a definition; lists every problem with its JSON pointer')
    .option('--json', 'print {result, diagnostics}')
    .action(async (file: string, flags: JsonFlag) => {
      const result = (await service()).validate(await read(file), { severity: 'WARNING' });
      if (flags.json) context.printJson(result);
      else
        context.print(
          result.diagnostics
            .map((d) => `${d.severity} ${d.location || '/'}: ${d.message} [${d.code}]`)
            .concat(`${file}: ${result.result}`)
            .join('\n'),
        );
      if (result.result !== 'OK')
        throw workflowError('INVALID_DEFINITION', `${file} is not a valid state machine definition`);
    });

  workflow
    .command('create <name>')
    .description('create a state machine (idempotent for the same definition)')
    .requiredOption('--definition <file>', 'the ASL definition (JSON)')
    .option('--type <type>', 'STANDARD (durable, the default) or EXPRESS (in memory)', 'STANDARD')
    .option('--role <arn>', 'role ARN kept with the state machine')
    .option('--publish', 'also publish version 1')
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        flags: { definition: string; type: string; role?: string; publish?: boolean } & JsonFlag,
      ) => {
        if (flags.type !== 'STANDARD' && flags.type !== 'EXPRESS')
          throw cliError('USAGE', '--type is STANDARD or EXPRESS');
        const created = await (await service()).machines.create({
          name,
          definition: await read(flags.definition),
          type: flags.type,
          ...(flags.role === undefined ? {} : { roleArn: flags.role }),
          ...(flags.publish ? { publish: true } : {}),
        });
        if (flags.json) context.printJson(created);
        else context.print(created.stateMachineArn);
      },
    );

  workflow
    .command('update <name>')
    .description("replace a state machine's definition")
    .requiredOption('--definition <file>', 'the new ASL definition (JSON)')
    .option('--publish', 'also publish it as a new version')
    .action(async (name: string, flags: { definition: string; publish?: boolean }) => {
      const workflows = await service();
      const updated = await workflows.machines.update({
        stateMachineArn: name,
        definition: await read(flags.definition),
        ...(flags.publish ? { publish: true } : {}),
      });
      context.print(
        `updated ${name} (revision ${updated.revisionId})${updated.stateMachineVersionArn ? `, published ${updated.stateMachineVersionArn}` : ''}`,
      );
    });

  workflow
    .command('start <name>')
    .description(
      'start an execution of a state machine (name, version NAME:N or alias NAME:ALIAS, or its ARN)',
    )
    .option('--input <json>', 'input as JSON text, or @file', '{}')
    .option(
      '--name <execution>',
      'execution name (default: a UUID); starting a running one again is idempotent',
    )
    .option('--wait', 'drive the execution here until it ends, then print its result')
    .option(...TIME_SCALE)
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        flags: { input: string; name?: string; wait?: boolean; timeScale?: number } & JsonFlag,
      ) => {
        const workflows = await service(
          flags.timeScale === undefined ? {} : { 'workflows.timeScale': flags.timeScale },
        );
        const input = await inputText(context, flags.input);
        const stateMachineArn = name.startsWith('arn:') ? name : qualified(workflows, name);
        const started = await workflows.executions.start(
          { stateMachineArn, input, ...(flags.name === undefined ? {} : { name: flags.name }) },
          flags.wait === true,
        );
        if (!flags.wait) {
          if (flags.json) context.printJson(started);
          else context.print(started.executionArn);
          return;
        }
        await workflows.engine.adopt(started.executionArn);
        await workflows.executions.waitFor(started.executionArn);
        printEnd(context, await workflows.queries.describe(started.executionArn), flags.json);
      },
    );

  workflow
    .command('run')
    .description(
      'run a definition once in memory (EXPRESS) and print {status, output} or {status, error, cause}',
    )
    .requiredOption('--definition <file>', 'the ASL definition (JSON)')
    .option('--input <json>', 'input as JSON text, or @file', '{}')
    .option(...TIME_SCALE)
    .option('--json', 'print one line of JSON')
    .action(async (flags: { definition: string; input: string; timeScale?: number } & JsonFlag) => {
      const workflows = await service();
      const input = JSON.parse(await inputText(context, flags.input)) as Json;
      const outcome = await workflows.run(
        await read(flags.definition),
        input,
        flags.timeScale === undefined ? {} : { timeScale: flags.timeScale },
      );
      const result = runResult(outcome);
      context.io.stdout.write(`${JSON.stringify(result, null, flags.json ? undefined : 2)}\n`);
      if (outcome.status !== 'SUCCEEDED')
        throw workflowError('EXECUTION_FAILED', `the execution ended ${outcome.status}`);
    });

  workflow
    .command('describe <ref>')
    .description('describe an execution (ARN or MACHINE/EXECUTION) or a state machine (name or ARN)')
    .option('--json', 'print JSON')
    .action(async (ref: string, flags: JsonFlag) => {
      const workflows = await service();
      if (ref.includes(':execution:') || (!ref.startsWith('arn:') && ref.includes('/'))) {
        const execution = await workflows.queries.describe(executionRef(workflows, ref));
        if (flags.json) context.printJson(execution);
        else context.print(describeText(execution));
        return;
      }
      const machine = await workflows.machines.describe(
        ref.startsWith('arn:') ? ref : qualified(workflows, ref),
      );
      if (flags.json) context.printJson({ ...machine, definition: JSON.parse(machine.definition) });
      else
        context.print(
          `${machine.stateMachineArn} (${machine.type}, revision ${machine.revisionId})\n${JSON.stringify(JSON.parse(machine.definition), null, 2)}`,
        );
    });

  workflow
    .command('history <execution>')
    .description("an execution's Step Functions history events (ARN or MACHINE/EXECUTION)")
    .option('--reverse', 'newest first')
    .option('--json', 'print the events as a JSON array')
    .action(async (ref: string, flags: { reverse?: boolean } & JsonFlag) => {
      const workflows = await service();
      const executionArn = executionRef(workflows, ref);
      const events = [];
      let nextToken: string | undefined;
      do {
        const page = await workflows.queries.history({
          executionArn,
          maxResults: 1000,
          reverseOrder: flags.reverse === true,
          ...(nextToken ? { nextToken } : {}),
        });
        events.push(...page.events);
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      if (flags.json) context.printJson(events);
      else context.print(historyText(events));
    });

  workflow
    .command('list [name]')
    .description('list state machines, or the executions of one (newest first)')
    .option(
      '--status <status>',
      'only executions with this status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED)',
    )
    .option('--max <n>', 'at most this many', (v) => Number.parseInt(v, 10), 100)
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, flags: { status?: string; max: number } & JsonFlag) => {
      const workflows = await service();
      if (name === undefined) {
        const listed = await workflows.machines.list({ maxResults: flags.max });
        if (flags.json) context.printJson(listed.stateMachines);
        else context.print(machinesText(listed.stateMachines));
        return;
      }
      const listed = await workflows.queries.list({
        stateMachineArn: name.startsWith('arn:') ? name : qualified(workflows, name),
        maxResults: flags.max,
        ...(flags.status === undefined
          ? {}
          : { statusFilter: flags.status as ExecutionDescription['status'] }),
      });
      if (flags.json) context.printJson(listed.executions);
      else context.print(executionsText(listed.executions));
    });

  workflow
    .command('stop <execution>')
    .description('stop a running execution (ARN or MACHINE/EXECUTION); applied by the process that drives it')
    .option('--error <error>', 'error name recorded with the stop')
    .option('--cause <cause>', 'cause recorded with the stop')
    .action(async (ref: string, flags: { error?: string; cause?: string }) => {
      const workflows = await service();
      const executionArn = executionRef(workflows, ref);
      await workflows.executions.stop(executionArn, flags.error, flags.cause);
      context.print(`stop requested for ${executionArn}`);
    });

  workflow
    .command('test <paths...>')
    .description('run state machine test cases (files or folders of JSON cases) with stubbed functions')
    .option(...TIME_SCALE)
    .option('--json', 'print {passed, failed, cases: [{name, passed, expected, actual}]}')
    .action(async (paths: string[], flags: { timeScale?: number } & JsonFlag) => {
      const report = await runTestFiles(
        paths.map((p) => path.resolve(context.io.cwd, p)),
        { timeScale: flags.timeScale ?? 0 },
      );
      if (flags.json) {
        context.printJson({
          passed: report.passed,
          failed: report.failed,
          cases: report.cases.map((c) => ({
            name: c.name,
            passed: c.passed,
            expected: c.expected,
            actual: c.actual,
            ...(c.reason ? { reason: c.reason } : {}),
          })),
        });
      } else context.print(testText(report));
      if (report.failed > 0)
        throw workflowError('TESTS_FAILED', `${report.failed} of ${report.cases.length} test cases failed`);
    });
}

/** `NAME`, `NAME:3` (version) or `NAME:live` (alias) as an ARN. */
function qualified(workflows: WorkflowService, ref: string): string {
  const { region, accountId } = workflows.scope;
  return `arn:aws:states:${region}:${accountId}:stateMachine:${ref}`;
}

/** An execution ARN, or `MACHINE/EXECUTION`. */
function executionRef(workflows: WorkflowService, ref: string): string {
  if (ref.startsWith('arn:')) return ref;
  const [machine, name] = ref.split('/');
  if (!machine || !name)
    throw cliError('USAGE', `'${ref}' is neither an execution ARN nor MACHINE/EXECUTION`);
  const { region, accountId } = workflows.scope;
  return `arn:aws:states:${region}:${accountId}:execution:${machine}:${name}`;
}

async function readText(context: CliContext, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(context.io.cwd, file), 'utf8');
  } catch {
    throw cliError('FILE_NOT_FOUND', `cannot read ${file}`);
  }
}

/** `--input '{"a":1}'` or `--input @input.json`; the text must be JSON. */
async function inputText(context: CliContext, value: string): Promise<string> {
  const text = value.startsWith('@') ? await readText(context, value.slice(1)) : value;
  try {
    JSON.parse(text);
  } catch (error) {
    throw workflowError('INVALID_INPUT', `--input is not valid JSON: ${String(error)}`);
  }
  return text;
}

function printEnd(context: CliContext, execution: ExecutionDescription, json: boolean | undefined): void {
  const result = {
    executionArn: execution.executionArn,
    status: execution.status,
    ...(execution.output === undefined ? {} : { output: JSON.parse(execution.output) as Json }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
  };
  context.io.stdout.write(`${JSON.stringify(result, null, json ? undefined : 2)}\n`);
  if (execution.status !== 'SUCCEEDED')
    throw workflowError('EXECUTION_FAILED', `the execution ended ${execution.status}`);
}
