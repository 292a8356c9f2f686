// Task tokens: SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat reach the pending task of a token, wherever
// its execution is driven (here, in another process through the inbox, or in memory for EXPRESS executions).
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { isSconesError } from '../../kernel/errors.js';
import type { EventBody } from './asl/events.js';
import { exceedsBytes, type Json, parseJsonText } from './asl/json.js';
import { MAX_PAYLOAD_BYTES } from './asl/step/step.js';
import type { DurableEngine } from './engine/durable/durable-engine.js';
import type { ExpressRunner } from './engine/express/express-runner.js';
import { workflowError } from './errors.js';
import type { WorkflowTables } from './schema.js';

export interface TaskTokenDeps {
  readonly db: Kysely<WorkflowTables>;
  readonly clock: Clock;
  readonly engine: DurableEngine;
  readonly express: ExpressRunner;
}

export class TaskTokens {
  constructor(private readonly deps: TaskTokenDeps) {}

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    const parsed = parseJson(output, 'INVALID_OUTPUT', 'output');
    if (this.express((runner) => runner.sendTaskSuccess(token, parsed))) return;
    const task = await this.task(token);
    await deliverEvent(this.deps.engine, this.deps.clock, task.arn, task.runId, {
      type: 'taskSucceeded',
      taskId: task.taskId,
      output: parsed,
    });
  }

  async sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    if (this.express((runner) => runner.sendTaskFailure(token, error, cause))) return;
    const task = await this.task(token);
    await deliverEvent(this.deps.engine, this.deps.clock, task.arn, task.runId, {
      type: 'taskFailed',
      taskId: task.taskId,
      error: error ?? 'States.TaskFailed',
      cause: cause ?? '',
    });
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    if (this.express((runner) => runner.sendTaskHeartbeat(token))) return;
    const task = await this.task(token);
    await deliverEvent(this.deps.engine, this.deps.clock, task.arn, task.runId, {
      type: 'taskHeartbeat',
      taskId: task.taskId,
    });
  }

  /** Task tokens of EXPRESS executions running in this process go to the in-memory runner. */
  private express(send: (runner: ExpressRunner) => void): boolean {
    try {
      send(this.deps.express);
      return true;
    } catch (error) {
      if (isSconesError(error) && error.code === workflowError.codes.TASK_TOKEN_NOT_FOUND) return false;
      throw error;
    }
  }

  private async task(token: string): Promise<{ arn: string; runId: string; taskId: string }> {
    if (token.length === 0 || token.length > 1024) throw workflowError('INVALID_TOKEN', 'Invalid Token');
    const local = this.deps.engine.taskOf(token);
    if (local !== undefined) return local;
    const row = await this.deps.db
      .selectFrom('workflow_tasks')
      .select(['execution_arn', 'run_id', 'task_id'])
      .where('token', '=', token)
      .executeTakeFirst();
    if (row === undefined) throw workflowError('TASK_TOKEN_NOT_FOUND', 'Task Does Not Exist');
    return { arn: row.execution_arn, runId: row.run_id, taskId: row.task_id };
  }
}

/** Applies an event here when this process drives the execution; otherwise its driver reads it from the inbox. */
export async function deliverEvent(
  engine: DurableEngine,
  clock: Clock,
  arn: string,
  runId: string,
  body: EventBody,
): Promise<void> {
  const local = engine.deliver(arn, runId, body);
  if (local !== undefined) return local;
  await engine.journal.appendInbox(arn, runId, JSON.stringify(body), clock.now());
}

export function parseInput(text: string | undefined): Json {
  return text === undefined ? {} : parseJson(text, 'INVALID_INPUT', 'input');
}

export function parseJson(text: string, code: 'INVALID_INPUT' | 'INVALID_OUTPUT', what: string): Json {
  if (exceedsBytes(text, MAX_PAYLOAD_BYTES))
    throw workflowError(code, `The ${what} exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  try {
    return parseJsonText(text);
  } catch (error) {
    throw workflowError(code, `Invalid ${what}: ${String(error)}`);
  }
}
