// The engine's pump: takes queued events in rounds, applies them, commits each round's writes in one transaction,
// and only then runs the round's side effects and settles its callers. An event whose step waits off-thread (a
// JSONata expression in the worker pool) holds up only its own execution: its writes so far leave the round and
// come back with its result, in a later round; the other executions' events go on being applied and committed.
import type { EventBody } from '../../asl/events.js';
import { WriteBatch } from './journal/write-batch.js';
import type { LiveExecution, Round } from './live-execution.js';
import { type QueuedEvent, type RoundPart, RoundQueue, type Settled } from './round-queue.js';

export interface PumpHost {
  /** Whether events for this execution object are still to be applied (it is driven here). */
  isCurrent(execution: LiveExecution): boolean;
  commit(batch: WriteBatch): Promise<void>;
  /** Applying an event threw (an interpreter bug): the execution must end without harming the others. */
  failed(execution: LiveExecution, error: unknown, round: Round): void;
  /** The round did not commit: its executions must be loaded again from what was committed. */
  rolledBack(executions: ReadonlySet<LiveExecution>, error: unknown): void;
  /** Inbox rows no longer in flight: consumed by a committed round, or skipped. */
  released(seqs: readonly number[]): void;
}

interface PumpRound {
  readonly parts: Map<LiveExecution, RoundPart>;
  /** Callers of events not applied (their execution is not driven here): settled with the round. */
  readonly waiters: NonNullable<QueuedEvent['done']>[];
}

export class RoundPump {
  private readonly queue = new RoundQueue();
  /** Executions whose event is stepping off-thread, until its result is taken: none of their events is applied. */
  private readonly stalled = new Map<LiveExecution, Promise<void>>();
  private running: Promise<void> | undefined;
  /** Events arrived since the pump last looked: without any, events of stalled executions alone wait idle. */
  private fresh = false;
  private stopped = false;
  private stopReason: unknown;
  private turn: Promise<undefined> | undefined;

  constructor(
    private readonly host: PumpHost,
    private readonly maxEventsPerRound: number,
  ) {}

  push(execution: LiveExecution, runId: string, body: EventBody): void {
    if (this.stopped) return;
    this.enqueue({ execution, runId, body });
  }

