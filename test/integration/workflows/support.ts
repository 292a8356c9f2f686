// Helpers for workflow service tests: a service on a fresh database (SQLite by default, or one of the matrix),
// in-process functions, definitions.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type FunctionInvocation,
  type FunctionInvocationResult,
  type FunctionInvoker,
  sqlExecutionJournal,
  WorkflowService,
  type WorkflowServiceOptions,
  workflowError,
  workflowMigrations,
} from '../../../src/modules/workflows/index.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { DB_MATRIX, type DbEngine } from '../../support/db-matrix.js';

export type Handler = (event: unknown, invocation: FunctionInvocation) => unknown | Promise<unknown>;

/** Functions run in this process by bare name; a thrown Error becomes an Unhandled function error. */
export function inProcessFunctions(handlers: Record<string, Handler>): FunctionInvoker & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async invoke(invocation): Promise<FunctionInvocationResult> {
      const name = invocation.functionName.replace(/^.*:function:/, '').split(':')[0] as string;
      const handler = handlers[name];
      if (handler === undefined) throw workflowError('FUNCTION_NOT_FOUND', `Function not found: ${name}`);
      calls.push(name);
      try {
        const result = await handler(JSON.parse(invocation.payload), invocation);
        return { payload: JSON.stringify(result ?? null), executedVersion: '$LATEST' };
      } catch (error) {
        const e = error as Error;
        return {
          payload: JSON.stringify({ errorType: e.name, errorMessage: e.message }),
          functionError: 'Unhandled',
          executedVersion: '$LATEST',
        };
      }
    },
  };
}

export interface Harness {
  readonly dir: string;
  open(
    options?: Partial<WorkflowServiceOptions>,
  ): Promise<{ service: WorkflowService; database: SqlDatabase }>;
  cleanup(): Promise<void>;
}

/** Services on one database; each `open` is a new "process" view of it (its own connection). */
export async function harness(engine: DbEngine = DB_MATRIX[0] as DbEngine): Promise<Harness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scones-wf-'));
  const under = await engine.create(dir);
  const opened: { service: WorkflowService; database: SqlDatabase }[] = [];
  return {
    dir,
    async open(options = {}) {
      const database = await under.open();
      await database.migrate(workflowMigrations);
      const journal = sqlExecutionJournal(database);
      const service = new WorkflowService({ database, journal, pollMs: 50, ...options });
      opened.push({ service, database });
      return { service, database };
    },
    async cleanup() {
      for (const { service, database } of opened.splice(0)) {
        await service.close().catch(() => undefined);
        await database.close().catch(() => undefined);
      }
      await under.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function';

/** A `lambda:invoke` Task as the classic pipeline writes it (`OutputPath: $.Payload`). */
export function invokeTask(fn: string, next?: string): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    OutputPath: '$.Payload',
    Parameters: { 'Payload.$': '$', FunctionName: `${LAMBDA}:${fn}:$LATEST` },
    ...(next === undefined ? { End: true } : { Next: next }),
  };
}

export function passChain(states: number): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (let i = 0; i < states; i++) {
    all[`S${i}`] = i === states - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `S${i + 1}` };
  }
  return { StartAt: 'S0', States: all };
}

/** Creates machine `name` from `definition` and starts one execution of it with `start` (name, input). */
export async function startMachine(
  service: WorkflowService,
  name: string,
  definition: object,
  start: { name?: string; input?: string } = {},
): Promise<{ stateMachineArn: string; executionArn: string }> {
  const { stateMachineArn } = await service.machines.create({ name, definition: JSON.stringify(definition) });
  const { executionArn } = await service.executions.start({ stateMachineArn, ...start });
  return { stateMachineArn, executionArn };
}
