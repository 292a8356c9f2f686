// Task signals: reused only when never aborted and no longer listened to; stopping work still aborts it.
import { describe, expect, it } from 'vitest';
import { AbortPool } from '../../../../src/modules/workflows/engine/express/abort-pool.js';
import {
  ExpressRunner,
  type InvokeFunctionRequest,
  type StateMachineDefinition,
} from '../../../../src/modules/workflows/index.js';
import { dispatcherOf, ok, raise, single } from '../helpers.js';

const INVOKE = 'arn:aws:states:::lambda:invoke';
const call = (name: string) => ({
  Type: 'Task',
  Resource: INVOKE,
  Parameters: { FunctionName: name, 'Payload.$': '$' },
  OutputPath: '$.Payload',
});

describe('AbortPool', () => {
  it('hands a controller out again only if it was never aborted and nobody listens to it', () => {
    const pool = new AbortPool();
    const quiet = pool.take();
    pool.give(quiet);
    expect(pool.take()).toBe(quiet);

    const aborted = pool.take();
    aborted.abort();
    pool.give(aborted);
    expect(pool.take()).not.toBe(aborted);

    const observed = pool.take();
    const listener = () => undefined;
    observed.signal.addEventListener('abort', listener);
    pool.give(observed);
    expect(pool.take()).not.toBe(observed);
    observed.signal.removeEventListener('abort', listener);
    pool.give(observed);
    expect(pool.take()).toBe(observed);
  });
});

describe('task signals in the express runner', () => {
  it('aborts the task in flight when the execution is stopped', async () => {
    const signals: AbortSignal[] = [];
    const runner = new ExpressRunner({
      dispatcher: dispatcherOf({
        hang: (_, request: InvokeFunctionRequest) => {
          signals.push(request.signal);
          return new Promise((resolve) =>
            request.signal.addEventListener('abort', () => resolve(ok(null)), { once: true }),
          );
        },
      }),
      timeScale: 0,
    });
    const started = runner.start({ definition: single(call('hang')) });
    setImmediate(() => started.stop('Stopped', 'by test'));
    expect(await started.done).toMatchObject({ status: 'ABORTED' });
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('aborts the tasks of Map iterations stopped by a failing one, and never reuses their signals', async () => {
    const signals: AbortSignal[] = [];
    const dispatcher = dispatcherOf({
      fail: () => raise('Broken'),
      hang: (_, request) => {
        signals.push(request.signal);
        return new Promise(() => undefined);
      },
      echo: (payload, request) => {
        signals.push(request.signal);
        return ok(payload);
      },
    });
    const runner = new ExpressRunner({ dispatcher, timeScale: 0 });
    const map = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Pick',
            States: {
              Pick: {
                Type: 'Choice',
                Choices: [{ Variable: '$', StringEquals: 'fail', Next: 'Fail' }],
                Default: 'Hang',
              },
              Fail: { ...call('fail'), End: true },
              Hang: { ...call('hang'), End: true },
            },
          },
          End: true,
        },
      },
    } as unknown as StateMachineDefinition;
    const failed = await runner.run({ definition: map, input: { items: ['hang', 'hang', 'fail'] } });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Broken' });
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);

    const pipeline = {
      StartAt: 'A',
      States: { A: { ...call('echo'), Next: 'B' }, B: { ...call('echo'), End: true } },
    } as unknown as StateMachineDefinition;
    const later: AbortSignal[] = [];
    for (let i = 0; i < 3; i++) {
      const before = signals.length;
      expect(await runner.run({ definition: pipeline, input: { i } })).toMatchObject({ output: { i } });
      later.push(...signals.slice(before));
    }
    expect(later).toHaveLength(6);
    expect(later.some((s) => s.aborted)).toBe(false);
    expect(new Set(later).size).toBeLessThan(later.length);
  });
});
