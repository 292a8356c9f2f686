// Retry and Catch semantics and the reserved error names, as AWS applies them.
import { describe, expect, it } from 'vitest';
import type { Command, EventBody, Json } from '../../../src/modules/workflows/index.js';
import { runPure, START, single } from './helpers.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

/** A task handler failing the first `failures` calls with `error`, then succeeding. */
function flaky(failures: number, error = 'Flaky') {
  let calls = 0;
  return (cmd: Extract<Command, { type: 'runTask' }>): EventBody => {
    calls += 1;
    return calls <= failures
      ? { type: 'taskFailed', taskId: cmd.taskId, error, cause: `call ${calls}` }
      : { type: 'taskSucceeded', taskId: cmd.taskId, output: cmd.parameters };
  };
}

function timers(run: Awaited<ReturnType<typeof runPure>>): number[] {
  return run.commands.flatMap((c) =>
    c.command.type === 'startTimer' && c.command.purpose === 'retry' ? [c.command.fireAt] : [],
  );
}

/** A Task whose intrinsic fails at run time (index 5 of a one-item array), caught by `errorEquals` into a Pass. */
function catchingIntrinsicFailure(errorEquals: string) {
  return {
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: FN,
        Parameters: { 'x.$': 'States.ArrayGetItem($.a, 5)' },
        Catch: [{ ErrorEquals: [errorEquals], Next: 'C' }],
        End: true,
      },
      C: { Type: 'Pass', End: true },
    },
  };
}

describe('Retry', () => {
  it('retries with IntervalSeconds * BackoffRate^n delays and exposes $$.State.RetryCount', async () => {
    const def = single({
      Type: 'Task',
      Resource: FN,
      Parameters: { 'n.$': '$$.State.RetryCount' },
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
    });
    const run = await runPure(def, {}, flaky(2));
    expect(run.root.output).toEqual({ n: 2 });
    expect(timers(run)).toEqual([START + 1000, START + 1000 + 2000]);
    expect(run.history.filter((e) => e.type === 'TaskStateEntered')).toHaveLength(1);
  });

  it('gives up after MaxAttempts and fails with the last error', async () => {
    const def = single({
      Type: 'Task',
      Resource: FN,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
    });
    const run = await runPure(def, {}, flaky(10));
    expect(run.root).toMatchObject({ error: 'Flaky', cause: 'call 3' });
  });

  it('MaxAttempts 0 never retries; MaxDelaySeconds caps the delay', async () => {
    const none = await runPure(
      single({ Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 0 }] }),
      {},
      flaky(1),
    );
    expect(none.root.status).toBe('FAILED');
    const capped = await runPure(
      single({
        Type: 'Task',
        Resource: FN,
        Retry: [
          {
            ErrorEquals: ['Flaky'],
            IntervalSeconds: 10,
            BackoffRate: 10,
            MaxAttempts: 3,
            MaxDelaySeconds: 15,
          },
        ],
      }),
      {},
      flaky(3),
    );
    const delays = timers(capped).map((t, i, all) => t - (i === 0 ? START : (all[i - 1] as number)));
    expect(delays).toEqual([10_000, 15_000, 15_000]);
  });

  it('JitterStrategy FULL picks a delay up to the backoff delay, the same on replay', async () => {
    const def = single({
      Type: 'Task',
      Resource: FN,
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 100, JitterStrategy: 'FULL' }],
    });
    const a = await runPure(def, {}, flaky(1));
    const b = await runPure(def, {}, flaky(1));
    expect(timers(a)).toEqual(timers(b));
    expect((timers(a)[0] as number) - START).toBeLessThanOrEqual(100_000);
  });

  it('uses only the first retrier whose ErrorEquals matches', async () => {
    const def = single({
      Type: 'Task',
      Resource: FN,
      Retry: [
        { ErrorEquals: ['Flaky'], MaxAttempts: 1 },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
      ],
    });
    const run = await runPure(def, {}, flaky(2));
    expect(run.root.status).toBe('FAILED');
    expect(timers(run)).toHaveLength(1);
  });
});

