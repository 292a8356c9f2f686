// Succeed and Fail states.
import { describe, expect, it } from 'vitest';
import { runPure, single, types } from '../helpers.js';

describe('Succeed state', () => {
  it('ends the execution with its filtered input', async () => {
    const run = await runPure(single({ Type: 'Succeed', OutputPath: '$.a' }), { a: { b: 1 } });
    expect(run.root.status).toBe('SUCCEEDED');
    expect(run.root.output).toEqual({ b: 1 });
    expect(types(run.history)).toEqual([
      'ExecutionStarted',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('JSONata Output shapes the execution output', async () => {
    const run = await runPure(
      single({ Type: 'Succeed', QueryLanguage: 'JSONata', Output: '{% $states.input.a + 1 %}' }),
      { a: 1 },
    );
    expect(run.root.output).toBe(2);
  });
});

describe('Fail state', () => {
  it('fails with static Error and Cause and writes no Exited event', async () => {
    const run = await runPure(single({ Type: 'Fail', Error: 'E', Cause: 'C' }), {});
    expect(run.root).toMatchObject({ status: 'FAILED', error: 'E', cause: 'C' });
    expect(types(run.history)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(run.history[2]?.executionFailedEventDetails).toEqual({ error: 'E', cause: 'C' });
  });

  it('leaves error and cause out when not given', async () => {
    const run = await runPure(single({ Type: 'Fail' }), {});
    expect(run.root).toMatchObject({ error: null, cause: null });
    expect(run.history.at(-1)?.executionFailedEventDetails).toEqual({});
  });

  it('reads ErrorPath/CausePath from the input, the context object or an intrinsic', async () => {
    const def = single({
      Type: 'Fail',
      ErrorPath: '$$.State.Name',
      CausePath: "States.Format('bad {}', $.why)",
    });
    const run = await runPure(def, { why: 'input' });
    expect(run.root).toMatchObject({ error: 'S', cause: 'bad input' });
  });

  it('evaluates JSONata Error and Cause', async () => {
    const def = single({
      Type: 'Fail',
      QueryLanguage: 'JSONata',
      Error: '{% $states.input.e %}',
      Cause: 'static',
    });
    const run = await runPure(def, { e: 'Custom' });
    expect(run.root).toMatchObject({ error: 'Custom', cause: 'static' });
  });

  it('fails with States.Runtime when ErrorPath is missing', async () => {
    const run = await runPure(single({ Type: 'Fail', ErrorPath: '$.nope' }), {});
    expect(run.root.error).toBe('States.Runtime');
  });
});
