// Misbehaving handlers: the platform survives each, kills what overran, reports it, and serves the next call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFunctionRuntime,
  type FunctionRuntime,
  type InvocationResult,
  type RuntimeLanguage,
} from '../../../src/modules/functions/index.js';
import { fixtureVersion, hostPid, MemoryLogSink, parse, removeTempDirs, tempDir } from './support.js';

let runtime: FunctionRuntime;
const sink = new MemoryLogSink();
const LOG_CAP = 256 * 1024;

beforeAll(async () => {
  runtime = createFunctionRuntime({
    workDir: await tempDir('fn-isolation'),
    logSink: sink,
    logCapBytes: LOG_CAP,
  });
});
afterAll(async () => {
  await runtime.close();
  await removeTempDirs();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const LANGUAGES: ReadonlyArray<readonly [RuntimeLanguage, string, string]> = [
  ['nodejs', 'basic', 'index'],
  ['python', 'basic', 'lambda_function'],
];

describe.each(LANGUAGES)('%s isolation', (language, folder, module) => {
  const fn = (timeoutSeconds: number) =>
    fixtureVersion(language, folder, `${module}.misbehave`, { timeoutSeconds, memoryMb: 128 });
  const healthy = fixtureVersion(language, folder, `${module}.misbehave`, {
    name: `${language}-healthy`,
    timeoutSeconds: 30,
    memoryMb: 256,
  });

  /** The host pid of the guest that answered (inside its sandbox, every guest is pid 2). */
  async function okPid(version: ReturnType<typeof fn>): Promise<number> {
    const result = await runtime.invoke({ fn: version, payload: '{}' });
    expect(result.status).toBe('success');
    return hostPid(runtime, version.config.name);
  }

  /** Misbehaves once; `recycled` says whether the guest must have been replaced. */
  async function misbehaveThenRecover(
    timeoutSeconds: number,
    payload: object,
    recycled = true,
  ): Promise<InvocationResult> {
    const version = fn(timeoutSeconds);
    const before = await okPid(version);
    const healthyBefore = await okPid(healthy);
    const result = await runtime.invoke({ fn: version, payload: JSON.stringify(payload) });
    const after = await okPid(version);
    if (recycled) {
      expect(after).not.toBe(before);
      expect(isAlive(before)).toBe(false);
    } else {
      expect(after).toBe(before);
    }
    // Other functions keep their warm guest.
    expect(await okPid(healthy)).toBe(healthyBefore);
    return result;
  }

  it('times out an infinite loop, kills the guest and starts a fresh one', async () => {
    const result = await misbehaveThenRecover(0.5, { mode: 'loop' });
    expect(result.status).toBe('timeout');
    expect(result.error).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 0.50 seconds`,
    });
    expect(parse(result.payload)).toEqual(result.error);
    expect(sink.messages(result.requestId).at(-1)).toMatch(/\tStatus: timeout$/);
  });

  it('times out a handler that blocks', async () => {
    const result = await misbehaveThenRecover(0.5, { mode: 'block' });
    expect(result.error?.errorType).toBe('Sandbox.Timedout');
  });

  it('reports a handler that exits the process', async () => {
    const result = await misbehaveThenRecover(5, { mode: 'exit' });
    expect(result.error).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status ${language === 'nodejs' ? 3 : 2}`,
    });
  });

  it('reports a crash', async () => {
    const result = await misbehaveThenRecover(5, { mode: 'crash' });
    if (language === 'nodejs')
      expect(result.error).toEqual({ errorType: 'Error', errorMessage: 'crashed later' });
    else
      expect(result.error).toEqual({
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: signal: segmentation fault`,
      });
  });

  it('kills a guest that exceeds its memory', async () => {
    const result = await misbehaveThenRecover(10, { mode: 'hog' });
    expect(result.error).toEqual({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: signal: killed`,
    });
    expect(result.maxMemoryUsedMb).toBeGreaterThanOrEqual(128);
  });

  it('survives 50 MB of output, keeping the capped part and a marker', async () => {
    const result = await misbehaveThenRecover(20, { mode: 'print' }, false);
    expect(result.status).toBe('success');
    expect(JSON.parse(result.payload)).toBe('printed');
    const lines = sink.messages(result.requestId);
    const kept = lines.filter((line) => line.startsWith('xxx'));
    expect(kept.length * 1024).toBeLessThanOrEqual(LOG_CAP);
    expect(kept.length).toBeGreaterThan(100);
    const marker = lines.find((line) => line.startsWith('[scones] log output truncated'));
    expect(marker).toMatch(
      /^\[scones\] log output truncated: \d+ bytes dropped after the limit of 262144 bytes/,
    );
    expect(lines.at(-2)).toBe(`END RequestId: ${result.requestId}`);
    expect(Buffer.byteLength(result.logTail)).toBeLessThanOrEqual(4096);
  });

  it('fails a non-serialisable result and keeps the guest', async () => {
    const result = await misbehaveThenRecover(5, { mode: 'unserialisable' }, false);
    expect(result.error?.errorType).toBe(
      language === 'nodejs' ? 'Runtime.JSONStringifyError' : 'Runtime.MarshalError',
    );
  });

  it('never mistakes handler output for protocol messages', async () => {
    const impostor = fixtureVersion(language, folder, `${module}.impostor`);
    const result = await runtime.invoke({ fn: impostor });
    expect(JSON.parse(result.payload)).toBe('real');
    expect(
      sink
        .messages(result.requestId)
        .some((line) => line.includes('"payload": "\\"fake\\""') || line.includes('"payload":"\\"fake\\""')),
    ).toBe(true);
  });

  it('refuses a response over 6 MB', async () => {
    const result = await misbehaveThenRecover(10, { mode: 'big', bytes: 6_400_000 }, false);
    expect(result.error).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });
});

describe('slow initialisation', () => {
  it.each([
    ['nodejs', 'slow-init', 'index.handler'],
    ['python', 'slow_init', 'lambda_function.lambda_handler'],
  ] as const)('%s: init does not count against the timeout', async (language, folder, handler) => {
    const result = await runtime.invoke({
      fn: fixtureVersion(language, folder, handler, { timeoutSeconds: 0.5 }),
    });
    expect(result.status).toBe('success');
    expect(result.initDurationMs).toBeGreaterThan(0);
    expect(sink.messages(result.requestId)[0]).toMatch(/initialised$/);
  });

  it('fails an init over the init limit, then tries init again', async () => {
    const strict = createFunctionRuntime({
      workDir: await tempDir('fn-init'),
      logSink: sink,
      initTimeoutMs: 200,
    });
    try {
      const fn = fixtureVersion('python', 'slow_init', 'lambda_function.lambda_handler');
      const first = await strict.invoke({ fn });
      expect(first.error?.errorType).toBe('Sandbox.Timedout');
      expect(strict.stats().pools[0]?.workers).toEqual([]);
      const second = await strict.invoke({ fn });
      expect(second.error?.errorType).toBe('Sandbox.Timedout');
      expect(second.initDurationMs).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });
});
