// Asynchronous (Event) invocations: queued behind a port, retried twice, results kept, throttles retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AsyncInvocationRecord,
  createAsyncInvoker,
  createFunctionRuntime,
  type FunctionResolver,
  type FunctionRuntime,
  type FunctionVersion,
  functionsError,
} from '../../../src/modules/functions/index.js';
import {
  fixtureVersion,
  MemoryAsyncQueue,
  MemoryLogSink,
  parse,
  removeTempDirs,
  tempDir,
} from './support.js';

let runtime: FunctionRuntime;
const functions = new Map<string, FunctionVersion>();
const resolver: FunctionResolver = { resolve: async (name) => functions.get(name) };

function register(fn: FunctionVersion): string {
  functions.set(fn.config.name, fn);
  return fn.config.name;
}

beforeAll(async () => {
  runtime = createFunctionRuntime({ workDir: await tempDir('fn-async'), logSink: new MemoryLogSink() });
});
afterAll(async () => {
  await runtime.close();
  await removeTempDirs();
});

function invoker(queue = new MemoryAsyncQueue()) {
  return createAsyncInvoker({ runtime, queue, resolver, retryDelaysMs: [10, 20], throttleRetryMs: 20 });
}

describe('async invocation', () => {
  it('runs a queued event and keeps its result', async () => {
    const events = invoker();
    events.start();
    const name = register(fixtureVersion('nodejs', 'basic', 'index.handler', { name: 'async-ok' }));
    const queued = await events.enqueue({ functionName: name, payload: '{"n":1}' });
    expect(queued.status).toBe('queued');
    const done = await events.settled(queued.requestId);
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toHaveLength(1);
    expect(done.result?.requestId).toBe(queued.requestId);
    expect(parse(done.result?.payload ?? '{}').event).toEqual({ n: 1 });
    await events.close();
  });

  it('retries a failing event twice, then keeps the last error', async () => {
    const events = invoker();
    events.start();
    const name = register(
      fixtureVersion('python', 'basic', 'lambda_function.raise_exception', { name: 'async-fail' }),
    );
    const queued = await events.enqueue({ functionName: name });
    const done = await events.settled(queued.requestId);
    expect(done.status).toBe('failed');
    expect(done.attempts.map((a) => a.status)).toEqual(['error', 'error', 'error']);
    expect(done.attempts.map((a) => a.errorType)).toEqual(['Exception', 'Exception', 'Exception']);
    expect(done.result?.error).toEqual({
      errorType: 'Exception',
      errorMessage: 'THRESHOLD_CONFIDENCE_NOT_MET',
    });
    expect(done.result?.requestId).toBe(queued.requestId);
    await events.close();
  });

  it('succeeds on a retry and honours fewer retries', async () => {
    const events = invoker();
    events.start();
    const flaky = register(fixtureVersion('nodejs', 'basic', 'index.flaky', { name: 'async-flaky' }));
    const done = await events.settled((await events.enqueue({ functionName: flaky })).requestId);
    expect(done.status).toBe('succeeded');
    expect(done.attempts.map((a) => a.status)).toEqual(['error', 'error', 'success']);
    expect(parse(done.result?.payload ?? '{}')).toEqual({ flakyCalls: 3 });
    const once = register(fixtureVersion('nodejs', 'basic', 'index.flaky', { name: 'async-flaky-once' }));
    const single = await events.settled(
      (await events.enqueue({ functionName: once, maxRetries: 0 })).requestId,
    );
    expect(single.status).toBe('failed');
    expect(single.attempts).toHaveLength(1);
    await events.close();
  });

  it('refuses unknown functions and bad payloads at once', async () => {
    const events = invoker();
    await expect(events.enqueue({ functionName: 'nope' })).rejects.toMatchObject({
      code: functionsError.codes.FUNCTION_NOT_FOUND,
    });
    const name = register(fixtureVersion('nodejs', 'basic', 'index.handler', { name: 'async-ok' }));
    await expect(events.enqueue({ functionName: name, payload: '{oops' })).rejects.toMatchObject({
      code: functionsError.codes.INVALID_PAYLOAD,
    });
    await expect(events.get('missing')).rejects.toMatchObject({
      code: functionsError.codes.INVOCATION_NOT_FOUND,
    });
  });

  it('takes over a record whose dispatcher died (expired lease)', async () => {
    const queue = new MemoryAsyncQueue();
    const name = register(fixtureVersion('nodejs', 'basic', 'index.handler', { name: 'async-ok' }));
    const orphan: AsyncInvocationRecord = {
      requestId: 'orphan-1',
      functionName: name,
      payload: '{"left":"behind"}',
      enqueuedAt: Date.now(),
      status: 'running',
      attempts: [],
      maxRetries: 2,
      notBefore: 0,
      leaseUntil: Date.now() - 1,
    };
    await queue.add(orphan);
    const events = invoker(queue);
    events.start();
    const done = await events.settled('orphan-1');
    expect(done.status).toBe('succeeded');
    expect(parse(done.result?.payload ?? '{}').event).toEqual({ left: 'behind' });
    await events.close();
  });

  it('retries throttled events without counting them as attempts', async () => {
    const events = invoker();
    events.start();
    const name = register(
      fixtureVersion('nodejs', 'basic', 'index.sleep', { name: 'async-reserved', reservedConcurrency: 1 }),
    );
    const queued = await Promise.all(
      [1, 2, 3].map(() => events.enqueue({ functionName: name, payload: '{"ms":50}' })),
    );
    const done = await Promise.all(queued.map((q) => events.settled(q.requestId)));
    expect(done.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(done.map((d) => d.attempts.length)).toEqual([1, 1, 1]);
    await events.close();
  });
});
