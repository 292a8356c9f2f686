// Function runtime overhead: warm latency (p50/p99) and throughput of no-op Node and Python handlers, and
// cold-start time, with the sandbox (bubblewrap + cgroups) and with plain processes (the isolation Scones had before
// the sandbox) side by side, in interleaved rounds.
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
/** Warm samples per mode and language, taken in interleaved rounds so machine load falls on both modes alike. */
const ROUNDS = 6;
const ROUND_SAMPLES = 500;
const COLD_STARTS = 12;

const workDir = await mkdtemp(path.join(os.tmpdir(), 'scones-fn-bench-'));
const runtimes = {
  sandbox: createFunctionRuntime({ workDir, logSink: { write: () => {} }, isolation: 'sandbox' }),
  process: createFunctionRuntime({ workDir, logSink: { write: () => {} }, isolation: 'process' }),
};
type Mode = keyof typeof runtimes;
const MODES = Object.keys(runtimes) as Mode[];
let runtime: FunctionRuntime = runtimes.sandbox;

function noop(runtimeName: RuntimeLanguage): FunctionVersion {
  const folder = runtimeName === 'nodejs' ? 'node/noop' : 'python/noop';
  const handler = runtimeName === 'nodejs' ? 'index.handler' : 'lambda_function.lambda_handler';
  const config = defineFunctionConfig({ name: `bench-${runtimeName}`, runtime: runtimeName, handler });
  return { config, version: '$LATEST', codePath: path.join(FIXTURES, folder), revision: 'bench' };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed(chosen: FunctionRuntime, fn: FunctionVersion, samples: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const before = performance.now();
    await chosen.invoke({ fn });
    latencies.push(performance.now() - before);
  }
  return latencies;
}

interface Figures {
  warm: number[];
  roundMedians: number[];
  cold: number[];
  inits: number[];
  parallel: number;
}

async function measure(fn: FunctionVersion): Promise<Record<Mode, Figures>> {
  const empty = (): Figures => ({ warm: [], roundMedians: [], cold: [], inits: [], parallel: 0 });
  const figures: Record<Mode, Figures> = { sandbox: empty(), process: empty() };
  for (const mode of MODES) await timed(runtimes[mode], fn, WARMUP);
  for (let round = 0; round < ROUNDS; round += 1)
    for (const mode of MODES) {
      const latencies = await timed(runtimes[mode], fn, ROUND_SAMPLES);
      figures[mode].warm.push(...latencies);
      figures[mode].roundMedians.push(percentile(latencies, 50));
    }
  for (let i = 0; i < COLD_STARTS; i += 1)
    for (const mode of MODES) {
      runtimes[mode].evict(fn.config.name);
      const before = performance.now();
      const result = await runtimes[mode].invoke({ fn });
      figures[mode].cold.push(performance.now() - before);
      figures[mode].inits.push(result.initDurationMs ?? Number.NaN);
    }
  for (const mode of MODES) figures[mode].parallel = await parallelRate(runtimes[mode], fn, 2);
  return figures;
}

async function parallelRate(chosen: FunctionRuntime, fn: FunctionVersion, callers: number): Promise<number> {
  const samples = ROUNDS * ROUND_SAMPLES;
  const started = performance.now();
  await Promise.all(Array.from({ length: callers }, () => timed(chosen, fn, samples / callers)));
  return samples / ((performance.now() - started) / 1000);
}

const report: string[] = [];
for (const language of ['nodejs', 'python'] as const) {
  const figures = await measure(noop(language));
  for (const mode of MODES) {
    const f = figures[mode];
    const sum = f.warm.reduce((a, b) => a + b, 0);
    report.push(
      `${mode.padEnd(7)} ${language.padEnd(7)} warm: p50 ${percentile(f.roundMedians, 50).toFixed(3)} ms ` +
        `(median of ${ROUNDS} rounds), p99 ${percentile(f.warm, 99).toFixed(3)} ms, ` +
        `${(f.warm.length / (sum / 1000)).toFixed(0)}/s sequential, ${f.parallel.toFixed(0)}/s with 2 callers | ` +
        `cold start: p50 ${percentile(f.cold, 50).toFixed(1)} ms to first result (target < 150 ms), ` +
        `Init Duration p50 ${percentile(f.inits, 50).toFixed(1)} ms`,
    );
  }
}
runtime = runtimes.sandbox;
const load = os.loadavg().map((value) => value.toFixed(2));
console.log(
  `\nfunction runtime: sandbox vs process, interleaved (${ROUNDS}x${ROUND_SAMPLES} warm samples after ${WARMUP}` +
    ` warm-up, ${COLD_STARTS} cold starts each; load ${load.join(' ')})\n${report.join('\n')}\n`,
);

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
