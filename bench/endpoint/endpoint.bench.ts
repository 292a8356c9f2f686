// Endpoint benchmark: a real `scones serve` process answering real test PNGs under autocannon at concurrency 1,
// 64 and 1000, against the raw batched throughput of the same ONNX model measured in this run.
// Run on purpose, after a build: `npm run build && npx vitest bench --run bench/endpoint`.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import * as ort from 'onnxruntime-node';
import { afterAll, bench, describe } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createApp } from '../../src/app/container.js';
import { rgbOf } from '../../test/support/shared-data.js';
import { registerModel, testPngs, trainSmallModel } from '../../test/support/trained-model.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LEVELS = [1, 64, 1000];
const BIN = path.resolve(import.meta.dirname, '../../bin/scones.js');

const home = await mkdtemp(path.join(os.tmpdir(), 'scones-endpoint-bench-'));
const env = { ...process.env, SCONES_HOME: home, SCONES_LOG_LEVEL: 'warn' };
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadBefore = load();

const trained = await trainSmallModel(1);
const app = await createApp(loadConfig({ env, cwd: home }), { cwd: home });
await registerModel(app, trained, { runId: 'bench' });
await app.inference.endpoints.deploy({ name: 'bench', variants: [{ model: '1' }] });
await app.close();
const pngs = await testPngs();
const server = await startServer();
const invocations = `${server.url}/endpoints/bench/invocations`;

