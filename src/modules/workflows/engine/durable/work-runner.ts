// Side effects of durable executions: hands out tasks and storage commands, arms timers, routes task tokens.
import type { EventBody } from '../../asl/events.js';
import type { ObjectStorePort, TaskAuthorizer } from '../ports.js';
import { storageReport } from '../storage-runner.js';
import { guardPorts } from '../tasks/guarded-ports.js';
import { executeTask } from '../tasks/task-executor.js';
import type { TaskPorts } from '../tasks/task-report.js';
import { key } from './journal/write-batch.js';
import type { LiveExecution, PendingWork } from './live-execution.js';

/** setTimeout's longest delay; longer timers wake up early and re-arm. */
const MAX_DELAY = 2_147_483_647;

export interface TokenTarget {
  readonly execution: LiveExecution;
  readonly taskId: string;
}

export class WorkRunner {
  private readonly controllers = new Map<string, AbortController>();
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly tokens = new Map<string, TokenTarget>();
  private stopped = false;

  constructor(
    private readonly ports: TaskPorts,
    private readonly objects: ObjectStorePort | undefined,
    private readonly now: () => number,
    private readonly report: (execution: LiveExecution, runId: string, body: EventBody) => void,
    /** With one, each execution's work runs as its role (checked before every call). */
    private readonly authorizer?: TaskAuthorizer,
  ) {}

  /** Runs work, or (a `.waitForTaskToken` task already handed over) only listens for its token. */
  start(execution: LiveExecution, id: string, work: PendingWork): void {
    if (this.stopped) return;
    const command = work.command;
    if (command.type === 'runTask' && command.taskToken !== undefined) {
      this.tokens.set(command.taskToken, { execution, taskId: id });
    }
    if (work.submitted) return;
    const controller = new AbortController();
    const k = key(execution.arn, id);
    this.controllers.set(k, controller);
    const ports = this.portsFor(execution, work.runId);
    const report =
      command.type === 'runTask'
        ? executeTask(command, ports, controller.signal)
        : storageReport(ports === this.ports ? this.objects : ports.objects, command);
    void report.then((result) => {
      if (this.controllers.get(k) === controller) this.controllers.delete(k);
      if (controller.signal.aborted || execution.ended || !execution.work.has(id)) return;
      const body = (command.type === 'runTask' ? { ...result, taskId: id } : result) as EventBody;
      this.report(execution, work.runId, body);
    });
  }

  private portsFor(execution: LiveExecution, runId: string): TaskPorts {
    const info = execution.runs.get(runId)?.state.execution;
    if (this.authorizer === undefined || info === undefined) return this.ports;
    return guardPorts(this.ports, this.authorizer, {
      executionArn: info.executionArn,
      stateMachineArn: info.stateMachineArn,
      roleArn: info.roleArn,
    });
  }

  cancel(execution: LiveExecution, id: string): void {
    const k = key(execution.arn, id);
    this.controllers.get(k)?.abort();
    this.controllers.delete(k);
  }

  /** The task a token belongs to, while that task is pending. */
  target(token: string): TokenTarget | undefined {
    const target = this.tokens.get(token);
    if (target === undefined) return undefined;
    if (target.execution.ended || !target.execution.work.has(target.taskId)) {
      this.tokens.delete(token);
      return undefined;
    }
    return target;
  }

  arm(execution: LiveExecution, runId: string, timerId: string, dueAt: number): void {
    if (this.stopped) return;
    const k = key(execution.arn, timerId);
    this.timers.get(k)?.cancel();
    const fire = () => {
      if (dueAt - this.now() > 1) return this.arm(execution, runId, timerId, dueAt);
      this.timers.delete(k);
      if (!execution.ended && execution.timers.has(timerId)) {
        this.report(execution, runId, { type: 'timerFired', timerId });
      }
    };
    const delay = dueAt - this.now();
    if (delay <= 0) {
      const handle = setImmediate(fire);
      this.timers.set(k, { cancel: () => clearImmediate(handle) });
    } else {
      const handle = setTimeout(fire, Math.min(delay, MAX_DELAY));
      this.timers.set(k, { cancel: () => clearTimeout(handle) });
    }
  }

  disarm(execution: LiveExecution, timerId: string): void {
    const k = key(execution.arn, timerId);
    this.timers.get(k)?.cancel();
    this.timers.delete(k);
  }

  /** Stops everything of an execution that ended or that this engine lets go of. */
  forget(execution: LiveExecution): void {
    for (const [id, work] of execution.work) {
      this.cancel(execution, id);
      if (work.command.type === 'runTask' && work.command.taskToken !== undefined) {
        this.tokens.delete(work.command.taskToken);
      }
    }
    for (const timerId of execution.timers.keys()) this.disarm(execution, timerId);
  }

  /** Aborts all work and timers; nothing starts after this. */
  stopAll(): void {
    this.stopped = true;
    for (const controller of this.controllers.values()) controller.abort();
    for (const timer of this.timers.values()) timer.cancel();
    this.controllers.clear();
    this.timers.clear();
    this.tokens.clear();
  }
}
