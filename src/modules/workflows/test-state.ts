// TestState: runs one state with a given input (no retries, no waiting) and reports its output and next state.
import type { StateMachineDefinition } from './asl/definition.js';
import type { HistoryEvent } from './asl/history.js';
import { isObject, type Json, type JsonObject, parseJsonText } from './asl/json.js';
import type { ExpressRunner } from './engine/express/express-runner.js';
import { workflowError } from './errors.js';

export interface TestStateInput {
  /** A state's definition as JSON text, or a whole state machine's with `stateName`. */
  readonly definition: string;
  readonly stateName?: string;
  readonly input?: string;
  readonly inspectionLevel?: 'INFO' | 'DEBUG' | 'TRACE';
  /** JSON object of variables the state can read. */
  readonly variables?: string;
}

export interface TestStateOutput {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: {
    readonly input?: string;
    readonly result?: string;
    readonly variables?: string;
  };
}

const UNCATCHABLE_BY_ALL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

export async function testState(runner: ExpressRunner, request: TestStateInput): Promise<TestStateOutput> {
  const { name, state, language } = pickState(request);
  const { definition, normal, caught } = wrap(name, state, language, request.variables);
  const input = parse(request.input ?? '{}', 'INVALID_INPUT', 'input');
  const result = await runner.run({ definition, input, stateMachineName: 'TestState' });
  const entered = result.history.filter((e) => e.stateEnteredEventDetails !== undefined);
  const tested = entered.find((e) => e.stateEnteredEventDetails?.name === name);
  const next = entered.find((e) => e !== tested && e.stateEnteredEventDetails?.name !== '__variables__');
  const inspection = inspect(request, tested, result.history);
  if (result.status !== 'SUCCEEDED') {
    const error = result.error ?? undefined;
    const retriable = error !== undefined && retries(state, error);
    return {
      status: retriable ? 'RETRIABLE' : 'FAILED',
      ...(error === undefined ? {} : { error }),
      ...(result.cause === null || result.cause === undefined ? {} : { cause: result.cause }),
      ...inspection,
    };
  }
  if (next === undefined)
    return { status: 'SUCCEEDED', output: JSON.stringify(result.output ?? null), ...inspection };
  const nextName = next.stateEnteredEventDetails?.name as string;
  const failure = [...result.history].reverse().find((e) => /Failed$|TimedOut$/.test(e.type));
  const wasCaught = caught.has(nextName) && (!normal.has(nextName) || failure !== undefined);
  const details = failure === undefined ? undefined : errorOf(failure);
  return {
    status: wasCaught ? 'CAUGHT_ERROR' : 'SUCCEEDED',
    output: next.stateEnteredEventDetails?.input ?? 'null',
    nextState: nextName,
    ...(wasCaught && details?.error !== undefined ? { error: details.error } : {}),
    ...(wasCaught && details?.cause !== undefined ? { cause: details.cause } : {}),
    ...inspection,
  };
}

function pickState(request: TestStateInput): { name: string; state: JsonObject; language: Json | undefined } {
  const parsed = parse(request.definition, 'INVALID_DEFINITION', 'definition');
  if (!isObject(parsed)) throw workflowError('INVALID_DEFINITION', 'The definition must be a JSON object');
  if (isObject(parsed.States)) {
    const name = request.stateName ?? (typeof parsed.StartAt === 'string' ? parsed.StartAt : '');
    const state = parsed.States[name];
    if (!isObject(state))
      throw workflowError('INVALID_DEFINITION', `The definition has no state named '${name}'`);
    return { name, state, language: parsed.QueryLanguage };
  }
  if (typeof parsed.Type !== 'string')
    throw workflowError('INVALID_DEFINITION', 'A state definition needs a Type');
  return { name: request.stateName ?? 'TestState', state: parsed, language: undefined };
}

/** A machine of the state (without Retry) and a pass-through stand-in for every state it can go to. */
function wrap(name: string, state: JsonObject, language: Json | undefined, variables: string | undefined) {
  const normal = new Set<string>();
  const caught = new Set<string>();
  if (typeof state.Next === 'string') normal.add(state.Next);
  if (typeof state.Default === 'string') normal.add(state.Default);
  for (const choice of Array.isArray(state.Choices) ? state.Choices : []) {
    if (isObject(choice) && typeof choice.Next === 'string') normal.add(choice.Next);
  }
  for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
    if (isObject(catcher) && typeof catcher.Next === 'string') caught.add(catcher.Next);
  }
  const { Retry: _retry, ...tested } = state;
  const states: Record<string, Json> = { [name]: tested };
  for (const target of new Set([...normal, ...caught])) {
    if (target !== name) states[target] = { Type: 'Pass', End: true };
  }
  let startAt = name;
  if (variables !== undefined) {
    const assign = parse(variables, 'INVALID_INPUT', 'variables');
    if (!isObject(assign)) throw workflowError('INVALID_INPUT', 'The variables must be a JSON object');
    states.__variables__ = { Type: 'Pass', Assign: assign, Next: name };
    startAt = '__variables__';
  }
  const definition = {
    ...(language === undefined ? {} : { QueryLanguage: language }),
    StartAt: startAt,
    States: states,
  } as StateMachineDefinition;
  return { definition, normal, caught };
}

function retries(state: JsonObject, error: string): boolean {
  const retriers = Array.isArray(state.Retry) ? state.Retry : [];
  return retriers.some((r) => {
    if (!isObject(r) || !Array.isArray(r.ErrorEquals) || r.MaxAttempts === 0) return false;
    const names = r.ErrorEquals;
    if (names.includes(error)) return true;
    if (UNCATCHABLE_BY_ALL.has(error)) return false;
    return (
      names.includes('States.ALL') || (names.includes('States.TaskFailed') && error !== 'States.Timeout')
    );
  });
}

function errorOf(event: HistoryEvent): { error?: string; cause?: string } | undefined {
  for (const [field, value] of Object.entries(event)) {
    if (field.endsWith('EventDetails') && isObject(value as Json)) {
      const details = value as { error?: string; cause?: string };
      if (details.error !== undefined || details.cause !== undefined) return details;
    }
  }
  return undefined;
}

function inspect(
  request: TestStateInput,
  tested: HistoryEvent | undefined,
  history: readonly HistoryEvent[],
) {
  if (request.inspectionLevel !== 'DEBUG' && request.inspectionLevel !== 'TRACE') return {};
  const result = history.find((e) => e.taskSucceededEventDetails !== undefined)?.taskSucceededEventDetails
    ?.output;
  return {
    inspectionData: {
      ...(tested?.stateEnteredEventDetails === undefined
        ? {}
        : { input: tested.stateEnteredEventDetails.input }),
      ...(result === undefined ? {} : { result }),
      ...(request.variables === undefined ? {} : { variables: request.variables }),
    },
  };
}

function parse(text: string, code: 'INVALID_DEFINITION' | 'INVALID_INPUT', what: string): Json {
  try {
    return parseJsonText(text);
  } catch (error) {
    throw workflowError(code, `The ${what} is not valid JSON: ${String(error)}`);
  }
}
