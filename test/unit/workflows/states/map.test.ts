// Map state: inline iterations as child runs, ItemSelector, MaxConcurrency, tolerated failures, batching.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../src/modules/workflows/index.js';
import { runPure, types } from '../helpers.js';

function map(fields: Record<string, Json>, inner: Record<string, Json> = { I: { Type: 'Pass', End: true } }) {
  return {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: Object.keys(inner)[0] as string, States: inner },
        End: true,
        ...fields,
      },
    },
  };
}

describe('Map state', () => {
  it('runs one child run per item and collects outputs in item order', async () => {
    const run = await runPure(map({ ItemsPath: '$.items' }), { items: [1, 2, 3] });
    expect(run.root.output).toEqual([1, 2, 3]);
    const history = types(run.history);
    expect(history.slice(0, 4)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
    ]);
    expect(history.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
    expect(run.history.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({
      length: 3,
    });
    expect(history.slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
  });

  it('builds iteration inputs with ItemSelector and $$.Map.Item', async () => {
    const def = map({
      ItemsPath: '$.items',
      ItemSelector: { 'v.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index', 'k.$': '$.k' },
    });
    const run = await runPure(def, { items: ['a', 'b'], k: 'K' });
    expect(run.root.output).toEqual([
      { v: 'a', i: 0, k: 'K' },
      { v: 'b', i: 1, k: 'K' },
    ]);
  });

  it('starts at most MaxConcurrency iterations at once', async () => {
    const run = await runPure(map({ MaxConcurrency: 2 }), [1, 2, 3, 4, 5]);
    const starts = run.steps
      .filter((s) => s.runId === 'root')
      .map((s) => s.commands.filter((c) => c.type === 'startChild').length);
    expect(starts).toEqual([2, 1, 1, 1, 0, 0]);
    expect(run.root.output).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps MaxConcurrency while tolerated failures end iterations, and runs wide Maps to the end', async () => {
    const inner = {
      C: { Type: 'Choice', Choices: [{ Variable: '$', NumericGreaterThan: 6, Next: 'F' }], Default: 'P' },
      F: { Type: 'Fail', Error: 'Big' },
      P: { Type: 'Pass', End: true },
    };
    const items = Array.from({ length: 10 }, (_, i) => i);
    const run = await runPure(map({ MaxConcurrency: 3, ToleratedFailureCount: 3 }, inner), items);
    let running = 0;
    let most = 0;
    for (const s of run.steps.filter((step) => step.runId === 'root')) {
      if (s.event.type === 'childSucceeded' || s.event.type === 'childFailed') running -= 1;
      running += s.commands.filter((c) => c.type === 'startChild').length;
      most = Math.max(most, running);
    }
    expect(most).toBe(3);
    expect(running).toBe(0);
    expect(run.root.status).toBe('SUCCEEDED');
    expect((run.root.output as Json[]).filter((o) => typeof o === 'object')).toHaveLength(3);

    const wide = Array.from({ length: 3000 }, (_, i) => i);
    const all = await runPure(map({}), wide, undefined, { history: 'none' });
    expect(all.root.output).toEqual(wide);
  });

  it('fails with the iteration error when nothing is tolerated', async () => {
    const inner = {
      C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'F' }], Default: 'P' },
      F: { Type: 'Fail', Error: 'Two', Cause: 'item 2' },
      P: { Type: 'Pass', End: true },
    };
    const run = await runPure(map({ MaxConcurrency: 1 }, inner), [1, 2, 3]);
    expect(run.root).toMatchObject({ status: 'FAILED', error: 'Two', cause: 'item 2' });
    expect(types(run.history)).toContain('MapIterationFailed');
    expect(types(run.history)).toContain('MapStateFailed');
  });

  it('tolerates failures up to ToleratedFailureCount, then fails with ExceedToleratedFailureThreshold', async () => {
    const inner = {
      C: { Type: 'Choice', Choices: [{ Variable: '$', NumericGreaterThan: 1, Next: 'F' }], Default: 'P' },
      F: { Type: 'Fail', Error: 'Big' },
      P: { Type: 'Pass', End: true },
    };
    const tolerated = await runPure(map({ ToleratedFailureCount: 2 }, inner), [1, 2, 3]);
    expect(tolerated.root.status).toBe('SUCCEEDED');
    expect(tolerated.root.output).toEqual([1, { Error: 'Big', Cause: null }, { Error: 'Big', Cause: null }]);
    const exceeded = await runPure(map({ ToleratedFailurePercentage: 50 }, inner), [1, 2, 3]);
    expect(exceeded.root.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('validates MaxConcurrencyPath and ToleratedFailurePercentagePath values', async () => {
    const bad = await runPure(map({ ItemsPath: '$.items', MaxConcurrencyPath: '$.m' }), {
      items: [1],
      m: 'x',
    });
    expect(bad.root.cause).toContain(
      'The MaxConcurrencyPath field refers to value "x" which is not a valid integer: $.m',
    );
    const range = await runPure(map({ ItemsPath: '$.items', ToleratedFailurePercentagePath: '$.p' }), {
      items: [1],
      p: 101,
    });
    expect(range.root.cause).toContain('ToleratedFailurePercentage must be between 0 and 100.');
  });

  it('groups items with ItemBatcher into {BatchInput, Items}', async () => {
    const def = map({
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'tag.$': '$.tag' } },
      ItemsPath: '$.items',
    });
    const run = await runPure(def, { items: [1, 2, 3], tag: 't' });
    expect(run.root.output).toEqual([
      { BatchInput: { tag: 't' }, Items: [1, 2] },
      { BatchInput: { tag: 't' }, Items: [3] },
    ]);
  });

  it('JSONata Items and ItemSelector', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      ...map({
        Items: '{% $states.input.list[$ > 1] %}',
        ItemSelector: { v: '{% $states.context.Map.Item.Value * 10 %}' },
      }),
    };
    const run = await runPure(def, { list: [1, 2, 3] });
    expect(run.root.output).toEqual([{ v: 20 }, { v: 30 }]);
  });

  it('fails when the items are not an array', async () => {
    const run = await runPure(map({ ItemsPath: '$.x' }), { x: 'no' });
    expect(run.root.error).toBe('States.Runtime');
    expect(run.root.cause).toContain('Map state input must be an array but was: "no"');
  });

  it('gives Distributed Map children no outer variables', async () => {
    const def = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { v: 1 }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'I',
            States: { I: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };
    const run = await runPure(def, [1]);
    const start = run.commands.find((c) => c.command.type === 'startChild')?.command;
    expect(start).toMatchObject({ distributed: true, variables: {} });
    expect(types(run.history)).toContain('MapRunStarted');
  });
});
