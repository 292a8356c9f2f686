// Reads an execution's event history into what happened to each state: entered, succeeded, failed or caught,
// with its input, output and error, as the Step Functions console colours its graph.
import type { HistoryEvent } from '../api/types.js';

export type Outcome = 'succeeded' | 'failed' | 'caught' | 'running' | 'aborted' | 'not-run';

export interface StateRun {
  readonly name: string;
  outcome: Outcome;
  /** Times the state was entered (Map iterations and loops enter it again). */
  entered: number;
  succeeded: number;
  /** Failures a Catch handled (the state exited to its Catch target). */
  caught: number;
  /** Failures no Retry or Catch handled. */
  failed: number;
  input?: string | undefined;
  output?: string | undefined;
  error?: string;
  cause?: string;
  enteredAt?: string;
  exitedAt?: string;
}

const FAILURE_TYPES = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'MapStateFailed',
  'ParallelStateFailed',
  'EvaluationFailed',
]);

const EXECUTION_ENDS = new Set(['ExecutionFailed', 'ExecutionTimedOut']);

interface Details {
  readonly name?: string;
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly state?: string;
}

/** The `*EventDetails` object of an event, whatever its type. */
export function detailsOf(event: HistoryEvent): Details {
  for (const [key, value] of Object.entries(event))
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as Details;
  return {};
}

/** Each event's state: the state it entered or exited, or the state of the event it follows. */
export function stateOfEvents(events: readonly HistoryEvent[]): Map<number, string> {
  const byId = new Map<number, string>();
  const exits = new Set<number>();
  for (const event of events) {
    const details = detailsOf(event);
    if (event.type.endsWith('StateEntered') || event.type.endsWith('StateExited')) {
      if (details.name) byId.set(event.id, details.name);
      if (event.type.endsWith('StateExited')) exits.add(event.id);
    } else if (event.type === 'EvaluationFailed' && details.state) byId.set(event.id, details.state);
    else if (!exits.has(event.previousEventId)) {
      const previous = byId.get(event.previousEventId);
      if (previous !== undefined) byId.set(event.id, previous);
    }
  }
  return byId;
}

/** What happened to each state; `ended` says the execution is over (states still entered were aborted). */
export function stateRuns(events: readonly HistoryEvent[], ended: boolean): Map<string, StateRun> {
  const runs = new Map<string, StateRun>();
  const stateOf = stateOfEvents(events);
  const byId = new Map(events.map((e) => [e.id, e]));
  const followers = new Map<number, string[]>();
  for (const e of events)
    followers.set(e.previousEventId, [...(followers.get(e.previousEventId) ?? []), e.type]);
  const run = (name: string) => {
    let found = runs.get(name);
    if (!found) {
      found = { name, outcome: 'not-run', entered: 0, succeeded: 0, caught: 0, failed: 0 };
      runs.set(name, found);
    }
    return found;
  };
  for (const event of events) {
    const name = stateOf.get(event.id);
    if (name === undefined) continue;
    const details = detailsOf(event);
    const state = run(name);
    if (event.type.endsWith('StateEntered')) {
      state.entered++;
      state.input = details.input ?? state.input;
      state.enteredAt = event.timestamp;
    } else if (event.type.endsWith('StateExited')) {
      const previous = byId.get(event.previousEventId);
      if (previous && FAILURE_TYPES.has(previous.type)) {
        state.caught++;
        Object.assign(state, errorOf(detailsOf(previous)));
      } else state.succeeded++;
      state.output = details.output ?? state.output;
      state.exitedAt = event.timestamp;
    } else if (FAILURE_TYPES.has(event.type) && isFinal(followers.get(event.id) ?? [])) {
      state.failed++;
      Object.assign(state, errorOf(details));
    } else if (
      EXECUTION_ENDS.has(event.type) &&
      state.failed === 0 &&
      state.entered > state.succeeded + state.caught
    ) {
      // A Fail state, or a timeout or abort in the middle of a state: the execution's end is the state's.
      state.failed++;
      Object.assign(state, errorOf(details));
    }
  }
  for (const state of runs.values()) state.outcome = outcomeOf(state, ended);
  return runs;
}

/** A failure is final unless a retry (a new attempt) or a Catch (the state exits) follows it. */
function isFinal(followingTypes: readonly string[]): boolean {
  return !followingTypes.some(
    (t) =>
      t.endsWith('StateExited') ||
      t.endsWith('Scheduled') ||
      t.endsWith('Started') ||
      t.endsWith('Submitted'),
  );
}

function errorOf(details: Details): { error?: string; cause?: string } {
  return {
    ...(details.error === undefined ? {} : { error: details.error }),
    ...(details.cause === undefined ? {} : { cause: details.cause }),
  };
}

function outcomeOf(state: StateRun, ended: boolean): Outcome {
  const open = state.entered - state.succeeded - state.caught - state.failed;
  if (state.failed > 0) return 'failed';
  if (open > 0) return ended ? 'aborted' : 'running';
  if (state.caught > 0) return 'caught';
  return state.succeeded > 0 ? 'succeeded' : 'not-run';
}
