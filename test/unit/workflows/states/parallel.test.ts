// Parallel state: branches as child runs, results in branch order, failure of one branch, variables.
import { describe, expect, it } from 'vitest';
import { runPure, types } from '../helpers.js';

const branch = (states: Record<string, unknown>, start = Object.keys(states)[0]) => ({
  StartAt: start,
  States: states,
});

/** A machine that starts with Parallel state P (its `fields` beside the branches, End) and has `others`. */
const parallelFirst = (branches: object[], fields: object, others: Record<string, unknown> = {}) => ({
  StartAt: 'P',
  States: { P: { Type: 'Parallel', Branches: branches, ...fields, End: true }, ...others },
});

describe('Parallel state', () => {
  it('runs every branch as a child run and returns their outputs in order', async () => {
    const def = parallelFirst(
      [
        branch({ A: { Type: 'Pass', Result: 'a', End: true } }),
        branch({ B: { Type: 'Pass', Parameters: { 'in.$': '$.x' }, End: true } }),
      ],
      { ResultPath: '$.results' },
    );
    const run = await runPure(def, { x: 1 });
    expect(run.root.output).toEqual({ x: 1, results: ['a', { in: 1 }] });
    const starts = run.commands.filter((c) => c.command.type === 'startChild').map((c) => c.command);
    expect(starts).toHaveLength(2);
    expect(starts[0]).toMatchObject({ scope: '/States/P/Branches/0', kind: 'branch', index: 0 });
    expect(types(run.history)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
    const started = run.history[2]?.id;
    expect(run.history[3]?.previousEventId).toBe(started);
  });

  it('fails with the failing branch error, stops the others, and can be caught', async () => {
    const def = parallelFirst(
      [
        branch({ W: { Type: 'Wait', Seconds: 100, End: true } }),
        branch({ F: { Type: 'Fail', Error: 'Boom', Cause: 'why' } }),
      ],
      { Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.err', Next: 'Caught' }] },
      { Caught: { Type: 'Pass', End: true } },
    );
    const run = await runPure(def, {});
    expect(run.root.output).toEqual({ err: { Error: 'Boom', Cause: 'why' } });
    expect(run.commands.map((c) => c.command.type)).toContain('stopChild');
    expect(types(run.history)).toContain('ParallelStateFailed');
  });

  it('branches read outer variables but their own assignments stay inside', async () => {
    const def = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { outer: 1 }, Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            branch({
              A: { Type: 'Pass', Assign: { inner: 2 }, Next: 'B' },
              B: { Type: 'Pass', Parameters: { 'o.$': '$outer', 'i.$': '$inner' }, End: true },
            }),
          ],
          Next: 'After',
        },
        After: {
          Type: 'Pass',
          QueryLanguage: 'JSONata',
          Output: { inner: '{% $exists($inner) %}' },
          End: true,
        },
      },
    };
    const run = await runPure(def, {});
    expect(run.root.output).toEqual({ inner: false });
    expect(
      run.history.find((e) => e.type === 'PassStateExited' && e.stateExitedEventDetails?.name === 'B')
        ?.stateExitedEventDetails?.output,
    ).toBe('{"o":1,"i":2}');
  });
});
