// The engine's queue of events to apply, in arrival order (a ring-free deque: shift is O(1)).
import type { EventBody } from '../asl/events.js';
import type { LiveExecution } from './live-execution.js';

export interface QueuedEvent {
  readonly execution: LiveExecution;
  readonly runId: string;
  readonly body: EventBody;
  /** Settled once the round applying the event is committed (or failed). */
  readonly done?: { resolve(): void; reject(error: unknown): void };
  /** The inbox row the event came from, deleted in the same round. */
  readonly inboxSeq?: number;
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

  /** Empties the queue, returning what was left. */
  drain(): QueuedEvent[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}
