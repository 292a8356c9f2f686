// Choice state: every operator family, And/Or/Not, Default, NoChoiceMatched, JSONata Condition, Assign.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../src/modules/workflows/index.js';
import { runPure } from '../helpers.js';

function choice(rule: Record<string, Json>, withDefault = true) {
  return {
    StartAt: 'C',
    States: {
      C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], ...(withDefault ? { Default: 'No' } : {}) },
      Yes: { Type: 'Pass', Result: 'yes', End: true },
      No: { Type: 'Pass', Result: 'no', End: true },
    },
  };
}

async function decide(rule: Record<string, Json>, input: Json): Promise<Json | undefined> {
  const run = await runPure(choice(rule), input);
  return run.root.status === 'SUCCEEDED' ? (run.root.output as Json) : `${run.root.error}`;
}

describe('Choice state', () => {
  const cases: [Record<string, Json>, Json, string][] = [
    [{ Variable: '$.v', StringEquals: 'a' }, { v: 'a' }, 'yes'],
    [{ Variable: '$.v', StringEquals: 'a' }, { v: 1 }, 'no'],
    [{ Variable: '$.v', StringLessThan: 'b' }, { v: 'a' }, 'yes'],
    [{ Variable: '$.v', StringGreaterThanEquals: 'b' }, { v: 'b' }, 'yes'],
    [{ Variable: '$.v', StringMatches: 'log-*.txt' }, { v: 'log-2024.txt' }, 'yes'],
    [{ Variable: '$.v', StringMatches: 'a\\*b' }, { v: 'a*b' }, 'yes'],
    [{ Variable: '$.v', StringMatches: 'a\\*b' }, { v: 'axb' }, 'no'],
    [{ Variable: '$.v', NumericEquals: 1 }, { v: 1.0 }, 'yes'],
    [{ Variable: '$.v', NumericLessThanEquals: 1 }, { v: '1' }, 'no'],
    [{ Variable: '$.v', NumericGreaterThanPath: '$.w' }, { v: 2, w: 1 }, 'yes'],
    [{ Variable: '$.v', BooleanEquals: true }, { v: true }, 'yes'],
    [{ Variable: '$.v', BooleanEqualsPath: '$.w' }, { v: false, w: false }, 'yes'],
    [
      { Variable: '$.v', TimestampLessThan: '2024-01-01T00:00:00Z' },
      { v: '2023-12-31T23:59:59+00:00' },
      'yes',
    ],
    [{ Variable: '$.v', TimestampEquals: '2024-01-01T01:00:00+01:00' }, { v: '2024-01-01T00:00:00Z' }, 'yes'],
    [{ Variable: '$.v', TimestampEquals: '2024-01-01T00:00:00Z' }, { v: '2024-01-01 00:00:00' }, 'no'],
    [{ Variable: '$.v', IsPresent: false }, {}, 'yes'],
    [{ Variable: '$.v', IsNull: true }, { v: null }, 'yes'],
    [{ Variable: '$.v', IsNumeric: true }, { v: 0.5 }, 'yes'],
    [{ Variable: '$.v', IsString: false }, { v: 1 }, 'yes'],
    [{ Variable: '$.v', IsBoolean: true }, { v: 'true' }, 'no'],
    [{ Variable: '$.v', IsTimestamp: true }, { v: '2024-02-29T12:00:00.5Z' }, 'yes'],
    [{ Variable: '$.v', IsTimestamp: true }, { v: '2023-02-29T12:00:00Z' }, 'no'],
    [
      {
        And: [
          { Variable: '$.a', NumericGreaterThan: 1 },
          { Variable: '$.b', StringEquals: 'x' },
        ],
      },
      { a: 2, b: 'x' },
      'yes',
    ],
    [
      {
        Or: [
          { Variable: '$.a', NumericGreaterThan: 5 },
          { Variable: '$.b', StringEquals: 'x' },
        ],
      },
      { a: 2, b: 'x' },
      'yes',
    ],
    [{ Not: { Variable: '$.a', NumericGreaterThan: 5 } }, { a: 2 }, 'yes'],
    [{ Variable: '$$.Execution.Input.v', StringEquals: 'ctx' }, { v: 'ctx' }, 'yes'],
  ];
  it.each(cases)('%j on %j -> %s', async (rule, input, expected) => {
    expect(await decide(rule, input)).toBe(expected);
  });

  it('compares workflow variables ($name) too', async () => {
    const def = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { want: 'x' }, Next: 'C' },
        ...choice({ Variable: '$.v', StringEqualsPath: '$want' }).States,
      },
    };
    const run = await runPure(def, { v: 'x' });
    expect(run.root.output).toBe('yes');
  });

  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', async () => {
    const run = await runPure(choice({ Variable: '$.v', StringEquals: 'a' }, false), { v: 'b' });
    expect(run.root.error).toBe('States.NoChoiceMatched');
  });

  it('fails with States.Runtime when the Variable path is missing', async () => {
    expect(await decide({ Variable: '$.missing', StringEquals: 'a' }, {})).toBe('States.Runtime');
  });

  it('evaluates JSONata Conditions with rule-level Assign and Output', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            {
              Condition: '{% $states.input.n > 1 %}',
              Next: 'End',
              Assign: { big: true },
              Output: { n: '{% $states.input.n %}' },
            },
          ],
          Default: 'End',
          Assign: { big: false },
        },
        End: { Type: 'Pass', Output: { n: '{% $states.input.n %}', big: '{% $big %}' }, End: true },
      },
    };
    expect((await runPure(def, { n: 5 })).root.output).toEqual({ n: 5, big: true });
    expect((await runPure(def, { n: 0 })).root.output).toEqual({ n: 0, big: false });
  });

  it('a JSONata Condition that is not boolean fails with States.QueryEvaluationError', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Condition: '{% 1 %}', Next: 'E' }], Default: 'E' },
        E: { Type: 'Succeed' },
      },
    };
    const run = await runPure(def, {});
    expect(run.root.error).toBe('States.QueryEvaluationError');
    expect(run.history.map((e) => e.type)).toContain('EvaluationFailed');
  });
});
