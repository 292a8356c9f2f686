// The durable engine: drives STANDARD executions through `step`, committing each round of steps (history, run
// snapshots, timers, pending work) in one transaction before any side effect, and resuming after a crash.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { type Clock, systemClock } from '../../../kernel/clock.js';
import { type Logger, silentLogger } from '../../../kernel/logger.js';
import type { SqlDatabase } from '../../../platform/db/port.js';
import type { StateMachineDefinition } from '../asl/definition.js';
import type { EventBody } from '../asl/events.js';
import type { Json } from '../asl/json.js';
import { type ExecutionInfo, newExecutionState } from '../asl/run-state.js';
import { workflowError } from '../errors.js';
import type { ExecutionsTable } from '../schema.js';
import { DefinitionCache } from './definition-cache.js';
import { randomEntropy } from './entropy.js';
import { ExecutionStore } from './execution-store.js';
import { type ExecutionHost, LiveExecution, type PendingWork, type Round } from './live-execution.js';
import { type EngineOwner, isOrphaned, newOwner, ownerClosed } from './owner.js';
import type { ObjectStorePort, TaskDispatcher } from './ports.js';
import { restoreExecution } from './restore.js';
import { RoundQueue } from './round-queue.js';
import { WorkRunner } from './work-runner.js';
import { type ExecutionEnd, WriteBatch } from './write-batch.js';

export interface DurableEngineOptions {
  readonly database: SqlDatabase;
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
}

export interface NewExecution {
  readonly row: Omit<
    Insertable<ExecutionsTable>,
    'owner' | 'owner_host' | 'owner_pid' | 'lease_until' | 'definition_hash'
  >;
  readonly definitionText: string;
  readonly definition: StateMachineDefinition;
  readonly info: ExecutionInfo;
  readonly input: Json;
}

interface EngineRound extends Round {
  readonly waiters: { resolve(): void; reject(error: unknown): void }[];
  readonly touched: Set<LiveExecution>;
}

export class DurableEngine implements ExecutionHost {
  readonly timeScale: number;
  readonly maxHistoryEvents: number;
  readonly store: ExecutionStore;
  private readonly owner: EngineOwner = newOwner();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly executions = new Map<string, LiveExecution>();
  private readonly queue = new RoundQueue();
  private readonly work: WorkRunner;
  private readonly definitions = new DefinitionCache();
  private readonly waiters = new Map<string, ((end: ExecutionEnd) => void)[]>();
  private readonly inboxSeen = new Set<number>();
  private readonly loops: NodeJS.Timeout[] = [];
  private pumping: Promise<void> | undefined;
  private closed = false;
  private serving = false;

