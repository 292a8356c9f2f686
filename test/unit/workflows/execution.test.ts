// Execution-level behaviour of the core: start, execution TimeoutSeconds, abort, endless-loop guard.
import { describe, expect, it } from 'vitest';
import {
  newExecutionState,
  type StateMachineDefinition,
  step,
} from '../../../src/modules/workflows/index.js';
import { executionInfo, runPure, START, single, types } from './helpers.js';

describe('execution', () => {
  it('writes ExecutionStarted with the input and role', async () => {
    const run = await runPure(single({ Type: 'Pass' }), { a: 1 });
    expect(run.history[0]).toMatchObject({
      id: 1,
      previousEventId: 0,
      timestamp: START,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"a":1}', roleArn: 'arn:aws:iam::123456789012:role/test' },
    });
  });

  it('times out after the definition TimeoutSeconds, stopping the waiting state', async () => {
    const run = await runPure(single({ Type: 'Wait', Seconds: 100 }, { TimeoutSeconds: 10 }), {});
    expect(run.root).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(types(run.history).at(-1)).toBe('ExecutionTimedOut');
    expect(run.history.at(-1)?.timestamp).toBe(START + 10_000);
    expect(run.commands.map((c) => c.command)).toContainEqual(
      expect.objectContaining({ type: 'cancelTimer' }),
    );
    expect(run.commands.at(-1)?.command).toMatchObject({ type: 'fail', status: 'TIMED_OUT' });
  });

  it('aborts on an abort event (StopExecution) with the given error and cause', async () => {
    const definition = single({ Type: 'Wait', Seconds: 100 }) as StateMachineDefinition;
    const state = newExecutionState(executionInfo());
    await step(definition, state, { type: 'start', input: {}, at: START, historyId: 1, entropy: 'e' });
    const result = await step(definition, state, {
      type: 'abort',
      error: 'Manual',
      cause: 'stop',
      at: START + 1,
      historyId: 4,
      entropy: 'e',
    });
    expect(state).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'stop' });
    expect(result.commands.map((c) => c.type)).toEqual(['cancelTimer', 'fail']);
    expect(result.history.map((e) => [e.id, e.type])).toEqual([[4, 'ExecutionAborted']]);
  });

  it('fails an endless loop of Pass states instead of hanging the step', async () => {
    const run = await runPure(
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } },
      {},
    );
    expect(run.root).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(run.root.cause).toContain('endless loop');
  });

  it('chains a child run to the event that started it', async () => {
    const def = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const run = await runPure(def, [1]);
    const iteration = run.history.find((e) => e.type === 'MapIterationStarted');
    const inner = run.history.find((e) => e.type === 'PassStateEntered');
    expect(inner?.previousEventId).toBe(iteration?.id);
  });
});
