// The durable engine: drives STANDARD executions through `step`, committing each round of steps (history, run
// snapshots, timers, pending work) in one transaction before any side effect, and resuming after a crash.

import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../../../kernel/clock.js';
import { type Logger, silentLogger } from '../../../../kernel/logger.js';
import { retryWhilePassing } from '../../../../kernel/passing-retry.js';
import type { EventBody } from '../../asl/events.js';
import type { JsonataOffload } from '../../asl/jsonata/run.js';
import type { StepOptions } from '../../asl/step/step.js';
import { workflowError } from '../../errors.js';
import { randomEntropy } from '../entropy.js';
import { type ExecutionListener, executionEvent } from '../execution-listener.js';
import type { ObjectStorePort, TaskAuthorizer, TaskDispatcher } from '../ports.js';
import { DefinitionCache } from './definition-cache.js';
import { type ClaimsHost, ExecutionClaims } from './execution-claims.js';
import type { ExecutionJournal } from './journal/execution-journal.js';
import type { ExecutionEnd, WriteBatch } from './journal/write-batch.js';
import type { LiveExecution, Round } from './live-execution.js';
import { type NewExecution, newLiveExecution, undrivenRound } from './new-execution.js';
import { type EngineOwner, newOwner, ownerClosed } from './owner.js';
import { type PumpHost, RoundPump } from './round-pump.js';
import { WorkRunner } from './work-runner.js';

export type { NewExecution } from './new-execution.js';

export interface DurableEngineOptions {
  /** Where executions are kept (the SQL journal in a server, the memory one in tests of the engine alone). */
  readonly journal: ExecutionJournal;
  readonly dispatcher: TaskDispatcher;
  readonly objects?: ObjectStorePort;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Multiplies Wait and Retry delays (0 fires them at once); timeouts are not scaled. */
  readonly timeScale?: number;
  /** How often a running engine looks for executions to take over and for inbox events (default 500 ms). */
  readonly pollMs?: number;
  /** How long an engine holds executions without renewing (default 30 s). */
  readonly leaseMs?: number;
  readonly maxHistoryEvents?: number;
  /** Events applied per round (one transaction) at most. */
  readonly maxEventsPerRound?: number;
  /** Told when an execution ends here, once its end is committed. */
  readonly listener?: ExecutionListener;
  /** With one, each execution's tasks and storage commands run as its role (checked before every call). */
  readonly authorizer?: TaskAuthorizer;
  /** Where JSONata expressions past the inline budget run (a worker pool); default inline. */
  readonly expressions?: JsonataOffload;
}

export class DurableEngine implements ClaimsHost, PumpHost {
  readonly timeScale: number;
  readonly maxHistoryEvents: number;
  readonly stepOptions: StepOptions;
  readonly journal: ExecutionJournal;
  readonly owner: EngineOwner = newOwner();
  readonly logger: Logger;
  readonly executions = new Map<string, LiveExecution>();
  readonly definitions = new DefinitionCache();
  readonly work: WorkRunner;
  private readonly clock: Clock;
  private readonly pump: RoundPump;
  private readonly claims = new ExecutionClaims(this);
  private readonly waiters = new Map<string, ((end: ExecutionEnd) => void)[]>();
  private readonly loops: NodeJS.Timeout[] = [];
  private closed = false;
  private serving = false;

  constructor(private readonly options: DurableEngineOptions) {
    this.journal = options.journal;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timeScale = options.timeScale ?? 1;
    this.maxHistoryEvents = options.maxHistoryEvents ?? 1_000_000;
    this.stepOptions = options.expressions === undefined ? {} : { offload: options.expressions };
    const ports = {
      dispatcher: options.dispatcher,
      now: () => this.clock.now(),
      newRequestId: () => randomUUID(),
    };
    this.work = new WorkRunner(
      options.objects === undefined ? ports : { ...ports, objects: options.objects },
      options.objects,
      () => this.clock.now(),
      (execution, runId, body) => this.enqueue(execution, runId, body),
      options.authorizer,
    );
    this.pump = new RoundPump(this, options.maxEventsPerRound ?? 2000);
  }

  /** Server mode: takes over orphaned executions now and every `pollMs`, besides what every engine does. */
  async start(): Promise<void> {
    this.serving = true;
    await this.claims.scan();
    this.ensureLoops();
  }