/** `scones serve` on a free port; resolves with its URL once it listens. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Scones (http:\/\/\S+)/.exec(seen);
      if (match) resolve({ child, url: match[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`scones serve exited (${code})`)));
  });
}

/** CPU time the server process (all its threads) has used, in ms. */
function serverCpuMs(): number {
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function serverRssMb(): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** The model alone: onnxruntime on decoded pixels, best of batch 32/64 and 1/2 threads, for `seconds` each. */
async function rawThroughput(
  seconds: number,
): Promise<{ imagesPerSecond: number; setting: string; cpuUsPerImage: number }> {
  let best = { imagesPerSecond: 0, setting: '' };
  let cpuUsPerImage = Number.NaN;
  const pixels = await Promise.all(pngs.slice(0, 64).map((p) => rgbOf(p.bytes)));
  for (const threads of [1, 2]) {
    const session = await ort.InferenceSession.create(trained.artifacts.onnx, {
      intraOpNumThreads: threads,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    for (const batch of [32, 64]) {
      const input = new Float32Array(batch * 3072);
      for (let i = 0; i < batch; i++) input.set(pixels[i] as Buffer, i * 3072);
      const tensor = new ort.Tensor('float32', input, [batch, 32, 32, 3]);
      await session.run({ image: tensor });
      let images = 0;
      const started = performance.now();
      const cpu = process.cpuUsage();
      while (performance.now() - started < seconds * 1000) {
        await session.run({ image: tensor });
        images += batch;
      }
      const imagesPerSecond = images / ((performance.now() - started) / 1000);
      const used = process.cpuUsage(cpu);
      if (threads === 1 && batch === 32) cpuUsPerImage = (used.user + used.system) / images;
      if (imagesPerSecond > best.imagesPerSecond)
        best = { imagesPerSecond, setting: `batch ${batch}, ${threads} thread(s)` };
    }
    await session.release();
  }
  return { ...best, cpuUsPerImage };
}

/** One request at a time over a keep-alive connection, timed to the microsecond (autocannon rounds to 1 ms). */
async function sequentialLatency(count: number): Promise<{ p50: number; p99: number; perSecond: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const body = pngs[i % pngs.length]?.bytes as Buffer;
    const before = performance.now();
    await new Promise<void>((resolve, reject) => {
      const request = http.request(
        invocations,
        { method: 'POST', agent, headers: { 'content-type': 'image/png', 'content-length': body.length } },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    times.push(performance.now() - before);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
  return { p50: at(0.5), p99: at(0.99), perSecond: count / ((performance.now() - started) / 1000) };
}

async function loadTest(connections: number, seconds: number) {
  const cpuBefore = serverCpuMs();
  const generatorBefore = process.cpuUsage();
  const result = await autocannon({
    url: invocations,
    connections,
    duration: seconds,
    timeout: 30,
    requests: pngs.map((p) => ({ method: 'POST', headers: { 'content-type': 'image/png' }, body: p.bytes })),
  });
  const codes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  const ok = codes['200'] ?? 0;
  const refused = codes['503'] ?? 0;
  const other = Object.entries(codes).reduce(
    (n, [code, count]) => (code === '200' || code === '503' ? n : n + count),
    0,
  );
  const generator = process.cpuUsage(generatorBefore);
  return {
    connections,
    cpuPerRequestUs: ((serverCpuMs() - cpuBefore) * 1000) / Math.max(1, ok + refused),
    generatorCpuPerRequestUs: (generator.user + generator.system) / Math.max(1, ok + refused),
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    refused,
    otherErrors: other + result.errors + result.timeouts,
  };
}

/** Every measurement, in order, as the report's lines. */
async function measure(): Promise<string[]> {
  const rawBefore = await rawThroughput(2);
  await loadTest(64, 2);
  const rss = [serverRssMb()];
  const sequential = await sequentialLatency(2000);
  const runs = [];
  for (const connections of LEVELS) {
    runs.push(await loadTest(connections, connections === 1000 ? SECONDS + 4 : SECONDS));
    rss.push(serverRssMb());
  }
  // Sustained overload: the same 1000 connections again; memory must level off, not grow with time.
  for (let round = 0; round < 2; round++) {
    await loadTest(1000, SECONDS);
    rss.push(serverRssMb());
  }
  // Data capture on every request: the response path must not notice.
  const captureOn = await fetch(`${server.url}/api/v1/endpoints/bench`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: '1', capture: { enabled: true, samplingPercent: 100 } }),
  });
  if (!captureOn.ok) throw new Error(`could not turn capture on: ${await captureOn.text()}`);
  const captured = await loadTest(64, SECONDS);
  const rawAfter = await rawThroughput(2);
  return report({ rawBefore, rawAfter, sequential, runs, captured, rss });
}

type Raw = Awaited<ReturnType<typeof rawThroughput>>;
type Run = Awaited<ReturnType<typeof loadTest>>;

function report(results: {
  rawBefore: Raw;
  rawAfter: Raw;
  sequential: Awaited<ReturnType<typeof sequentialLatency>>;
  runs: Run[];
  captured: Run;
  rss: number[];
}): string[] {
  const { rawBefore, rawAfter, sequential, runs, captured, rss } = results;
  const raw = Math.max(rawBefore.imagesPerSecond, rawAfter.imagesPerSecond);
  const at64 = runs.find((r) => r.connections === 64);

  const lines = [
    `endpoint benchmark: ${os.cpus().length} cores, load average ${loadBefore} at start, ${load()} at end (1/5/15 min)`,
    `raw batched inference (onnxruntime in-process, no HTTP, no decoding): ${rawBefore.imagesPerSecond.toFixed(0)} images/s before, ${rawAfter.imagesPerSecond.toFixed(0)} after (best: ${rawBefore.setting} / ${rawAfter.setting})`,
    `the model's CPU cost: ${rawBefore.cpuUsPerImage.toFixed(0)} µs per image (batch 32, one thread); the server's cost per request is below`,
    `sequential (1 connection, timed in µs): p50 ${sequential.p50.toFixed(3)} ms, p99 ${sequential.p99.toFixed(3)} ms, ${sequential.perSecond.toFixed(0)} req/s`,
    'connections  req/s (200)  p50 ms  p99 ms  200s     503s   other errors  CPU µs/request: server, autocannon',
    ...runs.map(
      (r) =>
        `${String(r.connections).padStart(11)}  ${r.perSecond.toFixed(0).padStart(11)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${String(r.ok).padStart(7)}  ${String(r.refused).padStart(5)}  ${String(r.otherErrors).padStart(12)}  ${r.cpuPerRequestUs.toFixed(0)}, ${r.generatorCpuPerRequestUs.toFixed(0)}`,
    ),
    `64 connections with data capture of every request: ${captured.perSecond.toFixed(0)} req/s, p50 ${captured.p50} ms, p99 ${captured.p99} ms, ${captured.otherErrors} errors, ${captured.cpuPerRequestUs.toFixed(0)} µs CPU/request`,
    `throughput at 64 connections / raw batched inference: ${(((at64?.perSecond ?? 0) / raw) * 100).toFixed(1)}% (target >= 40%)`,
    `server RSS (MB) after warm-up, after each level, then after two more rounds at 1000: ${rss.map((m) => m.toFixed(0)).join(', ')}`,
  ];
  return lines;
}

// The server is stopped whatever happens, so a failed run leaves no process behind.
try {
  console.log(`\n${(await measure()).join('\n')}\n`);
} finally {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await rm(home, { recursive: true, force: true });
}

// The per-image latency of the model alone, for comparison with the sequential HTTP figure above.
const single = await ort.InferenceSession.create(trained.artifacts.onnx, { intraOpNumThreads: 1 });
const oneImage = new ort.Tensor(
  'float32',
  Float32Array.from(await rgbOf(pngs[0]?.bytes as Buffer)),
  [1, 32, 32, 3],
);

describe('onnxruntime in-process', () => {
  afterAll(() => single.release());
  bench('one image', async () => {
    await single.run({ image: oneImage });
  });
});
