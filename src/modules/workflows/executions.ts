// Starting and steering executions: StartExecution (idempotent by name), StartSyncExecution, StopExecution,
// SendTask*, and waiting for an execution to end.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Aliases } from './aliases.js';
import { type ArnScope, assertName, executionArn } from './arns.js';
import type { StateMachineDefinition } from './asl/definition.js';
import type { Json } from './asl/json.js';
import type { DurableEngine, NewExecution } from './engine/durable/durable-engine.js';
import { executionInfoOf } from './engine/execution-info.js';
import { type ExecutionListener, executionEvent } from './engine/execution-listener.js';
import { EXPRESS_HISTORY, type ExpressRunner, type RunOutcome } from './engine/express/express-runner.js';
import { workflowError } from './errors.js';
import type { ExecutionQueries } from './execution-queries.js';
import { type ExecutionTarget, ExecutionTargets } from './execution-targets.js';
import type { ExecutionStatus, WorkflowTables } from './schema.js';
import type { StateMachines } from './state-machines.js';
import { deliverEvent, parseInput } from './task-tokens.js';

export interface StartExecutionInput {
  readonly stateMachineArn: string;
  readonly name?: string;
  /** JSON text; `{}` when absent. */
  readonly input?: string;
  readonly traceHeader?: string;
}

export interface ExecutionsDeps {
  readonly db: Kysely<WorkflowTables>;
  readonly scope: ArnScope;
  readonly clock: Clock;
  readonly machines: StateMachines;
  readonly aliases: Aliases;
  readonly queries: ExecutionQueries;
  readonly engine: DurableEngine;
  readonly express: ExpressRunner;
  /** True in a process that drives executions (the server, `start --wait`); else starts are left for one. */
  readonly driving: () => boolean;
  /** Told of every execution started here, and of the EXPRESS ones ending (the engine tells of STANDARD ends). */
  readonly listener: ExecutionListener;
}

export class Executions {
  private readonly targets: ExecutionTargets;
  private readonly starting = new Map<string, Promise<{ executionArn: string; startDate: number }>>();

  constructor(private readonly deps: ExecutionsDeps) {
    this.targets = new ExecutionTargets(deps.scope, deps.machines, deps.aliases);
  }

  target(stateMachineArn: string): Promise<ExecutionTarget> {
    return this.targets.resolve(stateMachineArn);
  }

  definitionOf(target: ExecutionTarget): StateMachineDefinition {
    return this.targets.definitionOf(target);
  }

