// Monitoring benchmarks: the time to produce one report over 100,000 captured records (target under 10 s),
// and the cost of recording one endpoint invocation's metrics against the 0.5-2 ms an invocation takes and
// against a real endpoint's round trip (target under 2%). Run on purpose: `npx vitest bench --run bench/monitor` (SCONES_SHARED_DATA may point at
// the shared data folder). Prints its own summary lines besides vitest's table.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { silentLogger } from '../../src/kernel/logger.js';
import { MonitoringService, monitoringMigrations } from '../../src/modules/monitoring/index.js';
import { ObjectStore } from '../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../src/platform/blob/fs/fs-blob-store.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';
import {
  captured,
  captureLine,
  pixelStatisticsPredictor,
  realImages,
} from '../../test/support/monitoring.js';
import { startTestServer } from '../../test/support/scones-app.js';
import { registerModel, trainSmallModel } from '../../test/support/trained-model.js';

const RECORDS = 100_000;
const START = Date.parse('2026-11-26T05:00:00Z');
const HOUR = 3_600_000;
const RECORDER_CALLS = 1_000_000;

const root = await mkdtemp(path.join(os.tmpdir(), 'scones-monitor-bench-'));
const now = START + 2 * HOUR;
const clock = { now: () => now };
const store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), clock));
const database = openSqliteDatabase({ file: path.join(root, 'scones.db') });
await database.migrate(monitoringMigrations);
const monitoring = new MonitoringService({
  store,
  database,
  clock,
  logger: silentLogger,
  location: { bucket: 'scones', prefix: 'monitoring' },
  defaultCapture: 's3://scones/datacapture',
  defaultDataset: 's3://scones/val/',
  confidenceThreshold: 0.93,
  predictors: () => pixelStatisticsPredictor,
  metrics: { flushMs: 5000, retentionMs: 15 * 86_400_000 },
  alarms: { evaluationMs: 60_000 },
  scheduler: { pollMs: 30_000, settleMs: 0 },
});

await setUp();
const endpointServer = await startTestServer();
await registerModel(endpointServer.app, await trainSmallModel(), { runId: 'bench' });
await endpointServer.app.inference.endpoints.deploy({ name: 'bikes', variants: [{ model: '1' }] });
await endpointServer.server.endpoints.refresh();
const endpointImages = await realImages('test', 200);
let invocationMs = Number.NaN;

async function setUp(): Promise<void> {
  await store.ensureBucket('scones');
  const validation = await realImages('test', 200);
  await Promise.all(
    validation.map((png, i) => store.putObject('scones', `val/${i}.png`, png, { contentType: 'image/png' })),
  );
  await monitoring.baseline('bikes');
  // One file per second of traffic over one hour, as the capture writer flushes them.
  const pool = await captured([...(await realImages('train', 1000)), ...validation], 0);
  const perSecond = RECORDS / 3600;
  for (let second = 0; second < 3600; second++) {
    const first = Math.floor(second * perSecond);
    const last = Math.floor((second + 1) * perSecond);
    const lines: string[] = [];
    for (let i = first; i < last; i++) {
      const record = pool[i % pool.length] as (typeof pool)[number];
      lines.push(captureLine({ ...record, time: START + second * 1000 + (i - first) }));
    }
    const stamp = String(second).padStart(4, '0');
    await store.putObject(
      'scones',
      `datacapture/bikes/AllTraffic/2026/11/26/05/${stamp}-bench.jsonl`,
      Buffer.from(`${lines.join('\n')}\n`),
    );
  }
}

const summary: string[] = [];

describe('monitoring report', () => {
  bench(
    `report over ${RECORDS.toLocaleString('en')} captured records`,
    async () => {
      const started = performance.now();
      const report = await monitoring.report('bikes', { from: START, to: START + HOUR }, { force: true });
      const seconds = (performance.now() - started) / 1000;
      if (report.counts.records !== RECORDS) throw new Error(`read ${report.counts.records} records`);
      const statistics = JSON.parse(
        (
          await store.getObjectBytes('scones', report.files.statistics.slice('s3://scones/'.length))
        ).toString(),
      );
      summary.push(
        `report: ${report.counts.records} records in ${seconds.toFixed(2)} s (${(report.counts.records / seconds).toFixed(0)} records/s; target < 10 s); pixels read for ${statistics.input.pixelSample} images, ${report.drift.embedding?.windowSample} embedded; ${report.violations.length} violations`,
      );
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );
});

describe('a real endpoint, for scale', () => {
  bench(
    'InvokeEndpoint round trip (trained model, one request at a time)',
    async () => {
      const latencies: number[] = [];
      for (const body of endpointImages) {
        const started = performance.now();
        const response = await fetch(`${endpointServer.server.url}/endpoints/bikes/invocations`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'image/png' },
        });
        await response.text();
        latencies.push(performance.now() - started);
      }
      latencies.sort((a, b) => a - b);
      invocationMs = latencies[Math.floor(latencies.length / 2)] as number;
      summary.push(
        `endpoint: median InvokeEndpoint round trip ${invocationMs.toFixed(3)} ms over ${latencies.length} requests`,
      );
    },
    { iterations: 2, warmupIterations: 1, time: 0 },
  );
});

describe('metrics recording on the hot path', () => {
  const events = Array.from({ length: 1024 }, (_, i) => ({
    endpoint: 'bikes',
    variant: 'AllTraffic',
    at: 0,
    modelLatencyMs: 0.5 + (i % 17) * 0.1,
    overheadLatencyMs: 0.2,
    status: '2xx' as const,
    top1Confidence: 0.5 + (i % 50) / 100,
    predictedClass: i % 2 === 0 ? 'bicycle' : 'motorcycle',
  }));
  bench(
    'endpointInvocation x 1,000,000 over 10 minutes, then flush',
    async () => {
      const started = performance.now();
      for (let i = 0; i < RECORDER_CALLS; i++) {
        const event = events[i & 1023] as (typeof events)[number];
        event.at = START + Math.floor((i / RECORDER_CALLS) * 600_000);
        monitoring.metrics.endpointInvocation(event);
      }
      const recorded = performance.now();
      await monitoring.metrics.flush();
      const perCallNs = ((performance.now() - started) * 1e6) / RECORDER_CALLS;
      const recordNs = ((recorded - started) * 1e6) / RECORDER_CALLS;
      const share = (ms: number) => `${((perCallNs / (ms * 1e6)) * 100).toFixed(3)}%`;
      summary.push(
        `recorder: ${recordNs.toFixed(0)} ns per call recording, ${perCallNs.toFixed(0)} ns with its share of the flush; overhead ${share(0.5)} of a 0.5 ms invocation, ${share(2)} of 2 ms, ${share(invocationMs)} of the real endpoint's median (target < 2%)`,
      );
    },
    { iterations: 3, warmupIterations: 1, time: 0 },
  );
});

afterAll(async () => {
  for (const line of summary) process.stdout.write(`${line}\n`);
  await endpointServer.close();
  await monitoring.close();
  await database.close();
  await store.close();
  await rm(root, { recursive: true, force: true });
});
