// TestState: one state run with a given input, reporting output, next state and how errors would be handled.
import { describe, expect, it } from 'vitest';
import { ExpressRunner } from '../../../../src/modules/workflows/index.js';
import { testState } from '../../../../src/modules/workflows/test-state.js';
import { dispatcherOf, ok, raise } from '../helpers.js';

const runner = new ExpressRunner({
  dispatcher: dispatcherOf({ echo: (p) => ok(p), broken: () => raise('Lambda.ServiceException', 'down') }),
  timeScale: 0,
});
const run = (state: object, input: object = {}, extra: object = {}) =>
  testState(runner, { definition: JSON.stringify(state), input: JSON.stringify(input), ...extra });
const lambda = (fn: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: fn, 'Payload.$': '$' },
  OutputPath: '$.Payload',
});

describe('TestState', () => {
  it('reports the chosen branch of a Choice state as nextState', async () => {
    const choice = {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericGreaterThan: 5, Next: 'big' }],
      Default: 'small',
    };
    expect(await run(choice, { n: 9 })).toMatchObject({
      status: 'SUCCEEDED',
      nextState: 'big',
      output: '{"n":9}',
    });
    expect(await run(choice, { n: 1 })).toMatchObject({ status: 'SUCCEEDED', nextState: 'small' });
  });

  it('runs a Task once, showing the result with DEBUG inspection', async () => {
    const result = await run({ ...lambda('echo'), Next: 'after' }, { v: 1 }, { inspectionLevel: 'DEBUG' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"v":1}', nextState: 'after' });
    expect(JSON.parse(result.inspectionData?.result as string)).toMatchObject({
      Payload: { v: 1 },
      StatusCode: 200,
    });
  });

  it('says RETRIABLE when a retrier matches and CAUGHT_ERROR when a catcher does', async () => {
    const retried = await run({
      ...lambda('broken'),
      End: true,
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 3 }],
    });
    expect(retried).toMatchObject({ status: 'RETRIABLE', error: 'Lambda.ServiceException' });
    const caught = await run({
      ...lambda('broken'),
      End: true,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'recover' }],
    });
    expect(caught).toMatchObject({
      status: 'CAUGHT_ERROR',
      nextState: 'recover',
      error: 'Lambda.ServiceException',
    });
    expect(JSON.parse(caught.output as string).error.Error).toBe('Lambda.ServiceException');
    const failed = await run({ ...lambda('broken'), End: true });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Lambda.ServiceException' });
  });

  it('picks a state out of a whole machine and lets it read given variables', async () => {
    const machine = {
      QueryLanguage: 'JSONata',
      StartAt: 'a',
      States: {
        a: { Type: 'Pass', Next: 'b' },
        b: { Type: 'Pass', Output: '{% $states.input.n + $bonus %}', End: true },
      },
    };
    const result = await testState(runner, {
      definition: JSON.stringify(machine),
      stateName: 'b',
      input: '{"n":1}',
      variables: '{"bonus":41}',
    });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '42' });
    await expect(testState(runner, { definition: '{"Type":' })).rejects.toMatchObject({
      code: 'WORKFLOW_INVALID_DEFINITION',
    });
  });
});