  /** StartExecution: durable for STANDARD machines; EXPRESS ones run in memory and are not kept. */
  async start(
    input: StartExecutionInput,
    drive = this.deps.driving(),
  ): Promise<{ executionArn: string; startDate: number }> {
    const target = await this.target(input.stateMachineArn);
    const payload = parseInput(input.input);
    const name = input.name ?? randomUUID();
    assertName(name, 'execution');
    if (target.type === 'EXPRESS') {
      const started = this.startExpress(target, payload, name);
      void started.done.catch(() => undefined);
      return { executionArn: started.executionArn, startDate: started.startDate };
    }
    const arn = executionArn(this.deps.scope, target.machineName, name);
    const pending = this.starting.get(arn);
    if (pending !== undefined) return this.sameStart(arn, input.input ?? '{}', pending);
    const existing = await this.deps.db
      .selectFrom('workflow_executions')
      .select(['status', 'input', 'start_date'])
      .where('arn', '=', arn)
      .executeTakeFirst();
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.input === (input.input ?? '{}'))
        return { executionArn: arn, startDate: existing.start_date };
      throw workflowError('EXECUTION_EXISTS', `Execution Already Exists: '${arn}'`, { arn });
    }
    const started = this.insert(arn, name, target, payload, input, drive);
    this.starting.set(arn, started);
    try {
      return await started;
    } finally {
      this.starting.delete(arn);
    }
  }

  private async sameStart(
    arn: string,
    input: string,
    pending: Promise<{ executionArn: string; startDate: number }>,
  ) {
    const result = await pending;
    const row = await this.deps.queries.row(arn);
    if (row.status !== 'RUNNING' || row.input !== input)
      throw workflowError('EXECUTION_EXISTS', `Execution Already Exists: '${arn}'`, { arn });
    return result;
  }

  private async insert(
    arn: string,
    name: string,
    target: ExecutionTarget,
    payload: Json,
    input: StartExecutionInput,
    drive: boolean,
  ) {
    const startDate = this.deps.clock.now();
    const row: NewExecution['row'] = {
      arn,
      machine_arn: target.machineArn,
      machine_name: target.machineName,
      version_arn: target.versionArn,
      alias_arn: target.aliasArn,
      name,
      status: 'RUNNING' as const,
      input: input.input ?? '{}',
      output: null,
      error: null,
      cause: null,
      start_date: startDate,
      stop_date: null,
      role_arn: target.roleArn,
      trace_header: input.traceHeader ?? null,
    };
    const info = executionInfoOf(row, payload);
    // Before the start: an execution of Pass states may end within the engine's first round.
    this.deps.listener.onExecution(executionEvent(info, 'STANDARD', 'RUNNING'));
    if (drive) {
      const definition = this.definitionOf(target);
      await this.deps.engine.begin({
        row,
        definitionText: target.definitionText,
        definition,
        info,
        input: payload,
      });
    } else {
      await this.deps.engine.leave({ row, definitionText: target.definitionText, info, input: payload });
    }
    return { executionArn: arn, startDate };
  }

  /** StartSyncExecution: EXPRESS machines only, run in memory to the end. */
  async startSync(
    input: StartExecutionInput,
  ): Promise<RunOutcome & { name: string; stateMachineArn: string; input: string }> {
    const target = await this.target(input.stateMachineArn);
    if (target.type !== 'EXPRESS') {
      throw workflowError(
        'STATE_MACHINE_TYPE_NOT_SUPPORTED',
        'This operation is not supported by this type of state machine',
      );
    }
    const name = input.name ?? randomUUID();
    assertName(name, 'execution');
    const outcome = await this.startExpress(target, parseInput(input.input), name).done;
    return {
      ...outcome,
      name,
      stateMachineArn: target.versionArn ?? target.machineArn,
      input: input.input ?? '{}',
    };
  }

  /** An EXPRESS execution, in memory and without history (`EXPRESS_HISTORY`); the listener hears of it. */
  startExpress(
    target: ExecutionTarget,
    input: Json,
    name: string,
  ): { readonly executionArn: string; readonly startDate: number; readonly done: Promise<RunOutcome> } {
    const started = this.deps.express.start({
      definition: this.definitionOf(target),
      input,
      name,
      stateMachineName: target.machineName,
      roleArn: target.roleArn,
      history: EXPRESS_HISTORY,
    });
    const { executionArn } = started;
    const listener = this.deps.listener;
    const event = {
      executionArn,
      stateMachineArn: target.machineArn,
      stateMachineName: target.machineName,
      type: 'EXPRESS' as const,
    };
    const startDate = this.deps.clock.now();
    listener.onExecution({ ...event, status: 'RUNNING', startDate });
    const done = started.done.then((outcome) => {
      listener.onExecution({
        ...event,
        status: outcome.status,
        startDate: outcome.startDate,
        stopDate: outcome.stopDate,
        ...(outcome.error == null ? {} : { error: outcome.error }),
      });
      return outcome;
    });
    return { executionArn, startDate, done };
  }

  async stop(arn: string, error?: string, cause?: string): Promise<{ stopDate: number }> {
    const row = await this.deps.queries.row(arn);
    if (row.status !== 'RUNNING') return { stopDate: row.stop_date ?? this.deps.clock.now() };
    await deliverEvent(this.deps.engine, this.deps.clock, arn, 'root', {
      type: 'abort',
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
    });
    return { stopDate: this.deps.clock.now() };
  }

  /** Resolves with the execution's final status once it ends (whichever process drives it). */
  async waitFor(arn: string, signal?: AbortSignal): Promise<ExecutionStatus> {
    const local = this.deps.engine.whenEnded(arn);
    if (local !== undefined) return (await local).status;
    for (;;) {
      const row = await this.deps.queries.row(arn);
      if (row.status !== 'RUNNING') return row.status;
      if (signal?.aborted) throw signal.reason;
      const ended = this.deps.engine.whenEnded(arn);
      if (ended !== undefined) return (await ended).status;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
