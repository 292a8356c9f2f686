// Function runtime overhead: warm latency (p50/p99) and throughput of no-op Node and Python handlers, and
// cold-start time, with the sandbox (bubblewrap + cgroups) and with plain processes side by side.
// Run on purpose: `npx vitest bench --run bench/functions`.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import {
  createFunctionRuntime,
  defineFunctionConfig,
  type FunctionRuntime,
  type FunctionVersion,
  type RuntimeLanguage,
} from '../../src/modules/functions/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/functions');
const WARMUP = 200;
const SAMPLES = 3000;
const COLD_STARTS = 10;

const workDir = await mkdtemp(path.join(os.tmpdir(), 'scones-fn-bench-'));
const runtimes = {
  sandbox: createFunctionRuntime({ workDir, logSink: { write: () => {} }, isolation: 'sandbox' }),
  process: createFunctionRuntime({ workDir, logSink: { write: () => {} }, isolation: 'process' }),
};
let runtime: FunctionRuntime = runtimes.sandbox;

function noop(runtimeName: RuntimeLanguage): FunctionVersion {
  const folder = runtimeName === 'nodejs' ? 'node/noop' : 'python/noop';
  const handler = runtimeName === 'nodejs' ? 'index.handler' : 'lambda_function.lambda_handler';
  const config = defineFunctionConfig({ name: `bench-${runtimeName}`, runtime: runtimeName, handler });
  return { config, version: '$LATEST', codePath: path.join(FIXTURES, folder), revision: 'bench' };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measureWarm(fn: FunctionVersion) {
  for (let i = 0; i < WARMUP; i += 1) await runtime.invoke({ fn });
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SAMPLES; i += 1) {
    const before = performance.now();
    await runtime.invoke({ fn });
    latencies.push(performance.now() - before);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: SAMPLES / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function measureParallel(fn: FunctionVersion, callers: number) {
  const each = SAMPLES / callers;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < each; i += 1) await runtime.invoke({ fn });
    }),
  );
  return SAMPLES / ((performance.now() - started) / 1000);
}

async function measureCold(fn: FunctionVersion) {
  const totals: number[] = [];
  const inits: number[] = [];
  for (let i = 0; i < COLD_STARTS; i += 1) {
    runtime.evict(fn.config.name);
    const before = performance.now();
    const result = await runtime.invoke({ fn });
    totals.push(performance.now() - before);
    inits.push(result.initDurationMs ?? Number.NaN);
  }
  totals.sort((a, b) => a - b);
  inits.sort((a, b) => a - b);
  return { median: percentile(totals, 50), initMedian: percentile(inits, 50) };
}

const report: string[] = [];
for (const [isolation, chosen] of Object.entries(runtimes))
  for (const language of ['nodejs', 'python'] as const) {
    runtime = chosen;
    const fn = noop(language);
    const cold = await measureCold(fn);
    const warm = await measureWarm(fn);
    const parallel = await measureParallel(fn, 2);
    report.push(
      `${isolation.padEnd(7)} ${language.padEnd(7)} warm: ${warm.perSecond.toFixed(0)} invocations/s sequential, ${parallel.toFixed(0)}/s with 2 callers; ` +
        `p50 ${warm.p50.toFixed(3)} ms, p99 ${warm.p99.toFixed(3)} ms | cold start: ${cold.median.toFixed(1)} ms ` +
        `to first result (median of ${COLD_STARTS}), Init Duration ${cold.initMedian.toFixed(1)} ms`,
    );
  }
runtime = runtimes.sandbox;
console.log(`\nfunction runtime (${SAMPLES} warm samples after ${WARMUP} warm-up)\n${report.join('\n')}\n`);

describe('warm invoke of a no-op handler', () => {
  afterAll(async () => {
    await runtimes.sandbox.close();
    await runtimes.process.close();
  });
  bench('nodejs', async () => {
    await runtime.invoke({ fn: noop('nodejs') });
  });
  bench('python', async () => {
    await runtime.invoke({ fn: noop('python') });
  });
});
