// The definition validator: every problem at once, each with its JSON pointer and code.
import { describe, expect, it } from 'vitest';
import { type Diagnostic, validateDefinition } from '../../../src/modules/workflows/index.js';

function errors(definition: unknown): [string, string][] {
  return validateDefinition(definition)
    .diagnostics.filter((d: Diagnostic) => d.severity === 'ERROR')
    .map((d) => [d.location, d.code]);
}

describe('validateDefinition', () => {
  it('accepts a valid definition', () => {
    const result = validateDefinition({
      Comment: 'c',
      Version: '1.0',
      TimeoutSeconds: 60,
      StartAt: 'A',
      States: { A: { Type: 'Pass', End: true } },
    });
    expect(result).toEqual({ result: 'OK', diagnostics: [] });
  });

  it('reports every problem at once, each at its JSON pointer', () => {
    const definition = {
      StartAt: 'A',
      Bogus: 1,
      States: {
        A: { Type: 'Pass', Next: 'Missing', Unknown: true },
        B: { Type: 'Task', Resource: 'not-an-arn', End: true },
        C: { Type: 'Wait', End: true },
      },
    };
    expect(errors(definition)).toEqual(
      expect.arrayContaining([
        ['/Bogus', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/A/Unknown', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/A/Next', 'MISSING_TRANSITION_TARGET'],
        ['/States/B/Resource', 'INVALID_RESOURCE'],
        ['/States/C', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/B', 'UNREACHABLE_STATE'],
        ['/States/C', 'UNREACHABLE_STATE'],
      ]),
    );
    expect(validateDefinition(definition).result).toBe('FAIL');
  });

  it('requires exactly one of Next or End, and a terminal state', () => {
    expect(errors({ StartAt: 'A', States: { A: { Type: 'Pass' } } })).toEqual(
      expect.arrayContaining([
        ['/States/A', 'SCHEMA_VALIDATION_FAILED'],
        ['/States', 'MISSING_END_STATE'],
      ]),
    );
    expect(errors({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A', End: true } } })).toContainEqual([
      '/States/A',
      'SCHEMA_VALIDATION_FAILED',
    ]);
  });

  it('checks paths, templates and malformed intrinsics', () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: {
          Type: 'Pass',
          InputPath: 'no-dollar',
          ResultPath: '$.a[*]',
          Parameters: {
            'x.$': "States.Format('unterminated",
            'y.$': 'States.Unknown()',
            'z.$': 42,
            nested: { 'w.$': 'bad path' },
          },
          End: true,
        },
      },
    };
    expect(errors(definition)).toEqual(
      expect.arrayContaining([
        ['/States/A/InputPath', 'INVALID_JSON_PATH'],
        ['/States/A/ResultPath', 'INVALID_JSON_PATH'],
        ['/States/A/Parameters/x.$', 'INVALID_INTRINSIC_FUNCTION'],
        ['/States/A/Parameters/y.$', 'INVALID_INTRINSIC_FUNCTION'],
        ['/States/A/Parameters/z.$', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/A/Parameters/nested/w.$', 'INVALID_JSON_PATH'],
      ]),
    );
  });

  it('checks Retry and Catch', () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Retry: [
            { ErrorEquals: ['States.ALL', 'X'], MaxAttempts: -1, BackoffRate: 0.5, JitterStrategy: 'SOME' },
            { ErrorEquals: [] },
          ],
          Catch: [{ ErrorEquals: ['X'], Next: 'Nowhere' }],
          End: true,
        },
      },
    };
    expect(errors(definition)).toEqual(
      expect.arrayContaining([
        ['/States/T/Retry/0/ErrorEquals', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/T/Retry/0/MaxAttempts', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/T/Retry/0/BackoffRate', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/T/Retry/0/JitterStrategy', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/T/Retry/1/ErrorEquals', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/T/Catch/0/Next', 'MISSING_TRANSITION_TARGET'],
      ]),
    );
  });

  it('checks Choice rules and their operators', () => {
    const definition = {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.a', NumericEquals: 'one', Next: 'E' },
            { Variable: '$.a', StringEquals: 'x', StringLessThan: 'y', Next: 'E' },
            { And: [{ Variable: '$.b', BooleanEquals: true, Next: 'E' }], Next: 'E' },
            { Variable: '$.t', TimestampEquals: 'yesterday', Next: 'E' },
          ],
          Default: 'Gone',
        },
        E: { Type: 'Succeed' },
      },
    };
    expect(errors(definition)).toEqual(
      expect.arrayContaining([
        ['/States/C/Choices/0/NumericEquals', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/C/Choices/1', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/C/Choices/2/And/0/Next', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/C/Choices/3/TimestampEquals', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/C/Default', 'MISSING_TRANSITION_TARGET'],
      ]),
    );
  });

  it('validates nested machines of Parallel and Map, with unique state names across the definition', () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' } } }],
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          MaxConcurrency: -2,
          End: true,
        },
      },
    };
    expect(errors(definition)).toEqual(
      expect.arrayContaining([
        ['/States/P/Branches/0/States/X/Next', 'MISSING_TRANSITION_TARGET'],
        ['/States/P/Branches/0/States', 'MISSING_END_STATE'],
        ['/States/M/ItemProcessor/States/P', 'DUPLICATE_STATE_NAME'],
        ['/States/M/MaxConcurrency', 'SCHEMA_VALIDATION_FAILED'],
      ]),
    );
  });

  it('separates JSONPath and JSONata fields and compiles JSONata', () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Parameters: {}, Output: '{% $states.input. %}', Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONPath', Arguments: {}, End: true },
      },
    };
    expect(errors(definition)).toEqual(
      expect.arrayContaining([
        ['/States/A/Parameters', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/A/Output', 'INVALID_JSONATA'],
        ['/States/B/QueryLanguage', 'SCHEMA_VALIDATION_FAILED'],
        ['/States/B/Arguments', 'SCHEMA_VALIDATION_FAILED'],
      ]),
    );
  });

  it('reports JSON text problems and warns about likely missing .$', () => {
    expect(errors('{"StartAt": ')).toEqual([['', 'INVALID_JSON_DESCRIPTION']]);
    expect(errors('')).toEqual([['', 'MISSING_DESCRIPTION']]);
    const warned = validateDefinition({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Parameters: { x: '$.a' }, End: true } },
    });
    expect(warned.result).toBe('OK');
    expect(warned.diagnostics).toEqual([
      expect.objectContaining({ severity: 'WARNING', code: 'NO_DOLLAR', location: '/States/A/Parameters/x' }),
    ]);
  });

  it('checks state names and Task timeouts', () => {
    const long = 'n'.repeat(81);
    const definition = {
      StartAt: long,
      States: {
        [long]: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          TimeoutSeconds: 5,
          HeartbeatSeconds: 6,
          End: true,
        },
      },
    };
    expect(errors(definition)).toEqual(
      expect.arrayContaining([
        [`/States/${long}`, 'INVALID_STATE_NAME'],
        [`/States/${long}/HeartbeatSeconds`, 'SCHEMA_VALIDATION_FAILED'],
      ]),
    );
  });

  it('accepts HeartbeatSeconds equal to TimeoutSeconds, as AWS saves it', () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    const equal = { StartAt: 'T', States: { T: { ...task, TimeoutSeconds: 30, HeartbeatSeconds: 30 } } };
    expect(errors(equal)).toEqual([]);
  });
});
