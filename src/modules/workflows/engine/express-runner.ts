// The in-memory EXPRESS runner: validates a definition, runs an execution to its end, routes task tokens.
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../../kernel/clock.js';
import type { StateMachineDefinition } from '../asl/definition.js';
import type { Json } from '../asl/json.js';
import { type ExecutionInfo, newExecutionState, type RunState } from '../asl/run-state.js';
import { isoTime } from '../asl/time.js';
import { workflowError } from '../errors.js';
import { assertValidDefinition } from '../validation.js';
import { randomEntropy } from './entropy.js';
import { guardPorts } from './guarded-ports.js';
import { InMemoryExecution } from './in-memory-execution.js';
import type { StateMocks } from './mocks.js';
import type { ObjectStorePort, TaskAuthorizer, TaskDispatcher } from './ports.js';
import type { ExecutionResult } from './storage-runner.js';
import type { TaskPorts } from './task-executor.js';

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
}

export interface RunOutcome extends ExecutionResult {
  readonly executionArn: string;
  readonly startDate: number;
  readonly stopDate: number;
}

type TokenTarget = { readonly execution: InMemoryExecution; readonly runId: string; readonly taskId: string };

export class ExpressRunner {
  private readonly clock: Clock;
  private readonly tokens = new Map<string, TokenTarget>();
  /** Definitions already validated (by identity: treat a definition object as immutable once run). */
  private readonly validated = new WeakSet<object>();
  private readonly running = new Map<string, { execution: InMemoryExecution; runId: string }>();

  constructor(private readonly options: ExpressRunnerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Runs an execution to its end. Throws WORKFLOW_INVALID_DEFINITION (with every problem) first if invalid. */
  async run(request: RunRequest): Promise<RunOutcome> {
    return this.start(request).done;
  }

  /** Starts an execution; `done` settles when it ends. Validates the definition first. */
  start(request: RunRequest): { readonly executionArn: string; readonly done: Promise<RunOutcome> } {
    if (!this.validated.has(request.definition)) {
      assertValidDefinition(request.definition);
      this.validated.add(request.definition);
    }
    const startDate = this.clock.now();
    const info = this.executionInfo(request, startDate);
    const root = newExecutionState(info);
    const execution = this.createExecution(request, root);
    this.running.set(info.executionArn, { execution, runId: root.runId });
    const done = execution.start().then((result) => ({
      ...result,
      executionArn: info.executionArn,
      startDate,
      stopDate: this.clock.now(),
    }));
    void done.finally(() => this.running.delete(info.executionArn)).catch(() => undefined);
    return { executionArn: info.executionArn, done };
  }

  /** StopExecution: aborts a running execution (its `done` then settles with status ABORTED). */
  stop(executionArn: string, error?: string, cause?: string): void {
    const running = this.running.get(executionArn);
    if (running === undefined)
      throw workflowError('EXECUTION_NOT_FOUND', `No running execution ${executionArn}`);
    running.execution.deliver(running.runId, {
      type: 'abort',
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
    });
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
      entropy: this.options.entropy ?? randomEntropy,
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

  private portsFor(root: RunState): TaskPorts {
    const ports: TaskPorts = {
      dispatcher: this.options.dispatcher,
      ...(this.options.objects === undefined ? {} : { objects: this.options.objects }),
      now: () => this.clock.now(),
      newRequestId: () => randomUUID(),
    };
    const { executionArn, stateMachineArn, roleArn } = root.execution;
    const authorizer = this.options.authorizer;
    return authorizer ? guardPorts(ports, authorizer, { executionArn, stateMachineArn, roleArn }) : ports;
  }

  private executionInfo(request: RunRequest, startDate: number): ExecutionInfo {
    const region = this.options.region ?? 'us-east-1';
    const account = this.options.accountId ?? '123456789012';
    const machine = request.stateMachineName ?? 'StateMachine';
    const name = request.name ?? randomUUID();
    return {
      executionArn: `arn:aws:states:${region}:${account}:express:${machine}:${name}:${randomUUID()}`,
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
