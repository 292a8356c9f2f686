// Child runs of Map and Parallel: starting them, matching their completion events, and stopping them.
import type { EventBody } from '../events.js';
import type { Json } from '../json.js';
import type { ChildrenWait, ContextItem } from '../run-state.js';
import type { StateContext } from '../step/state-context.js';

export type ChildEnd =
  | { readonly ok: true; readonly index: number; readonly output: Json }
  | {
      readonly ok: false;
      readonly index: number;
      readonly error: string | null;
      readonly cause: string | null;
    };

export interface ChildStart {
  readonly scope: string;
  readonly input: Json;
  readonly index: number;
  readonly parentEventId: number;
  readonly item?: ContextItem;
}

export function startChild(ctx: StateContext, wait: ChildrenWait, start: ChildStart): void {
  const kind = wait.mode === 'map' ? 'iteration' : 'branch';
  const childId = ctx.nextId(kind);
  wait.running[childId] = start.index;
  ctx.command({
    type: 'startChild',
    childId,
    scope: start.scope,
    input: start.input,
    variables: wait.distributed ? {} : ctx.variables(),
    kind,
    distributed: wait.distributed,
    index: start.index,
    ...(start.item === undefined ? {} : { item: start.item }),
    parentEventId: start.parentEventId,
  });
}

/** The child that an event reports the end of, or undefined when the event is not about a running child. */
export function childEnd(wait: ChildrenWait, event: EventBody): ChildEnd | undefined {
  if (event.type !== 'childSucceeded' && event.type !== 'childFailed') return undefined;
  const index = wait.running[event.childId];
  if (index === undefined) return undefined;
  delete wait.running[event.childId];
  if (event.type === 'childSucceeded') return { ok: true, index, output: event.output };
  return { ok: false, index, error: event.error, cause: event.cause };
}

/** Stops all running children; returns their indexes (for MapIterationAborted events). */
export function stopChildren(ctx: StateContext, wait: ChildrenWait): number[] {
  const stopped: number[] = [];
  for (const [childId, index] of Object.entries(wait.running)) {
    ctx.command({ type: 'stopChild', childId });
    stopped.push(index);
  }
  wait.running = {};
  return stopped;
}

/**
 * Children started and not ended yet. Counted rather than read off `running` (O(n) per event, so a wide Map
 * went quadratic): every child started advanced `nextIndex`, and every one that ended was counted as
 * succeeded or failed. Meaningful while the state waits for its children (`stopChildren` ends that).
 */
export function runningCount(wait: ChildrenWait): number {
  return wait.nextIndex - wait.succeeded - wait.failed.length;
}
