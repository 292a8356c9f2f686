// Arguments of `scones workflow`: state machine and execution references, files, inputs, the time scale, and
// how an ended execution is printed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  type ExecutionDescription,
  type Json,
  type WorkflowService,
  workflowError,
} from '../../modules/workflows/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';

export function parseScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale < 0)
    throw new InvalidArgumentError('must be a number >= 0 (0.01 = 100x faster)');
  return scale;
}

export const TIME_SCALE = [
  '--time-scale <factor>',
  'multiply Wait and Retry delays (0 fires them at once)',
  parseScale,
] as const;

/** `NAME`, `NAME:3` (version) or `NAME:live` (alias) as an ARN. */
export function qualified(workflows: WorkflowService, ref: string): string {
  const { region, accountId } = workflows.scope;
  return `arn:aws:states:${region}:${accountId}:stateMachine:${ref}`;
}

/** An execution ARN, or `MACHINE/EXECUTION`. */
export function executionRef(workflows: WorkflowService, ref: string): string {
  if (ref.startsWith('arn:')) return ref;
  const [machine, name] = ref.split('/');
  if (!machine || !name)
    throw cliError('USAGE', `'${ref}' is neither an execution ARN nor MACHINE/EXECUTION`);
  const { region, accountId } = workflows.scope;
  return `arn:aws:states:${region}:${accountId}:execution:${machine}:${name}`;
}

export async function readText(context: CliContext, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(context.io.cwd, file), 'utf8');
  } catch {
    throw cliError('FILE_NOT_FOUND', `cannot read ${file}`);
  }
}

/** `--input '{"a":1}'` or `--input @input.json`; the text must be JSON. */
export async function inputText(context: CliContext, value: string): Promise<string> {
  const text = value.startsWith('@') ? await readText(context, value.slice(1)) : value;
  try {
    JSON.parse(text);
  } catch (error) {
    throw workflowError('INVALID_INPUT', `--input is not valid JSON: ${String(error)}`);
  }
  return text;
}

export function printEnd(
  context: CliContext,
  execution: ExecutionDescription,
  json: boolean | undefined,
): void {
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

/** The workflow service, with settings overridden by flags (e.g. the time scale). */
export async function service(
  context: CliContext,
  overrides: Record<string, unknown> = {},
): Promise<WorkflowService> {
  return (await context.app(overrides)).workflows;
}