describe('Catch', () => {
  const caught = (catcher: Record<string, Json>, extra: Record<string, Json> = {}) => ({
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: FN, Catch: [{ Next: 'C', ...catcher }], End: true, ...extra },
      C: { Type: 'Pass', End: true },
    },
  });

  it('replaces the input with {Error, Cause} by default, or places it with ResultPath', async () => {
    expect((await runPure(caught({ ErrorEquals: ['States.ALL'] }), { a: 1 }, flaky(1))).root.output).toEqual({
      Error: 'Flaky',
      Cause: 'call 1',
    });
    const placed = await runPure(
      caught({ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.e' }),
      { a: 1 },
      flaky(1),
    );
    expect(placed.root.output).toEqual({ a: 1, e: { Error: 'Flaky', Cause: 'call 1' } });
  });

  it('JSONata catchers shape Output from $states.errorOutput and can Assign', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      ...caught({
        ErrorEquals: ['Flaky'],
        Output: { why: '{% $states.errorOutput.Cause %}' },
        Assign: { failed: true },
      }),
    };
    const run = await runPure(def, {}, flaky(1));
    expect(run.root.output).toEqual({ why: 'call 1' });
    expect(run.root.variables).toEqual({ failed: true });
  });

  it('States.ALL does not catch States.Runtime or States.DataLimitExceeded; naming them explicitly does', async () => {
    const runtime = await runPure(
      caught({ ErrorEquals: ['States.ALL'] }, { OutputPath: '$.missing' }),
      {},
      flaky(0),
    );
    expect(runtime.root.error).toBe('States.Runtime');
    const big = (cmd: Extract<Command, { type: 'runTask' }>): EventBody => ({
      type: 'taskSucceeded',
      taskId: cmd.taskId,
      output: 'x'.repeat(300_000),
    });
    expect((await runPure(caught({ ErrorEquals: ['States.ALL'] }), {}, big)).root.error).toBe(
      'States.DataLimitExceeded',
    );
    expect((await runPure(caught({ ErrorEquals: ['States.DataLimitExceeded'] }), {}, big)).root.status).toBe(
      'SUCCEEDED',
    );
  });

  it('States.TaskFailed matches task errors but not States.Timeout; States.Timeout matches heartbeat timeouts', async () => {
    const never = (): EventBody => ({}) as never;
    const timeout = await runPure(
      caught({ ErrorEquals: ['States.TaskFailed'] }, { TimeoutSeconds: 1 }),
      {},
      never,
    );
    expect(timeout.root.error).toBe('States.Timeout');
    const heartbeat = await runPure(
      caught({ ErrorEquals: ['States.Timeout'] }, { TimeoutSeconds: 10, HeartbeatSeconds: 1 }),
      {},
      never,
    );
    expect(heartbeat.root.output).toEqual({ Error: 'States.HeartbeatTimeout', Cause: '' });
  });

  it('States.TaskFailed also matches reserved names other than timeouts, e.g. States.IntrinsicFailure', async () => {
    const def = catchingIntrinsicFailure('States.TaskFailed');
    const run = await runPure(def, { a: [1] }, flaky(0));
    expect((run.root.output as { Error: string }).Error).toBe('States.IntrinsicFailure');
  });

  it('catches intrinsic failures (States.IntrinsicFailure) and ResultPath mismatches', async () => {
    const intrinsic = catchingIntrinsicFailure('States.ALL');
    const run = await runPure(intrinsic, { a: [1] }, flaky(0));
    expect((run.root.output as { Error: string }).Error).toBe('States.IntrinsicFailure');
    const mismatch = await runPure(
      single({ Type: 'Task', Resource: FN, ResultPath: '$.a.b' }),
      { a: 'string' },
      flaky(0),
    );
    expect(mismatch.root.error).toBe('States.ResultPathMatchFailure');
  });
});
