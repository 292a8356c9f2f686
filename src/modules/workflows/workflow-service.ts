// The workflows service (Scones' Step Functions): state machines, versions, aliases, durable STANDARD executions,
// in-memory EXPRESS executions, task tokens, TestState and validation, on one database.

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../kernel/clock.js';
import { type Logger, silentLogger } from '../../kernel/logger.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import { Aliases } from './aliases.js';
import type { ArnScope } from './arns.js';
import type { StateMachineDefinition } from './asl/definition.js';
import type { WorkflowEvent } from './asl/events.js';
import type { HistoryEvent } from './asl/history.js';
import type { Json } from './asl/json.js';
import type { JsonataOffload } from './asl/jsonata/run.js';
import type { Diagnostic } from './asl/validate/diagnostics.js';
import { validateDefinition } from './asl/validate/validate.js';
import { DurableEngine } from './engine/durable/durable-engine.js';
import type { ExecutionJournal } from './engine/durable/journal/execution-journal.js';
import { executionInfoOf } from './engine/execution-info.js';
import { type ExecutionListener, ExecutionListeners } from './engine/execution-listener.js';
import { EXPRESS_HISTORY, ExpressRunner, type RunOutcome } from './engine/express/express-runner.js';
import type {
  ObjectStorePort,
  StartExecutionRequest,
  StartExecutionResult,
  TaskAuthorizer,
  TaskDispatcher,
} from './engine/ports.js';
import { replayJournal } from './engine/replay.js';
import type { FunctionInvoker } from './engine/tasks/function-invoker.js';
import { workflowDispatcher } from './engine/tasks/workflow-dispatcher.js';
import { workflowError } from './errors.js';
import { ExecutionQueries, journalOf } from './execution-queries.js';
import { Executions } from './executions.js';
import type { WorkflowTables } from './schema.js';
import { parseDefinition, StateMachines } from './state-machines.js';
import { TaskTokens } from './task-tokens.js';
import { type TestStateInput, type TestStateOutput, testState } from './test-state.js';

export interface WorkflowServiceOptions {
  readonly database: SqlDatabase;
  /** Where the durable engine keeps executions: on `database` (the SQL journal) wherever queries read them. */
  readonly journal: ExecutionJournal;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** For ARNs; default us-east-1 and 000000000000. */
  readonly region?: string;
  readonly accountId?: string;
  /** Multiplies Wait and Retry delays of executions (tests, demos); 1 is real time. */
  readonly timeScale?: number;
  /** Lambda tasks go through it; without one they fail with a clear States.TaskFailed cause. */
  readonly functions?: FunctionInvoker;
  /** Map ItemReader/ResultWriter and the S3 tasks. */
  readonly objects?: ObjectStorePort;
  readonly invokeEndpoint?: TaskDispatcher['invokeEndpoint'];
  readonly callService?: TaskDispatcher['callService'];
  /** Told when executions start and end (also `addExecutionListener`). */
  readonly listener?: ExecutionListener;
  /**
   * Step Functions' execution roles: with one, every service integration and Map reader/writer call of an
   * execution is authorized as its state machine's role first (auth on); without, tasks run unchecked.
   */
  readonly authorizer?: TaskAuthorizer;
  /** Engine tuning: how often a running engine polls for work, and its lease on executions. */
  readonly pollMs?: number;
  readonly leaseMs?: number;
  /**
   * Where JSONata expressions past the inline budget run: a worker pool with hard termination (`ExpressionPool`)
   * keeps a runaway expression from blocking the server. Without one, every expression runs inline.
   */
  readonly expressions?: JsonataOffload;
}

export interface ValidateOutput {
  readonly result: 'OK' | 'FAIL';
  readonly diagnostics: readonly Diagnostic[];
  readonly truncated: boolean;
}

export class WorkflowService {
  readonly machines: StateMachines;
  readonly aliases: Aliases;
  readonly queries: ExecutionQueries;
  readonly executions: Executions;
  readonly tasks: TaskTokens;
  readonly engine: DurableEngine;
  readonly scope: ArnScope;
  private readonly express: ExpressRunner;
  private readonly dispatcher: TaskDispatcher;
  private readonly listeners: ExecutionListeners;
  private engineStarted = false;

