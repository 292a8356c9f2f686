// The in-memory EXPRESS runner: validates a definition, runs an execution to its end, routes task tokens.

import { type Clock, systemClock } from '../../../../kernel/clock.js';
import type { StateMachineDefinition } from '../../asl/definition.js';
import type { HistoryMode } from '../../asl/history.js';
import type { Json } from '../../asl/json.js';
import type { JsonataOffload } from '../../asl/jsonata/run.js';
import { type ExecutionInfo, newExecutionState, type RunState } from '../../asl/run-state.js';
import { isoTime } from '../../asl/time.js';
import { workflowError } from '../../errors.js';
import { assertValidDefinition } from '../../validation.js';
import { randomEntropy } from '../entropy.js';
import type { ObjectStorePort, TaskAuthorizer, TaskDispatcher } from '../ports.js';
import type { ExecutionResult } from '../storage-runner.js';
import { guardPorts } from '../tasks/guarded-ports.js';
import type { TaskPorts } from '../tasks/task-report.js';
import { AbortPool } from './abort-pool.js';
import { InMemoryExecution } from './in-memory-execution.js';
import type { StateMocks } from './mocks.js';
import { uniqueId } from './unique-id.js';

export interface ExpressRunnerOptions {
  readonly dispatcher: TaskDispatcher;
  readonly objects?: ObjectStorePort;
  readonly clock?: Clock;
  /** Multiplies Wait and Retry delays; 0 makes them fire at once (tests), 1 is real time. */
  readonly timeScale?: number;
  /** Seeds per event; defaults to 128 random bits. Fixed values make runs repeatable. */
  readonly entropy?: () => string;
  readonly region?: string;
  readonly accountId?: string;
  /** Stops an execution whose history grows past this (default 1,000,000 events). */
  readonly maxHistoryEvents?: number;
  /** With one, each execution's tasks run as its role (checked before every call). */
  readonly authorizer?: TaskAuthorizer;
  /** Where JSONata expressions past the inline budget run (a worker pool); default inline. */
  readonly expressions?: JsonataOffload;
}

export interface RunRequest {
  readonly definition: StateMachineDefinition;
  readonly input?: Json;
  readonly name?: string;
  readonly stateMachineName?: string;
  /** The state machine's execution role (default `role/scones-workflows`). */
  readonly roleArn?: string;
  /** Mocked Task responses by state name (MockConfigFile semantics). */
  readonly mocks?: StateMocks;
  /**
   * `full` (the default) keeps the execution's history in the outcome; `none` keeps none (the outcome's
   * `history` is empty), which is faster: for callers that never show it, as StartSyncExecution does not.
   */
  readonly history?: HistoryMode;
}

export interface RunOutcome extends ExecutionResult {
  readonly executionArn: string;
  readonly startDate: number;
  readonly stopDate: number;
}

export interface StartedRun {
  readonly executionArn: string;
  /** Settles when the execution ends. */
  readonly done: Promise<RunOutcome>;
  /** Aborts the execution (StopExecution); `done` then settles with status ABORTED. */
  stop(error?: string, cause?: string): void;
}

/**
 * The history the service keeps of its EXPRESS executions: none. Step Functions serves no history of them
 * (GetExecutionHistory is for STANDARD executions) and nothing here reads it, so none is built.
 */
export const EXPRESS_HISTORY: HistoryMode = 'none';

type TokenTarget = { readonly execution: InMemoryExecution; readonly runId: string; readonly taskId: string };

export class ExpressRunner {
  private readonly clock: Clock;
  private readonly ports: TaskPorts;
  private readonly aborts = new AbortPool();
  private readonly tokens = new Map<string, TokenTarget>();
  /** Definitions already validated (by identity: treat a definition object as immutable once run). */
  private readonly validated = new WeakSet<object>();

  constructor(private readonly options: ExpressRunnerOptions) {
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.ports = {
      dispatcher: options.dispatcher,
      ...(options.objects === undefined ? {} : { objects: options.objects }),
      now: () => clock.now(),
      newRequestId: uniqueId,
    };
  }

