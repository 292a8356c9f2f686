// The engine's queue of events to apply, in arrival order (a ring-free deque: shift is O(1)), and what a round
// holds per execution.
import type { EventBody } from '../../asl/events.js';
import type { LiveExecution, Round, SteppedEvent } from './live-execution.js';

export interface QueuedEvent {
  readonly execution: LiveExecution;
  readonly runId: string;
  readonly body: EventBody;
  /** Settled once the round applying the event is committed (or failed). */
  readonly done?: { resolve(): void; reject(error: unknown): void };
  /** The inbox row the event came from, deleted in the same round. */
  readonly inboxSeq?: number;
  /** An event whose step waited off-thread, back with its outcome and its execution's carried writes. */
  readonly resumed?: { readonly settled: Settled; readonly part: RoundPart };
}

/** How stepping an event ended. */
export type Settled =
  | { readonly ok: true; readonly stepped: SteppedEvent | undefined }
  | { readonly ok: false; readonly error: unknown };

/** One execution's share of a round: its writes and effects, and the callers waiting for them to commit. */
export interface RoundPart extends Round {
  readonly waiters: NonNullable<QueuedEvent['done']>[];
}

export class RoundQueue {
  private items: QueuedEvent[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: QueuedEvent): void {
    this.items.push(item);
  }

  shift(): QueuedEvent | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Puts events back in front, in their order (events passed over because their execution was busy). */
  unshift(items: readonly QueuedEvent[]): void {
    if (items.length === 0) return;
    this.items = [...items, ...this.items.slice(this.head)];
    this.head = 0;
  }

  /** Empties the queue, returning what was left. */
  drain(): QueuedEvent[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}
