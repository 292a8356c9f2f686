// Runaway user expressions (issue #12, item 3): JSONata that would hold a core for seconds, and intrinsics and
// JSONPath over the biggest inputs. Each fails with the ASL error AWS uses (or succeeds), and never blocks the
// server: JSONata past the inline budget runs on the expression pool, terminated at the timeout.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL intrinsics are written with {} placeholders
import { expect } from 'vitest';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import { sfn } from '../support/sfn-request.js';

/** The expression timeout of these servers: long past any legitimate expression here, short for a test. */
export const EXPRESSION_TIMEOUT_MS = 3000;
export const SETTINGS = {
  'workflows.expressionTimeoutMs': EXPRESSION_TIMEOUT_MS,
  'workflows.expressionWorkers': 2,
};

export const ROLE = 'arn:aws:iam::000000000000:role/states-role';
/**
 * 30 million function calls: a minute of CPU (a million took 1.7 s on main's event loop), and no allocation big
 * enough to trip the sequence limit.
 */
export const SPIN =
  '$reduce([1..999999], function($acc, $n) { $acc + $reduce([1..30], function($a, $b) { $a + $b }) }, 0)';

const jsonata = (state: object) =>
  JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 's', States: { s: state, done: { Type: 'Succeed' } } });

/** Four states that each spin in a different field: what the concurrent test runs at once. */
export const SPINNING: Readonly<Record<string, string>> = {
  'a Pass Output': jsonata({ Type: 'Pass', Output: `{% ${SPIN} %}`, Next: 'done' }),
  'a Pass Assign': jsonata({ Type: 'Pass', Assign: { total: `{% ${SPIN} %}` }, Next: 'done' }),
  'a Choice Condition': jsonata({
    Type: 'Choice',
    Choices: [{ Condition: `{% ${SPIN} > 0 %}`, Next: 'done' }],
    Default: 'done',
  }),
  'a Fail Cause': jsonata({ Type: 'Fail', Error: 'E', Cause: `{% $string(${SPIN}) %}` }),
};

/** A TestState answer: the state FAILED with `error` (as AWS reports an evaluation error of the tested state). */
export function expectStateFailed(outcome: Outcome, error: string | RegExp): void {
  if (!('status' in outcome)) throw new Error('expected an HTTP reply');
  expect(outcome.status, outcome.text.slice(0, 300)).toBe(200);
  const body = JSON.parse(outcome.text) as { status?: string; error?: string; cause?: string };
  expect(body.status, outcome.text.slice(0, 300)).toBe('FAILED');
  expect(body.error).toMatch(error);
}

function expectSucceeded(outcome: Outcome): void {
  if (!('status' in outcome)) throw new Error('expected an HTTP reply');
  expect(outcome.status, outcome.text.slice(0, 300)).toBe(200);
  const body = JSON.parse(outcome.text) as { status?: string };
  expect(body.status, outcome.text.slice(0, 300)).toBe('SUCCEEDED');
}

const testState = (definition: string, input = '{}') =>
  sfn('TestState', { definition, roleArn: ROLE, input });

/** The biggest input Step Functions accepts is 256 KiB: about 40,000 distinct numbers. */
const BIG_ARRAY = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => i) });
const jsonPath = (state: object) => JSON.stringify({ StartAt: 's', States: { s: { ...state, End: true } } });

const cases: HostileCase[] = [
  {
    name: "TestState with the issue's $reduce over [1..3000000] (JSONata)",
    act: testState(
      jsonata({
        Type: 'Pass',
        Output: '{% $reduce([1..3000000], function($acc, $n) { $acc + $n }, 0) %}',
        Next: 'done',
      }),
    ),
    check: (outcome) => expectStateFailed(outcome, 'States.QueryEvaluationError'),
  },
  ...Object.entries(SPINNING).map(
    ([what, definition]): HostileCase => ({
      name: `TestState with a runaway JSONata expression in ${what}`,
      act: testState(definition),
      check: (outcome) => {
        expectStateFailed(outcome, 'States.QueryEvaluationError');
        if ('text' in outcome) expect(outcome.text).toMatch(/Evaluation timeout after \d+ milliseconds/);
      },
    }),
  ),
  {
    name: 'StartSyncExecution of an EXPRESS machine with a runaway JSONata expression',
    act: async (server) => {
      const created = await sfn('CreateStateMachine', {
        name: 'runaway-express',
        type: 'EXPRESS',
        roleArn: ROLE,
        definition: SPINNING['a Pass Output'],
      })(server);
      const { stateMachineArn } = JSON.parse(created.text) as { stateMachineArn: string };
      const outcome = await sfn('StartSyncExecution', { stateMachineArn, input: '{}' })(server);
      await sfn('DeleteStateMachine', { stateMachineArn })(server);
      return outcome;
    },
    check: (outcome) => {
      if (!('status' in outcome)) throw new Error('expected an HTTP reply');
      const body = JSON.parse(outcome.text) as { status?: string; error?: string };
      expect(body.status, outcome.text.slice(0, 300)).toBe('FAILED');
      expect(body.error).toBe('States.QueryEvaluationError');
    },
  },
  {
    name: 'TestState with States.ArrayUnique over 40,000 distinct items (256 KiB)',
    act: testState(
      jsonPath({ Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength(States.ArrayUnique($.items))' } }),
      BIG_ARRAY,
    ),
    check: expectSucceeded,
  },
  {
    name: 'TestState with a JSONPath filter over 40,000 items (256 KiB)',
    act: testState(jsonPath({ Type: 'Pass', InputPath: '$.items[?(@ > 39990)]' }), BIG_ARRAY),
    check: expectSucceeded,
  },
  {
    name: 'TestState with States.StringSplit of 256 KiB into single characters',
    act: testState(
      jsonPath({ Type: 'Pass', Parameters: { 'n.$': "States.ArrayLength(States.StringSplit($.s, ','))" } }),
      JSON.stringify({ s: 'a,'.repeat(120_000) }),
    ),
    check: expectSucceeded,
  },
];

export const suite = hostileSuite('runaway expressions', cases, { settings: SETTINGS, timeoutMs: 60_000 });
