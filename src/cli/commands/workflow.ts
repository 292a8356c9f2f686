// `scones workflow validate|create|update|start|run|describe|history|list|stop|test`: ASL workflows from the shell.
// Commands work on the database directly; a server started later resumes executions started here.
import path from 'node:path';
import type { Command } from 'commander';
import { type Json, runTestFiles, workflowError } from '../../modules/workflows/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { inputText, readText, service, TIME_SCALE } from './workflow-args.js';
import {
  describeCommand,
  historyCommand,
  listCommand,
  startCommand,
  stopCommand,
} from './workflow-executions.js';
import { runResult, testText } from './workflow-output.js';

interface JsonFlag {
  json?: boolean;
}

export function registerWorkflowCommands(program: Command, context: CliContext): void {
  const workflow = program
    .command('workflow')
    .description('ASL state machines and their executions (the Step Functions of Scones)');
  for (const register of [
    validateCommand,
    createCommand,
    updateCommand,
    startCommand,
    runCommand,
    describeCommand,
    historyCommand,
    listCommand,
    stopCommand,
    testCommand,
  ]) {
    register(workflow, context);
  }
}

function validateCommand(workflow: Command, context: CliContext): void {
  workflow
    .command('validate <file>')
    .description('check a definition; lists every problem with its JSON pointer')
    .option('--json', 'print {result, diagnostics}')
    .action(async (file: string, flags: JsonFlag) => {
      const result = (await service(context)).validate(await readText(context, file), {
        severity: 'WARNING',
      });
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
}

function createCommand(workflow: Command, context: CliContext): void {
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
        const created = await (await service(context)).machines.create({
          name,
          definition: await readText(context, flags.definition),
          type: flags.type,
          ...(flags.role === undefined ? {} : { roleArn: flags.role }),
          ...(flags.publish ? { publish: true } : {}),
        });
        context.printAs(flags.json, created, () => created.stateMachineArn);
      },
    );
}

function updateCommand(workflow: Command, context: CliContext): void {
  workflow
    .command('update <name>')
    .description("replace a state machine's definition")
    .requiredOption('--definition <file>', 'the new ASL definition (JSON)')
    .option('--publish', 'also publish it as a new version')
    .action(async (name: string, flags: { definition: string; publish?: boolean }) => {
      const workflows = await service(context);
      const updated = await workflows.machines.update({
        stateMachineArn: name,
        definition: await readText(context, flags.definition),
        ...(flags.publish ? { publish: true } : {}),
      });
      context.print(
        `updated ${name} (revision ${updated.revisionId})${updated.stateMachineVersionArn ? `, published ${updated.stateMachineVersionArn}` : ''}`,
      );
    });
}

function runCommand(workflow: Command, context: CliContext): void {
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
      const workflows = await service(context);
      const input = JSON.parse(await inputText(context, flags.input)) as Json;
      const outcome = await workflows.run(
        await readText(context, flags.definition),
        input,
        flags.timeScale === undefined ? {} : { timeScale: flags.timeScale },
      );
      const result = runResult(outcome);
      context.io.stdout.write(`${JSON.stringify(result, null, flags.json ? undefined : 2)}\n`);
      if (outcome.status !== 'SUCCEEDED')
        throw workflowError('EXECUTION_FAILED', `the execution ended ${outcome.status}`);
    });
}

function testCommand(workflow: Command, context: CliContext): void {
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