  /** While it drives executions, an engine reads their inbox and renews its lease on them. */
  private ensureLoops(): void {
    if (this.loops.length > 0 || this.closed) return;
    const poll = setInterval(() => {
      const work = this.serving ? this.claims.scan() : this.claims.pollInbox();
      void work.catch((e) => this.warn(e, 'polling failed'));
    }, this.pollMs);
    const lease = setInterval(
      () =>
        void this.journal
          .renew(this.owner, this.leaseUntil())
          .catch((e) => this.warn(e, 'lease renewal failed')),
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    for (const timer of [poll, lease]) timer.unref();
    this.loops.push(poll, lease);
  }

  owns(arn: string): boolean {
    return this.executions.has(arn);
  }

  /** Starts a new execution driven here; resolves once its row and first step are committed. */
  begin(setup: NewExecution): Promise<void> {
    this.assertOpen();
    const hash = this.definitions.remember(setup.definitionText, setup.definition);
    const execution = newLiveExecution(setup, this, hash, {
      owner: this.owner.id,
      owner_host: this.owner.host,
      owner_pid: this.owner.pid,
      lease_until: this.leaseUntil(),
    });
    this.executions.set(execution.arn, execution);
    this.ensureLoops();
    return this.pump.submit(execution, 'root', { type: 'start', input: setup.input });
  }

  /** Leaves a new execution for an engine to take over (this one when it serves); resolves once committed. */
  leave(setup: Omit<NewExecution, 'definition'>): Promise<void> {
    return this.journal.commit(this.owner, undrivenRound(setup));
  }

  /** Applies an event to an execution driven here; resolves once committed. Undefined if not driven here. */
  deliver(arn: string, runId: string, body: EventBody): Promise<void> | undefined {
    const execution = this.executions.get(arn);
    if (execution === undefined || this.closed) return undefined;
    return this.pump.submit(execution, runId, body);
  }

  /** The pending task of a task token, when its execution is driven here. */
  taskOf(
    token: string,
  ): { readonly arn: string; readonly runId: string; readonly taskId: string } | undefined {
    const target = this.work.target(token);
    const work = target?.execution.work.get(target.taskId);
    if (target === undefined || work === undefined) return undefined;
    return { arn: target.execution.arn, runId: work.runId, taskId: target.taskId };
  }

  /** Resolves when an execution driven here ends; undefined when it is not driven here. */
  whenEnded(arn: string): Promise<ExecutionEnd> | undefined {
    if (!this.executions.has(arn)) return undefined;
    return new Promise((resolve) => {
      const list = this.waiters.get(arn) ?? [];
      list.push(resolve);
      this.waiters.set(arn, list);
    });
  }

  /** Takes over one execution if nobody else drives it (e.g. `scones workflow start --wait`). */
  adopt(arn: string): Promise<boolean> {
    return this.claims.adopt(arn);
  }

  /**
   * Stops driving executions. `release` (default) lets the round in progress commit and hands the executions
   * back at once; without it the engine just stops, as a crash would (its lease or process check frees them).
   */
  async close(options: { release?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const loop of this.loops) clearInterval(loop);
    const closed = workflowError('ENGINE_CLOSED', 'The workflow engine is shut down');
    await this.pump.stop(closed, options.release !== false);
    this.work.stopAll();
    const arns = [...this.executions.keys()];
    this.executions.clear();
    if (options.release !== false)
      await this.journal.release(this.owner, arns).catch((e) => this.warn(e, 'release failed'));
    ownerClosed(this.owner);
  }

  // ExecutionHost

  now(): number {
    return this.clock.now();
  }

  entropy(): string {
    return randomEntropy();
  }

  enqueue(execution: LiveExecution, runId: string, body: EventBody): void {
    this.pump.push(execution, runId, body);
  }

  ended(execution: LiveExecution, end: ExecutionEnd): void {
    this.work.forget(execution);
    if (this.executions.get(execution.arn) === execution) this.executions.delete(execution.arn);
    const waiting = this.waiters.get(execution.arn) ?? [];
    this.waiters.delete(execution.arn);
    for (const resolve of waiting) resolve(end);
    const root = execution.runs.get('root');
    if (root !== undefined)
      this.options.listener?.onExecution(executionEvent(root.state.execution, 'STANDARD', end.status, end));
  }

  // PumpHost

  isCurrent(execution: LiveExecution): boolean {
    return this.executions.get(execution.arn) === execution;
  }

  /**
   * A round that meets a passing database failure is committed again (its transaction rolled back): giving up
   * would reload its executions, and a task whose outcome was in the round would be failed as lost though it ran.
   */
  commit(batch: WriteBatch): Promise<void> {
    return retryWhilePassing(() => this.journal.commit(this.owner, batch), {
      stopped: () => this.closed,
      retrying: (error, attempt) =>
        this.logger.warn({ err: error, attempt }, 'workflow round failed to commit; trying again'),
    });
  }

  failed(execution: LiveExecution, error: unknown, round: Round): void {
    this.logger.error({ err: error, executionArn: execution.arn }, 'workflow step failed');
    execution.failOnBug(error, round);
  }

  rolledBack(executions: ReadonlySet<LiveExecution>, error: unknown): void {
    this.logger.error({ err: error }, 'workflow round failed to commit; reloading its executions');
    for (const execution of executions) this.reload(execution);
  }

  released(seqs: readonly number[]): void {
    this.claims.released(seqs);
  }

  // ClaimsHost

  isClosed(): boolean {
    return this.closed;
  }

  driving(): void {
    this.ensureLoops();
  }

  submit(execution: LiveExecution, runId: string, body: EventBody, inboxSeq: number): Promise<void> {
    return this.pump.submit(execution, runId, body, inboxSeq);
  }

  /** Drops the in-memory state of an execution whose round did not commit and loads it again. */
  private reload(execution: LiveExecution): void {
    this.work.forget(execution);
    if (this.executions.get(execution.arn) !== execution) return;
    this.executions.delete(execution.arn);
    if (execution.insert !== undefined) return;
    setTimeout(
      () => void this.claims.resume(execution.arn).catch((e) => this.warn(e, 'reload failed')),
      this.pollMs,
    );
  }

  private get pollMs(): number {
    return this.options.pollMs ?? 500;
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  leaseUntil(): number {
    return this.clock.now() + this.leaseMs;
  }

  private assertOpen(): void {
    if (this.closed) throw workflowError('ENGINE_CLOSED', 'The workflow engine is shut down');
  }

  private warn(error: unknown, message: string): void {
    this.logger.warn({ err: error }, `workflow engine: ${message}`);
  }
}
