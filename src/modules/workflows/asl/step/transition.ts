// Entering and leaving a state: the run's active state and the <Kind>StateEntered/Exited history events.
import { type HistoryEventType, NOT_TRUNCATED, type StateKind } from '../history.js';
import { type Json, toJsonText } from '../json.js';
import { handlerFor } from '../states/table.js';
import type { StateContext } from './state-context.js';

const ENTERED = eventNames('StateEntered');
const EXITED = eventNames('StateExited');

function eventNames(suffix: 'StateEntered' | 'StateExited'): Readonly<Record<StateKind, HistoryEventType>> {
  const kinds: StateKind[] = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Map', 'Parallel'];
  return Object.fromEntries(kinds.map((kind) => [kind, `${kind}${suffix}`])) as Record<
    StateKind,
    HistoryEventType
  >;
}

export function enter(ctx: StateContext, name: string, input: Json): void {
  ctx.focus(name);
  const id = ctx.emit(ENTERED[handlerFor(ctx.state.Type).kind], 'stateEnteredEventDetails', () => ({
    name,
    input: ctx.text(input),
    inputDetails: NOT_TRUNCATED,
  }));
  ctx.run.active = {
    name,
    enteredEventId: id,
    enteredTime: ctx.isoNow(),
    input,
    retryCount: 0,
    retryAttempts: [],
    wait: null,
  };
}

export function exitState(
  ctx: StateContext,
  output: Json,
  assigned: Readonly<Record<string, Json>> | undefined,
): void {
  const name = ctx.name;
  ctx.emit(EXITED[handlerFor(ctx.state.Type).kind], 'stateExitedEventDetails', () => ({
    name,
    output: ctx.text(output),
    outputDetails: NOT_TRUNCATED,
    ...(assigned === undefined
      ? {}
      : {
          assignedVariables: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, toJsonText(v)])),
          assignedVariablesDetails: NOT_TRUNCATED,
        }),
  }));
  ctx.run.active = null;
}
