// Mocked task responses in the format of AWS Step Functions Local's MockConfigFile.
import { isObject, type Json, type JsonObject } from '../../asl/json.js';
import { workflowError } from '../../errors.js';
import type { TaskReport } from '../tasks/task-report.js';

/** Responses by invocation number: keys like "0" or "1-2"; values {Return: json} or {Throw: {Error, Cause}}. */
export type MockedResponse = Readonly<Record<string, JsonObject>>;

/** Mocked responses per Task state name, for one test case. */
export type StateMocks = Readonly<Record<string, MockedResponse>>;

export interface MockConfigFile {
  readonly StateMachines: Readonly<
    Record<string, { readonly TestCases: Readonly<Record<string, Readonly<Record<string, string>>>> }>
  >;
  readonly MockedResponses: Readonly<Record<string, MockedResponse>>;
}

/** The state mocks of one test case of a MockConfigFile; throws WORKFLOW_INVALID_MOCK_CONFIG when missing. */
export function resolveMocks(config: Json, stateMachineName: string, testCase: string): StateMocks {
  if (!isObject(config) || !isObject(config.StateMachines) || !isObject(config.MockedResponses)) {
    throw workflowError(
      'INVALID_MOCK_CONFIG',
      'A mock config needs StateMachines and MockedResponses objects',
    );
  }
  const machine = config.StateMachines[stateMachineName];
  const cases = isObject(machine) && isObject(machine.TestCases) ? machine.TestCases : undefined;
  const selected = cases?.[testCase];
  if (!isObject(selected)) {
    throw workflowError(
      'INVALID_MOCK_CONFIG',
      `The mock config has no test case '${testCase}' for state machine '${stateMachineName}'`,
      {
        stateMachineName,
        testCase,
      },
    );
  }
  const mocks: Record<string, MockedResponse> = {};
  for (const [state, responseName] of Object.entries(selected)) {
    const response = typeof responseName === 'string' ? config.MockedResponses[responseName] : undefined;
    if (!isObject(response)) {
      throw workflowError(
        'INVALID_MOCK_CONFIG',
        `The mocked response '${String(responseName)}' for state '${state}' is not defined`,
      );
    }
    mocks[state] = checkResponse(state, response);
  }
  return mocks;
}

/** Checks inline mocks ({state: {"0": {Return}}}) the same way. */
export function checkMocks(value: Json): StateMocks {
  if (!isObject(value))
    throw workflowError('INVALID_MOCK_CONFIG', 'Mocks must be an object of state name to mocked response');
  const mocks: Record<string, MockedResponse> = {};
  for (const [state, response] of Object.entries(value)) {
    if (!isObject(response))
      throw workflowError(
        'INVALID_MOCK_CONFIG',
        `The mocked response for state '${state}' must be an object`,
      );
    mocks[state] = checkResponse(state, response);
  }
  return mocks;
}

function checkResponse(state: string, response: JsonObject): MockedResponse {
  for (const [key, value] of Object.entries(response)) {
    const range = parseRange(key);
    const ok = range !== undefined && isObject(value) && ('Return' in value || isObject(value.Throw));
    if (!ok) {
      throw workflowError(
        'INVALID_MOCK_CONFIG',
        `Mocked response '${key}' of state '${state}' needs a Return value or a Throw object`,
      );
    }
  }
  return response as MockedResponse;
}

function parseRange(key: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(key);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return to >= from ? [from, to] : undefined;
}

/** The report for the `invocation`-th (0-based) call of a mocked state; past the last range, the last one. */
export function mockedReport(response: MockedResponse, invocation: number): TaskReport {
  const entries = Object.entries(response)
    .map(([key, value]) => ({ range: parseRange(key) as [number, number], value }))
    .sort((a, b) => a.range[0] - b.range[0]);
  const hit = entries.find((e) => invocation >= e.range[0] && invocation <= e.range[1]) ?? entries.at(-1);
  const value = hit?.value ?? {};
  if (isObject(value.Throw)) {
    const error = typeof value.Throw.Error === 'string' ? value.Throw.Error : 'States.TaskFailed';
    const cause = typeof value.Throw.Cause === 'string' ? value.Throw.Cause : '';
    return { type: 'taskFailed', error, cause };
  }
  return { type: 'taskSucceeded', output: value.Return ?? null };
}