  /** Runs an execution to its end. Rejects with WORKFLOW_INVALID_DEFINITION (with every problem) if invalid. */
  run(request: RunRequest): Promise<RunOutcome> {
    try {
      return this.start(request).done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Starts an execution; validates the definition first. Running executions are not listed anywhere: a
   * long-lived map of them made the garbage collector keep each one's objects for longer (a third of the cost
   * of an EXPRESS pipeline with 16 at once); the handle stops its execution.
   */
  start(request: RunRequest): StartedRun {
    if (!this.validated.has(request.definition)) {
      assertValidDefinition(request.definition);
      this.validated.add(request.definition);
    }
    const startDate = this.clock.now();
    const info = this.executionInfo(request, startDate);
    const root = newExecutionState(info);
    const execution = this.createExecution(request, root);
    const executionArn = info.executionArn;
    // The result is this execution's own object: completed in place rather than copied.
    const done = execution
      .start()
      .then((result) => Object.assign(result, { executionArn, startDate, stopDate: this.clock.now() }));
    const stop = (error?: string, cause?: string) =>
      execution.deliver(root.runId, {
        type: 'abort',
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      });
    return { executionArn, done, stop };
  }

  sendTaskSuccess(token: string, output: Json): void {
    const target = this.target(token);
    target.execution.deliver(target.runId, { type: 'taskSucceeded', taskId: target.taskId, output });
  }

  sendTaskFailure(token: string, error = 'States.TaskFailed', cause = ''): void {
    const target = this.target(token);
    target.execution.deliver(target.runId, { type: 'taskFailed', taskId: target.taskId, error, cause });
  }

  sendTaskHeartbeat(token: string): void {
    const target = this.target(token);
    target.execution.deliver(target.runId, { type: 'taskHeartbeat', taskId: target.taskId });
  }

  private createExecution(request: RunRequest, root: RunState): InMemoryExecution {
    const execution: InMemoryExecution = new InMemoryExecution({
      definition: request.definition,
      root,
      input: request.input ?? {},
      ports: this.portsFor(root),
      clock: this.clock,
      timeScale: this.options.timeScale ?? 1,
      maxHistoryEvents: this.options.maxHistoryEvents ?? 1_000_000,
      history: request.history ?? 'full',
      aborts: this.aborts,
      entropy: this.options.entropy ?? randomEntropy,
      ...(this.options.expressions === undefined ? {} : { expressions: this.options.expressions }),
      ...(request.mocks === undefined ? {} : { mocks: request.mocks }),
      onToken: (token, target) => {
        if (target === undefined) this.tokens.delete(token);
        else this.tokens.set(token, { execution, ...target });
      },
    });
    return execution;
  }

  private target(token: string): TokenTarget {
    const target = this.tokens.get(token);
    if (target === undefined)
      throw workflowError('TASK_TOKEN_NOT_FOUND', 'The task token is not known or its task already ended');
    return target;
  }

  /** The shared ports, or with an authorizer, ports that check each call against the execution's role. */
  private portsFor(root: RunState): TaskPorts {
    const authorizer = this.options.authorizer;
    if (!authorizer) return this.ports;
    const { executionArn, stateMachineArn, roleArn } = root.execution;
    return guardPorts(this.ports, authorizer, { executionArn, stateMachineArn, roleArn });
  }

  private executionInfo(request: RunRequest, startDate: number): ExecutionInfo {
    const region = this.options.region ?? 'us-east-1';
    const account = this.options.accountId ?? '123456789012';
    const machine = request.stateMachineName ?? 'StateMachine';
    const name = request.name ?? uniqueId();
    return {
      executionArn: `arn:aws:states:${region}:${account}:express:${machine}:${name}:${uniqueId()}`,
      name,
      startTime: isoTime(startDate),
      roleArn: request.roleArn ?? `arn:aws:iam::${account}:role/scones-workflows`,
      input: request.input ?? {},
      redriveCount: 0,
      stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${machine}`,
      stateMachineName: machine,
    };
  }
}
