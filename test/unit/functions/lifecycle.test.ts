// Layers on the module search path, log filtering by request id, idle retirement and shutdown.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionRuntime, type FunctionRuntime } from '../../../src/modules/functions/index.js';
import { FIXTURES, fixtureVersion, hostPid, MemoryLogSink, removeTempDirs, tempDir } from './support.js';

let runtime: FunctionRuntime;
const sink = new MemoryLogSink();

beforeAll(async () => {
  runtime = createFunctionRuntime({ workDir: await tempDir('fn-lifecycle'), logSink: sink });
});
afterAll(async () => {
  await runtime.close();
  await removeTempDirs();
});

describe('layers', () => {
  it('adds a Python layer folder to the module search path (e.g. a sagemaker compatibility layer)', async () => {
    const layer = path.join(FIXTURES, 'layers/sagemaker-compat');
    const fn = fixtureVersion('python', 'layered', 'lambda_function.lambda_handler', { layers: [layer] });
    expect(JSON.parse((await runtime.invoke({ fn })).payload)).toBe('scones-compat');
    const without = fixtureVersion('python', 'layered', 'lambda_function.lambda_handler', {
      name: 'no-layer',
    });
    expect((await runtime.invoke({ fn: without })).error?.errorMessage).toBe("No module named 'sagemaker'");
  });

  it('resolves Node packages shipped in a layer', async () => {
    const layer = path.join(FIXTURES, 'layers/greeter');
    const fn = fixtureVersion('nodejs', 'layered', 'index.handler', { layers: [layer] });
    expect(JSON.parse((await runtime.invoke({ fn, payload: '{"name":"bikes"}' })).payload)).toBe(
      'hello bikes from a layer',
    );
  });
});

describe('logs by request id', () => {
  it('keeps each invocation of a warm guest apart', async () => {
    const fn = fixtureVersion('nodejs', 'basic', 'index.log');
    const first = await runtime.invoke({ fn, payload: '{"n":1}' });
    const second = await runtime.invoke({ fn, payload: '{"n":2}' });
    const firstLines = sink.messages(first.requestId);
    const secondLines = sink.messages(second.requestId);
    expect(firstLines.some((line) => line.endsWith('hello 1'))).toBe(true);
    expect(firstLines.some((line) => line.endsWith('hello 2'))).toBe(false);
    expect(secondLines.some((line) => line.endsWith('hello 2'))).toBe(true);
    expect(secondLines[0]).toBe(`START RequestId: ${second.requestId} Version: $LATEST`);
    const streams = new Set(
      sink.records.filter((r) => r.requestId === second.requestId).map((r) => r.logStream),
    );
    expect([...streams]).toEqual([second.logStream]);
    expect(second.logTail).not.toContain(first.requestId);
  });

  it('puts init output first, before START, with the request that caused the cold start', async () => {
    const result = await runtime.invoke({
      fn: fixtureVersion('nodejs', 'slow-init', 'index.handler', { name: 'cold' }),
    });
    const lines = sink.messages(result.requestId);
    expect(lines[0]).toMatch(/\tINFO\tinitialised$/);
    expect(lines[1]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
  });
});

describe('guest lifetime', () => {
  it('retires guests that stayed idle too long', async () => {
    const quick = createFunctionRuntime({
      workDir: await tempDir('fn-idle'),
      logSink: sink,
      idleTimeoutMs: 50,
    });
    try {
      const fn = fixtureVersion('nodejs', 'basic', 'index.misbehave', { name: 'idle' });
      await quick.invoke({ fn });
      const pid = hostPid(quick, 'idle');
      await expect.poll(() => quick.stats().pools[0]?.workers.length, { timeout: 5000 }).toBe(0);
      await quick.invoke({ fn });
      expect(hostPid(quick, 'idle')).not.toBe(pid);
    } finally {
      await quick.close();
    }
  });

  it('kills busy guests on close and refuses new invocations', async () => {
    const closing = createFunctionRuntime({ workDir: await tempDir('fn-close'), logSink: sink });
    const fn = fixtureVersion('nodejs', 'basic', 'index.sleep', { name: 'closing', timeoutSeconds: 30 });
    await closing.invoke({ fn, payload: '{"ms":1}' });
    const running = closing.invoke({ fn, payload: '{"ms":20000}' });
    await expect.poll(() => closing.stats().pools[0]?.workers[0]?.busy, { timeout: 5000 }).toBe(true);
    await closing.close();
    expect((await running).error?.errorType).toBe('Runtime.ExitError');
    await expect(closing.invoke({ fn })).rejects.toMatchObject({ code: 'FUNCTIONS_CLOSED' });
  });
});