  /** Queues an event; resolves once the round that applied it is committed. */
  submit(execution: LiveExecution, runId: string, body: EventBody, inboxSeq?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({
        execution,
        runId,
        body,
        done: { resolve, reject },
        ...(inboxSeq === undefined ? {} : { inboxSeq }),
      });
    });
  }

  /**
   * Stops taking events (rejecting those queued); with `finish`, waits for the round in progress to commit and
   * for steps still waiting off-thread to end (their events are rejected: nothing more commits).
   */
  async stop(reason: unknown, finish: boolean): Promise<void> {
    this.stopped = true;
    this.stopReason = reason;
    for (const item of this.queue.drain()) this.reject(item, reason);
    if (finish) {
      await this.running;
      await Promise.all(this.stalled.values());
    }
  }

  private enqueue(item: QueuedEvent): void {
    this.queue.push(item);
    this.fresh = true;
    this.kick();
  }

  private kick(): void {
    if (this.running !== undefined || !this.fresh || this.stopped) return;
    // One turn of the event loop first, so that task results arriving together share a round.
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.pump())
      .finally(() => {
        this.running = undefined;
        this.kick();
      });
  }

  private async pump(): Promise<void> {
    while (this.fresh && !this.stopped) {
      this.fresh = false;
      const round: PumpRound = { parts: new Map(), waiters: [] };
      const taken = await this.fill(round);
      if (this.stopped) return;
      await this.commit(round);
      // A full round may have left events behind.
      if (taken > 0) this.fresh = true;
    }
  }

  /** Applies queued events into the round, passing over (in order) those of executions stalled off-thread. */
  private async fill(round: PumpRound): Promise<number> {
    const passed: QueuedEvent[] = [];
    const waiting = new Set<LiveExecution>();
    let taken = 0;
    while (taken < this.maxEventsPerRound && this.queue.length > 0 && !this.stopped) {
      const item = this.queue.shift() as QueuedEvent;
      // A resumed event goes first: the execution's events passed over come after it.
      if (item.resumed === undefined && (waiting.has(item.execution) || this.stalled.has(item.execution))) {
        waiting.add(item.execution);
        passed.push(item);
        continue;
      }
      taken++;
      await this.take(item, round);
    }
    this.queue.unshift(passed);
    if (this.stopped) for (const item of this.queue.drain()) this.reject(item, this.stopReason);
    return taken;
  }

  private async take(item: QueuedEvent, round: PumpRound): Promise<void> {
    const execution = item.execution;
    if (item.resumed !== undefined) this.stalled.delete(execution);
    if (!this.host.isCurrent(execution)) {
      // Not driven here (any more): an inbox event stays in the inbox for whoever drives the execution.
      const carried = item.resumed?.part;
      const seqs = [
        ...(carried?.batch.inboxDone ?? []),
        ...(item.inboxSeq === undefined ? [] : [item.inboxSeq]),
      ];
      round.waiters.push(...(carried?.waiters ?? []), ...(item.done === undefined ? [] : [item.done]));
      this.host.released(seqs);
      return;
    }
    const part = item.resumed?.part ?? round.parts.get(execution) ?? newPart();
    round.parts.set(execution, part);
    if (item.done !== undefined) part.waiters.push(item.done);
    if (item.inboxSeq !== undefined) part.batch.inboxDone.push(item.inboxSeq);
    const settled = item.resumed?.settled ?? (await this.advance(item, part));
    if (settled === undefined) {
      // Stepping off-thread: the execution's writes so far wait with it for a later round.
      round.parts.delete(execution);
      return;
    }
    try {
      if (!settled.ok) throw settled.error;
      if (settled.stepped !== undefined) execution.record(settled.stepped, part);
    } catch (error) {
      this.host.failed(execution, error, part);
    }
  }

  /**
   * Steps the event. Steps without JSONata answer at once and inline JSONata within this turn of the event loop;
   * a step still waiting after it is left to finish off-thread (undefined), and queued again with its result.
   */
  private async advance(item: QueuedEvent, part: RoundPart): Promise<Settled | undefined> {
    let stepping: ReturnType<LiveExecution['advance']>;
    try {
      stepping = item.execution.advance(item.runId, item.body);
    } catch (error) {
      return { ok: false, error };
    }
    if (!(stepping instanceof Promise)) return { ok: true, stepped: stepping };
    const settling = stepping.then(
      (stepped): Settled => ({ ok: true, stepped }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
    const first = await Promise.race([settling, this.nextTurn()]);
    if (first !== undefined) return first;
    const resumed = settling.then((settled) => this.resume(item, settled, part));
    this.stalled.set(item.execution, resumed);
    return undefined;
  }

  private resume(item: QueuedEvent, settled: Settled, part: RoundPart): void {
    if (this.stopped) {
      for (const waiter of part.waiters) waiter.reject(this.stopReason);
      return;
    }
    this.enqueue({
      execution: item.execution,
      runId: item.runId,
      body: item.body,
      resumed: { settled, part },
    });
  }

  /** Resolves at the next turn of the event loop (one timer shared by every step racing it meanwhile). */
  private nextTurn(): Promise<undefined> {
    this.turn ??= new Promise((resolve) =>
      setImmediate(() => {
        this.turn = undefined;
        resolve(undefined);
      }),
    );
    return this.turn;
  }

  private async commit(round: PumpRound): Promise<void> {
    const parts = [...round.parts.values()];
    const batch = parts.length === 1 ? (parts[0] as RoundPart).batch : new WriteBatch();
    if (parts.length > 1) for (const part of parts) batch.absorb(part.batch);
    const waiters = [...round.waiters, ...parts.flatMap((part) => part.waiters)];
    try {
      if (!batch.empty) await this.host.commit(batch);
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      this.host.released(batch.inboxDone);
      this.host.rolledBack(new Set(round.parts.keys()), error);
      return;
    }
    this.host.released(batch.inboxDone);
    for (const part of parts) for (const effect of part.effects) effect();
    for (const waiter of waiters) waiter.resolve();
  }

  private reject(item: QueuedEvent, reason: unknown): void {
    item.done?.reject(reason);
    for (const waiter of item.resumed?.part.waiters ?? []) waiter.reject(reason);
  }
}

function newPart(): RoundPart {
  return { batch: new WriteBatch(), effects: [], waiters: [] };
}