  constructor(private readonly options: DurableEngineOptions) {
    this.store = new ExecutionStore(options.database);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timeScale = options.timeScale ?? 1;
    this.maxHistoryEvents = options.maxHistoryEvents ?? 1_000_000;
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
    );
  }

  /** Server mode: takes over orphaned executions now and every `pollMs`, besides what every engine does. */
  async start(): Promise<void> {
    this.serving = true;
    await this.scan();
    this.ensureLoops();
  }

  /** While it drives executions, an engine reads their inbox and renews its lease on them. */
  private ensureLoops(): void {
    if (this.loops.length > 0 || this.closed) return;
    const poll = setInterval(() => {
      const work = this.serving ? this.scan() : this.pollInbox();
      void work.catch((e) => this.warn(e, 'polling failed'));
    }, this.pollMs);
    const lease = setInterval(
      () =>
        void this.store
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
    const arn = setup.info.executionArn;
    const execution = new LiveExecution(arn, setup.definition, this, 1);
    const hash = this.definitions.remember(setup.definitionText, setup.definition);
    const row = {
      ...setup.row,
      definition_hash: hash,
      owner: this.owner.id,
      owner_host: this.owner.host,
      owner_pid: this.owner.pid,
      lease_until: this.leaseUntil(),
    };
    execution.insert = (batch) => {
      batch.definitions.set(hash, setup.definitionText);
      batch.executions.push(row);
    };
    execution.runs.set('root', {
      state: newExecutionState(setup.info),
      parent: null,
      phase: 'pending',
      start: { input: setup.input },
    });
    this.executions.set(arn, execution);
    this.ensureLoops();
    return this.submit(execution, 'root', { type: 'start', input: setup.input });
  }

  /** Applies an event to an execution driven here; resolves once committed. Undefined if not driven here. */
  deliver(arn: string, runId: string, body: EventBody): Promise<void> | undefined {
    const execution = this.executions.get(arn);
    if (execution === undefined || this.closed) return undefined;
    return this.submit(execution, runId, body);
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
  async adopt(arn: string): Promise<boolean> {
    if (this.executions.has(arn)) return true;
    const row = (await this.store.candidates(this.owner)).find((c) => c.arn === arn);
    if (row === undefined || !isOrphaned(row, this.owner, this.clock.now())) return false;
    return this.take(arn, row.owner);
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
    for (const item of this.queue.drain()) item.done?.reject(closed);
    if (options.release !== false) await this.pumping;
    this.work.stopAll();
    const arns = [...this.executions.keys()];
    this.executions.clear();
    if (options.release !== false)
      await this.store.release(this.owner, arns).catch((e) => this.warn(e, 'release failed'));
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
    if (this.closed) return;
    this.queue.push({ execution, runId, body });
    this.kick();
  }

  startWork(execution: LiveExecution, id: string, work: PendingWork): void {
    this.work.start(execution, id, work);
  }

  cancelWork(execution: LiveExecution, id: string): void {
    this.work.cancel(execution, id);
  }

  armTimer(execution: LiveExecution, runId: string, timerId: string, dueAt: number): void {
    this.work.arm(execution, runId, timerId, dueAt);
  }

  disarmTimer(execution: LiveExecution, timerId: string): void {
    this.work.disarm(execution, timerId);
  }

  ended(execution: LiveExecution, end: ExecutionEnd): void {
    this.work.forget(execution);
    if (this.executions.get(execution.arn) === execution) this.executions.delete(execution.arn);
    const waiting = this.waiters.get(execution.arn) ?? [];
    this.waiters.delete(execution.arn);
    for (const resolve of waiting) resolve(end);
  }

  // The pump: rounds of events, one transaction each, effects after the commit.

  private submit(execution: LiveExecution, runId: string, body: EventBody, inboxSeq?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        execution,
        runId,
        body,
        done: { resolve, reject },
        ...(inboxSeq === undefined ? {} : { inboxSeq }),
      });
      this.kick();
    });
  }

  private kick(): void {
    if (this.pumping !== undefined || this.queue.length === 0) return;
    this.pumping = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.pump())
      .finally(() => {
        this.pumping = undefined;
        this.kick();
      });
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const round: EngineRound = { batch: new WriteBatch(), effects: [], waiters: [], touched: new Set() };
      const limit = this.options.maxEventsPerRound ?? 2000;
      for (let n = 0; n < limit && this.queue.length > 0; n++) {
        const item = this.queue.shift();
        if (item === undefined) break;
        if (item.done !== undefined) round.waiters.push(item.done);
        if (this.executions.get(item.execution.arn) !== item.execution) {
          // Not driven here (any more): an inbox event stays in the inbox for whoever drives the execution.
          if (item.inboxSeq !== undefined) this.inboxSeen.delete(item.inboxSeq);
          continue;
        }
        if (item.inboxSeq !== undefined) round.batch.inboxDone.push(item.inboxSeq);
        round.touched.add(item.execution);
        await this.applySafely(item.execution, item.runId, item.body, round);
      }
      if (this.closed) return;
      await this.commit(round);
    }
  }

  private async applySafely(
    execution: LiveExecution,
    runId: string,
    body: EventBody,
    round: Round,
  ): Promise<void> {
    try {
      await execution.apply(runId, body, round);
    } catch (error) {
      // An interpreter bug: the execution cannot go on, but the engine and other executions must.
      this.logger.error({ err: error, executionArn: execution.arn }, 'workflow step failed');
      execution.ended = true;
      const end: ExecutionEnd = {
        status: 'FAILED',
        output: null,
        error: 'States.Runtime',
        cause: `Internal error of the workflow engine: ${error instanceof Error ? error.message : String(error)}`,
        stopDate: this.clock.now(),
      };
      round.batch.endExecution(execution.arn, end);
      round.effects.push(() => this.ended(execution, end));
    }
  }

  private async commit(round: EngineRound): Promise<void> {
    try {
      if (!round.batch.empty) await this.store.commit(round.batch);
    } catch (error) {
      this.logger.error({ err: error }, 'workflow round failed to commit; reloading its executions');
      for (const waiter of round.waiters) waiter.reject(error);
      for (const execution of round.touched) this.reload(execution);
      return;
    }
    for (const seq of round.batch.inboxDone) this.inboxSeen.delete(seq);
    for (const effect of round.effects) effect();
    for (const waiter of round.waiters) waiter.resolve();
  }

  /** Drops the in-memory state of an execution whose round did not commit and loads it again. */
  private reload(execution: LiveExecution): void {
    this.work.forget(execution);
    if (this.executions.get(execution.arn) !== execution) return;
    this.executions.delete(execution.arn);
    if (execution.insert !== undefined) return;
    setTimeout(
      () => void this.resume(execution.arn).catch((e) => this.warn(e, 'reload failed')),
      this.pollMs,
    );
  }

  // Taking executions over.

  private async scan(): Promise<void> {
    if (this.closed) return;
    const now = this.clock.now();
    let taken = 0;
    for (const row of await this.store.candidates(this.owner)) {
      if (this.executions.has(row.arn) || !isOrphaned(row, this.owner, now)) continue;
      if (await this.take(row.arn, row.owner)) taken++;
    }
    if (taken > 0) this.logger.info({ executions: taken }, 'workflow engine took over executions');
    await this.pollInbox();
  }

  private async take(arn: string, previous: string | null): Promise<boolean> {
    if (this.closed || !(await this.store.claim(arn, this.owner, previous, this.leaseUntil()))) return false;
    this.ensureLoops();
    await this.resume(arn);
    return true;
  }

  private async resume(arn: string): Promise<void> {
    const loaded = await this.store.load(arn);
    if (loaded === undefined || loaded.row.status !== 'RUNNING' || this.closed || this.executions.has(arn))
      return;
    const definition = this.definitions.parse(loaded.row.definition_hash, loaded.definition);
    const { execution, resume } = restoreExecution(loaded, definition, this);
    this.executions.set(arn, execution);
    this.logger.debug(
      { executionArn: arn, runs: loaded.runs.length, tasks: loaded.tasks.length },
      'resuming execution',
    );
    resume();
    this.queueInbox(loaded.inbox);
  }

  private async pollInbox(): Promise<void> {
    this.queueInbox(await this.store.inbox(this.owner));
  }

  private queueInbox(
    rows: readonly { seq: number; execution_arn: string; run_id: string; event: string }[],
  ): void {
    for (const row of rows) {
      const execution = this.executions.get(row.execution_arn);
      if (execution === undefined || this.inboxSeen.has(row.seq)) continue;
      this.inboxSeen.add(row.seq);
      void this.submit(execution, row.run_id, JSON.parse(row.event) as EventBody, row.seq).catch(
        () => undefined,
      );
    }
  }

  private get pollMs(): number {
    return this.options.pollMs ?? 500;
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  private leaseUntil(): number {
    return this.clock.now() + this.leaseMs;
  }

  private assertOpen(): void {
    if (this.closed) throw workflowError('ENGINE_CLOSED', 'The workflow engine is shut down');
  }

  private warn(error: unknown, message: string): void {
    this.logger.warn({ err: error }, `workflow engine: ${message}`);
  }
}
