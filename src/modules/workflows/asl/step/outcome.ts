// What a state handler reports back to the step loop.

import type { EventBody } from '../events.js';
import type { StateKind } from '../history.js';
import type { Json } from '../json.js';
import type { StateContext } from './state-context.js';

export type Outcome =
  /** The state is done; `next` null means End. `assigned` is what Assign set (for the Exited event). */
  | {
      readonly kind: 'exit';
      readonly output: Json;
      readonly next: string | null;
      readonly assigned?: Readonly<Record<string, Json>>;
    }
  /** The state issued commands and waits for an event. */
  | { readonly kind: 'wait' }
  /** A Succeed state: the run ends successfully after the Exited event. */
  | { readonly kind: 'succeed'; readonly output: Json }
  /** A Fail state, or an error nothing caught: the run fails. */
  | { readonly kind: 'fail'; readonly error: string | null; readonly cause: string | null }
  /** The event was not meant for the waiting state (stale id); nothing changes. */
  | { readonly kind: 'ignored' };

export type MaybeAsync<T> = T | Promise<T>;

/** One state type. Handlers throw AslError for ASL errors; the loop applies Retry and Catch. */
export interface StateHandler {
  readonly kind: StateKind;
  /** Whether Retry and Catch apply to errors of this state. */
  readonly recoverable: boolean;
  /** Starts the state's work, again after each retry delay. */
  start(ctx: StateContext): MaybeAsync<Outcome>;
  /** Handles an event for the waiting state. */
  resume?(ctx: StateContext, event: EventBody): MaybeAsync<Outcome>;
  /** Stops what the state still has running (tasks, timers, children) when it is left early. */
  cancel?(ctx: StateContext): void;
}
