// The engine's pump: takes queued events in rounds, applies them, commits each round's writes in one transaction,
// and only then runs the round's side effects and settles its callers.
import type { EventBody } from '../asl/events.js';
import type { LiveExecution, Round } from './live-execution.js';
import { type QueuedEvent, RoundQueue } from './round-queue.js';
import { WriteBatch } from './write-batch.js';

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

interface PumpRound extends Round {
  readonly waiters: NonNullable<QueuedEvent['done']>[];
  readonly touched: Set<LiveExecution>;
}

export class RoundPump {
  private readonly queue = new RoundQueue();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly host: PumpHost,
    private readonly maxEventsPerRound: number,
  ) {}

  push(execution: LiveExecution, runId: string, body: EventBody): void {
    if (this.stopped) return;
    this.queue.push({ execution, runId, body });
    this.kick();
  }

  /** Queues an event; resolves once the round that applied it is committed. */
  submit(execution: LiveExecution, runId: string, body: EventBody, inboxSeq?: number): Promise<void> {
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

  /** Stops taking events (rejecting those queued); with `finish`, waits for the round in progress to commit. */
  async stop(reason: unknown, finish: boolean): Promise<void> {
    this.stopped = true;
    for (const item of this.queue.drain()) item.done?.reject(reason);
    if (finish) await this.running;
  }

  private kick(): void {
    if (this.running !== undefined || this.queue.length === 0 || this.stopped) return;
    // One turn of the event loop first, so that task results arriving together share a round.
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.pump())
      .finally(() => {
        this.running = undefined;
        this.kick();
      });
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const round: PumpRound = { batch: new WriteBatch(), effects: [], waiters: [], touched: new Set() };
      for (let n = 0; n < this.maxEventsPerRound && this.queue.length > 0; n++) {
        const item = this.queue.shift() as QueuedEvent;
        if (item.done !== undefined) round.waiters.push(item.done);
        if (!this.host.isCurrent(item.execution)) {
          // Not driven here (any more): an inbox event stays in the inbox for whoever drives the execution.
          if (item.inboxSeq !== undefined) this.host.released([item.inboxSeq]);
          continue;
        }
        if (item.inboxSeq !== undefined) round.batch.inboxDone.push(item.inboxSeq);
        round.touched.add(item.execution);
        try {
          await item.execution.apply(item.runId, item.body, round);
        } catch (error) {
          this.host.failed(item.execution, error, round);
        }
      }
      if (this.stopped) return;
      await this.commit(round);
    }
  }

  private async commit(round: PumpRound): Promise<void> {
    try {
      if (!round.batch.empty) await this.host.commit(round.batch);
    } catch (error) {
      for (const waiter of round.waiters) waiter.reject(error);
      this.host.released(round.batch.inboxDone);
      this.host.rolledBack(round.touched, error);
      return;
    }
    this.host.released(round.batch.inboxDone);
    for (const effect of round.effects) effect();
    for (const waiter of round.waiters) waiter.resolve();
  }
}
