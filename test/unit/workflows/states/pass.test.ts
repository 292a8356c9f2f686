// Pass state: Result, Parameters, InputPath/ResultPath/OutputPath, Assign, JSONata Output, history.
import { describe, expect, it } from 'vitest';
import { runPure, single, types } from '../helpers.js';

describe('Pass state', () => {
  it('passes its input through by default and writes Entered/Exited history', async () => {
    const run = await runPure(single({ Type: 'Pass' }), { a: 1 });
    expect(run.root.status).toBe('SUCCEEDED');
    expect(run.root.output).toEqual({ a: 1 });
    expect(types(run.history)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(run.history.map((e) => [e.id, e.previousEventId])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(run.history[1]?.stateEnteredEventDetails).toEqual({
      name: 'S',
      input: '{"a":1}',
      inputDetails: { truncated: false },
    });
  });

  it('places Result with ResultPath and filters with InputPath/OutputPath', async () => {
    const def = single({
      Type: 'Pass',
      InputPath: '$.in',
      Result: { r: true },
      ResultPath: '$.out',
      OutputPath: '$.out',
    });
    const run = await runPure(def, { in: { x: 1 }, other: 2 });
    expect(run.root.output).toEqual({ r: true });
  });

  it('builds Parameters from the effective input, the context object and intrinsics', async () => {
    const def = single({
      Type: 'Pass',
      Parameters: {
        'v.$': '$.x',
        'name.$': '$$.State.Name',
        'f.$': "States.Format('{}-{}', $.x, 'y')",
        const: 'c',
      },
    });
    const run = await runPure(def, { x: 7 });
    expect(run.root.output).toEqual({ v: 7, name: 'S', f: '7-y', const: 'c' });
  });

  it('null InputPath gives {} and null ResultPath keeps the input', async () => {
    const run = await runPure(single({ Type: 'Pass', InputPath: null, Result: 1, ResultPath: null }), {
      a: 1,
    });
    expect(run.root.output).toEqual({ a: 1 });
    const run2 = await runPure(single({ Type: 'Pass', InputPath: null }), { a: 1 });
    expect(run2.root.output).toEqual({});
  });

  it('assigns variables (visible from the next state) and records them on the Exited event', async () => {
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { 'x.$': '$.v', y: 'lit' }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'x.$': '$x', 'y.$': '$y' }, End: true },
      },
    };
    const run = await runPure(def, { v: 3 });
    expect(run.root.output).toEqual({ x: 3, y: 'lit' });
    expect(run.history[2]?.stateExitedEventDetails?.assignedVariables).toEqual({ x: '3', y: '"lit"' });
  });

  it('JSONata Output is evaluated with $states.input and variables', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { n: '{% $states.input.n * 2 %}' }, Next: 'B' },
        B: { Type: 'Pass', Output: { doubled: '{% $n %}', raw: '{% $states.input %}' }, End: true },
      },
    };
    const run = await runPure(def, { n: 4 });
    expect(run.root.output).toEqual({ doubled: 8, raw: { n: 4 } });
  });

  it('fails with States.Runtime when InputPath does not match (not catchable)', async () => {
    const run = await runPure(single({ Type: 'Pass', InputPath: '$.missing' }), {});
    expect(run.root.status).toBe('FAILED');
    expect(run.root.error).toBe('States.Runtime');
    expect(run.root.cause).toBe(
      "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    );
  });

  it('fails with States.DataLimitExceeded when the output exceeds 256 KiB', async () => {
    const run = await runPure(single({ Type: 'Pass', Result: 'x'.repeat(300_000) }), {});
    expect(run.root.error).toBe('States.DataLimitExceeded');
  });
});
