// Reserved and account concurrency: excess invocations are throttled, as Lambda's TooManyRequestsException.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFunctionRuntime,
  type FunctionRuntime,
  functionsError,
  type InvocationResult,
} from '../../../src/modules/functions/index.js';
import { fixtureVersion, MemoryLogSink, removeTempDirs, tempDir } from './support.js';

let runtime: FunctionRuntime;
const seen: InvocationResult[] = [];
const throttled: string[] = [];

beforeAll(async () => {
  runtime = createFunctionRuntime({
    workDir: await tempDir('fn-concurrency'),
    logSink: new MemoryLogSink(),
    listener: { onInvocation: (r) => seen.push(r), onThrottle: (name) => throttled.push(name) },
  });
});
afterAll(async () => {
  await runtime.close();
  await removeTempDirs();
});

const sleeper = (reservedConcurrency?: number, name = `sleep-${reservedConcurrency}`) =>
  fixtureVersion('nodejs', 'basic', 'index.sleep', {
    name,
    ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
  });

describe('concurrency', () => {
  it('throttles invocations beyond the reserved concurrency', async () => {
    const fn = sleeper(1);
    await runtime.invoke({ fn, payload: '{"ms":1}' });
    const outcomes = await Promise.allSettled([
      runtime.invoke({ fn, payload: '{"ms":300}' }),
      runtime.invoke({ fn, payload: '{"ms":300}' }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejection = outcomes.find((o) => o.status === 'rejected');
    expect(rejection?.reason).toMatchObject({
      code: functionsError.codes.TOO_MANY_REQUESTS,
      kind: 'unavailable',
      details: { reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', functionName: fn.config.name },
    });
    expect(throttled).toContain(fn.config.name);
    expect((await runtime.invoke({ fn, payload: '{"ms":1}' })).status).toBe('success');
  });

  it('always throttles a function with zero reserved concurrency', async () => {
    await expect(runtime.invoke({ fn: sleeper(0), payload: '{"ms":1}' })).rejects.toMatchObject({
      code: functionsError.codes.TOO_MANY_REQUESTS,
    });
  });

  it('runs concurrent invocations in separate warm guests', async () => {
    const fn = sleeper(2);
    const results = await Promise.all([
      runtime.invoke({ fn, payload: '{"ms":200}' }),
      runtime.invoke({ fn, payload: '{"ms":200}' }),
    ]);
    expect(new Set(results.map((r) => r.logStream)).size).toBe(2);
    const pool = runtime.stats().pools.find((p) => p.functionName === fn.config.name);
    expect(pool?.workers).toHaveLength(2);
    expect(seen.filter((r) => r.functionName === fn.config.name)).toHaveLength(2);
  });

  it('throttles beyond the account limit', async () => {
    const small = createFunctionRuntime({
      workDir: await tempDir('fn-account'),
      logSink: new MemoryLogSink(),
      concurrencyLimit: 1,
    });
    try {
      const slow = small.invoke({ fn: sleeper(undefined, 'account-a'), payload: '{"ms":300}' });
      await expect(
        small.invoke({ fn: sleeper(undefined, 'account-b'), payload: '{"ms":1}' }),
      ).rejects.toMatchObject({
        details: { reason: 'ConcurrentInvocationLimitExceeded' },
      });
      expect((await slow).status).toBe('success');
    } finally {
      await small.close();
    }
  });

  it('retires warm guests when evicted or when the revision changes', async () => {
    const fn = sleeper(undefined, 'evict-me');
    const first = await runtime.invoke({ fn, payload: '{"ms":1}' });
    runtime.evict('evict-me');
    const second = await runtime.invoke({ fn, payload: '{"ms":1}' });
    expect(second.logStream).not.toBe(first.logStream);
    const third = await runtime.invoke({ fn: { ...fn, revision: 'changed' }, payload: '{"ms":1}' });
    expect(third.logStream).not.toBe(second.logStream);
    expect(third.initDurationMs).toBeGreaterThan(0);
  });
});