  constructor(private readonly options: WorkflowServiceOptions) {
    const db = options.database.db as Kysely<WorkflowTables>;
    const clock = options.clock ?? systemClock;
    this.scope = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' };
    this.dispatcher = workflowDispatcher({
      ...(options.functions === undefined ? {} : { functions: options.functions }),
      ...(options.invokeEndpoint === undefined ? {} : { invokeEndpoint: options.invokeEndpoint }),
      ...(options.callService === undefined ? {} : { callService: options.callService }),
      startExecution: (request) => this.startNested(request),
    });
    this.express = this.expressRunner(options.timeScale ?? 1);
    this.listeners = new ExecutionListeners(options.logger ?? silentLogger);
    if (options.listener !== undefined) this.listeners.add(options.listener);
    this.engine = new DurableEngine({
      listener: this.listeners,
      journal: options.journal,
      dispatcher: this.dispatcher,
      clock,
      logger: options.logger ?? silentLogger,
      timeScale: options.timeScale ?? 1,
      ...(options.objects === undefined ? {} : { objects: options.objects }),
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.authorizer === undefined ? {} : { authorizer: options.authorizer }),
      ...(options.expressions === undefined ? {} : { expressions: options.expressions }),
    });
    this.machines = new StateMachines(db, this.scope, clock);
    this.aliases = new Aliases(db, this.scope, clock, this.machines);
    this.queries = new ExecutionQueries(db, this.scope);
    this.tasks = new TaskTokens({ db, clock, engine: this.engine, express: this.express });
    this.executions = new Executions({
      db,
      scope: this.scope,
      clock,
      machines: this.machines,
      aliases: this.aliases,
      queries: this.queries,
      engine: this.engine,
      express: this.express,
      driving: () => this.engineStarted,
      listener: this.listeners,
    });
  }

  /** Adds a listener told when executions start and end (metrics); returns the function that removes it. */
  addExecutionListener(listener: ExecutionListener): () => void {
    return this.listeners.add(listener);
  }

  /** Drives executions in this process: resumes those nobody drives (after a crash too) and starts new ones. */
  async startEngine(): Promise<void> {
    this.engineStarted = true;
    await this.engine.start();
  }

  /** ValidateStateMachineDefinition: `severity` WARNING also returns warnings; at most `maxResults` (100). */
  validate(
    definition: string,
    options: { severity?: 'ERROR' | 'WARNING'; maxResults?: number } = {},
  ): ValidateOutput {
    const { result, diagnostics } = validateDefinition(definition);
    const shown = diagnostics.filter((d) => options.severity === 'WARNING' || d.severity === 'ERROR');
    const max = options.maxResults === undefined || options.maxResults === 0 ? 100 : options.maxResults;
    return { result, diagnostics: shown.slice(0, max), truncated: shown.length > max };
  }

  testState(input: TestStateInput): Promise<TestStateOutput> {
    return testState(this.expressRunner(0), input);
  }

  /** A one-off EXPRESS run of a definition (validated first), e.g. `scones workflow run`. */
  run(definition: string, input: Json, options: { timeScale?: number } = {}): Promise<RunOutcome> {
    const parsed: StateMachineDefinition = parseDefinition(definition);
    const runner = options.timeScale === undefined ? this.express : this.expressRunner(options.timeScale);
    return runner.run({ definition: parsed, input, history: EXPRESS_HISTORY });
  }

  /**
   * Replays an execution's journal from its initial state and returns the history that yields; it equals the
   * committed history (GetExecutionHistory) of a sound execution, however often its engine crashed.
   */
  async replay(executionArn: string): Promise<HistoryEvent[]> {
    const row = await this.queries.row(executionArn);
    const { definition, journal } = await journalOf(this.options.database.db as Kysely<WorkflowTables>, row);
    const info = executionInfoOf(row);
    const entries = journal.map((j) => ({ runId: j.run_id, event: JSON.parse(j.event) as WorkflowEvent }));
    return replayJournal(
      JSON.parse(definition) as StateMachineDefinition,
      info,
      entries,
      this.engine.stepOptions,
    );
  }

  /** Stops driving executions; the ones in flight are released for another engine (or the next start). */
  async close(): Promise<void> {
    await this.engine.close();
  }

  private expressRunner(timeScale: number): ExpressRunner {
    return new ExpressRunner({
      dispatcher: this.dispatcher,
      timeScale,
      region: this.scope.region,
      accountId: this.scope.accountId,
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      ...(this.options.objects === undefined ? {} : { objects: this.options.objects }),
      ...(this.options.authorizer === undefined ? {} : { authorizer: this.options.authorizer }),
      ...(this.options.expressions === undefined ? {} : { expressions: this.options.expressions }),
    });
  }

  /** `states:startExecution` tasks (with `.sync` / `.sync:2`): nested executions of this service. */
  private async startNested(request: StartExecutionRequest): Promise<StartExecutionResult> {
    const target = await this.executions.target(request.stateMachineArn);
    if (target.type === 'EXPRESS' && request.waitForCompletion) {
      const outcome = await this.executions.startExpress(target, request.input, request.name ?? randomUUID())
        .done;
      return {
        executionArn: outcome.executionArn,
        startDate: outcome.startDate,
        stopDate: outcome.stopDate,
        status: outcome.status,
        ...(outcome.output === undefined ? {} : { output: outcome.output }),
        ...(outcome.error == null ? {} : { error: outcome.error }),
        ...(outcome.cause == null ? {} : { cause: outcome.cause }),
      };
    }
    const input = JSON.stringify(request.input);
    const started = await this.executions.start(
      {
        stateMachineArn: request.stateMachineArn,
        input,
        ...(request.name === undefined ? {} : { name: request.name }),
      },
      true,
    );
    if (!request.waitForCompletion) return started;
    await this.executions.waitFor(started.executionArn, request.signal);
    const ended = await this.queries.describe(started.executionArn);
    if (ended.status === 'RUNNING') throw workflowError('INTERNAL', 'The nested execution did not end');
    return {
      executionArn: ended.executionArn,
      startDate: ended.startDate,
      status: ended.status,
      ...(ended.stopDate === undefined ? {} : { stopDate: ended.stopDate }),
      ...(ended.output === undefined ? {} : { output: JSON.parse(ended.output) as Json }),
      ...(ended.error === undefined ? {} : { error: ended.error }),
      ...(ended.cause === undefined ? {} : { cause: ended.cause }),
    };
  }
}
