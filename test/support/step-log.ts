// The e2e suites that prove "every execution succeeds, each step exactly once": Lambda tasks of the step-log fixture
// (which appends `<execution> <state> <server pid>` to an fsynced log), where that log lives, and the listing that
// says why an execution did not succeed.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';

export const STEP_LOG_CODE = path.resolve(import.meta.dirname, '../fixtures/functions/step-log');

/** A Task state running the step-log function for this state's name. */
export function stepTask(state: string, next?: string) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:lambda:us-east-1:000000000000:function:step-log',
    Parameters: { 'execution.$': '$$.Execution.Name', state },
    ResultPath: `$.${state}`,
    // 500 executions on two servers can pass the account's concurrency on a loaded machine. A throttled call never
    // ran the function, so retrying it (as the console's Lambda snippet does) keeps every step at exactly once.
    Retry: [
      {
        ErrorEquals: ['Lambda.TooManyRequestsException'],
        IntervalSeconds: 1,
        MaxAttempts: 6,
        BackoffRate: 2,
      },
    ],
    ...(next === undefined ? { End: true } : { Next: next }),
  };
}

/**
 * A folder for the log outside /tmp: guests get a private /tmp (a mount namespace where the machine allows it), so
 * it is /dev/shm on Linux, else (no namespaces there, /tmp shared) the temporary folder.
 */
export function stepLogFolder(): Promise<string> {
  return mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'scones-steps-'));
}

/** The log's lines as `<execution> <state>` and the pid of the server whose guest ran each. */
export async function readSteps(stepLog: string): Promise<{ steps: string[]; pids: number[] }> {
  const lines = (await readFile(stepLog, 'utf8')).trim().split('\n');
  return {
    steps: lines.map((line) => line.split(' ').slice(0, 2).join(' ')),
    pids: lines.map((line) => Number(line.split(' ')[2])),
  };
}

/** Steps that appear more than once. */
export const repeated = (steps: readonly string[]) => steps.filter((step, i) => steps.indexOf(step) !== i);

export async function listExecutions(sfn: SFNClient, stateMachineArn: string, status?: ExecutionStatus) {
  const executions: Array<{ executionArn: string; status: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: status, maxResults: 1000, nextToken }),
    );
    for (const e of page.executions ?? [])
      executions.push({ executionArn: e.executionArn ?? '', status: e.status ?? '' });
    nextToken = page.nextToken;
  } while (nextToken);
  return executions;
}

/** What went wrong in the executions that did not succeed: their status and last history events. */
export async function describeFailures(sfn: SFNClient, stateMachineArn: string): Promise<string> {
  const others = (await listExecutions(sfn, stateMachineArn)).filter((e) => e.status !== 'SUCCEEDED');
  const described = await Promise.all(
    others.map(async (e) => {
      const history = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: e.executionArn, reverseOrder: true, maxResults: 4 }),
      );
      return `${e.executionArn} ${e.status} ${JSON.stringify(history.events)}`;
    }),
  );
  return described.join('\n');
}
