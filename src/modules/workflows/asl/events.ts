// Events: everything that happens to a run from outside the pure core, each stamped with time and entropy.
import type { Json } from './json.js';

/** Stamped by the engine on every event, so replaying the same events yields the same result. */
export interface EventStamp {
  /** Milliseconds since the epoch at which the event is applied. */
  readonly at: number;
  /** Id for the first history event this step writes; the engine advances it by `history.length`. */
  readonly historyId: number;
  /** Seed for this step's randomness (MathRandom, UUID, jitter, task tokens). */
  readonly entropy: string;
}

export type WorkflowEvent = EventStamp &
  (
    | { readonly type: 'start'; readonly input: Json; readonly parentEventId?: number }
    | { readonly type: 'taskSubmitted'; readonly taskId: string; readonly output: Json }
    | { readonly type: 'taskSucceeded'; readonly taskId: string; readonly output: Json }
    | { readonly type: 'taskFailed'; readonly taskId: string; readonly error: string; readonly cause: string }
    | { readonly type: 'taskHeartbeat'; readonly taskId: string }
    | { readonly type: 'timerFired'; readonly timerId: string }
    | { readonly type: 'childSucceeded'; readonly childId: string; readonly output: Json }
    | {
        readonly type: 'childFailed';
        readonly childId: string;
        readonly error: string | null;
        readonly cause: string | null;
      }
    | { readonly type: 'objectRead'; readonly requestId: string; readonly body: string }
    | { readonly type: 'objectsListed'; readonly requestId: string; readonly objects: readonly Json[] }
    | { readonly type: 'objectWritten'; readonly requestId: string }
    | {
        readonly type: 'storageFailed';
        readonly requestId: string;
        readonly error: string;
        readonly cause: string;
      }
    | { readonly type: 'abort'; readonly error?: string; readonly cause?: string }
  );

export type WorkflowEventType = WorkflowEvent['type'];

/** An event body without its stamp, as the engine queues it before applying. */
export type EventBody = WorkflowEvent extends infer E
  ? E extends EventStamp
    ? Omit<E, keyof EventStamp>
    : never
  : never;
