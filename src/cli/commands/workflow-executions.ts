// `scones workflow start|describe|history|list|stop`: executions from the shell, on the database directly.
import type { Command } from 'commander';
import type { ExecutionDescription, HistoryEvent } from '../../modules/workflows/index.js';
import type { CliContext } from '../context.js';
import { executionRef, inputText, printEnd, qualified, service, TIME_SCALE } from './workflow-args.js';
import { describeText, executionsText, historyText, machinesText } from './workflow-output.js';

interface JsonFlag {
  json?: boolean;
}

export function startCommand(workflow: Command, context: CliContext): void {
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
          context,
          flags.timeScale === undefined ? {} : { 'workflows.timeScale': flags.timeScale },
        );
        const input = await inputText(context, flags.input);
        const stateMachineArn = name.startsWith('arn:') ? name : qualified(workflows, name);
        const started = await workflows.executions.start(
          { stateMachineArn, input, ...(flags.name === undefined ? {} : { name: flags.name }) },
          flags.wait === true,
        );
        if (!flags.wait) {
          context.printAs(flags.json, started, () => started.executionArn);
          return;
        }
        await workflows.engine.adopt(started.executionArn);
        await workflows.executions.waitFor(started.executionArn);
        printEnd(context, await workflows.queries.describe(started.executionArn), flags.json);
      },
    );
}

export function describeCommand(workflow: Command, context: CliContext): void {
  workflow
    .command('describe <ref>')
    .description('describe an execution (ARN or MACHINE/EXECUTION) or a state machine (name or ARN)')
    .option('--json', 'print JSON')
    .action(async (ref: string, flags: JsonFlag) => {
      const workflows = await service(context);
      if (ref.includes(':execution:') || (!ref.startsWith('arn:') && ref.includes('/'))) {
        const execution = await workflows.queries.describe(executionRef(workflows, ref));
        context.printAs(flags.json, execution, () => describeText(execution));
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
}

export function historyCommand(workflow: Command, context: CliContext): void {
  workflow
    .command('history <execution>')
    .description("an execution's Step Functions history events (ARN or MACHINE/EXECUTION)")
    .option('--reverse', 'newest first')
    .option('--json', 'print the events as a JSON array')
    .action(async (ref: string, flags: { reverse?: boolean } & JsonFlag) => {
      const workflows = await service(context);
      const executionArn = executionRef(workflows, ref);
      const events: HistoryEvent[] = [];
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
      context.printAs(flags.json, events, () => historyText(events));
    });
}

export function listCommand(workflow: Command, context: CliContext): void {
  workflow
    .command('list [name]')
    .description('list state machines, or the executions of one (newest first)')
    .option(
      '--status <status>',
      'only executions with this status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE)',
    )
    .option('--max <n>', 'at most this many', (v) => Number.parseInt(v, 10), 100)
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, flags: { status?: string; max: number } & JsonFlag) => {
      const workflows = await service(context);
      if (name === undefined) {
        const listed = await workflows.machines.list({ maxResults: flags.max });
        context.printAs(flags.json, listed.stateMachines, () => machinesText(listed.stateMachines));
        return;
      }
      const listed = await workflows.queries.list({
        stateMachineArn: name.startsWith('arn:') ? name : qualified(workflows, name),
        maxResults: flags.max,
        ...(flags.status === undefined
          ? {}
          : { statusFilter: flags.status as ExecutionDescription['status'] }),
      });
      context.printAs(flags.json, listed.executions, () => executionsText(listed.executions));
    });
}

export function stopCommand(workflow: Command, context: CliContext): void {
  workflow
    .command('stop <execution>')
    .description('stop a running execution (ARN or MACHINE/EXECUTION); applied by the process that drives it')
    .option('--error <error>', 'error name recorded with the stop')
    .option('--cause <cause>', 'cause recorded with the stop')
    .action(async (ref: string, flags: { error?: string; cause?: string }) => {
      const workflows = await service(context);
      const executionArn = executionRef(workflows, ref);
      await workflows.executions.stop(executionArn, flags.error, flags.cause);
      context.print(`stop requested for ${executionArn}`);
    });
}
