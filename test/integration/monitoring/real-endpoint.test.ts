// Monitoring a real endpoint (a briefly trained model served by the inference module): the baseline runs
// through InvokeEndpoint, the endpoint's own data capture feeds the reports, and its invocation listener
// feeds the metrics store. Unseen clean images raise no drift; the same images darkened do.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../../src/kernel/progress.js';
import { shifted } from '../../support/monitoring.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { PNG_FOLDER, PYTHON_ARCHIVE, readLabelCsv } from '../../support/shared-data.js';
import { registerModel, trainSmallModel } from '../../support/trained-model.js';

let t: TestServer;
let clean: Buffer[];

async function invokeAll(images: readonly Buffer[]): Promise<void> {
  const statuses = await Promise.all(
    images.map(async (body) => {
      const response = await fetch(`${t.server.url}/endpoints/bikes/invocations`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'image/png' },
      });
      await response.text();
      return response.status;
    }),
  );
  expect(new Set(statuses)).toEqual(new Set([200]));
}

/** Waits into the next second: capture records carry whole-second times, so windows split on seconds. */
async function nextSecond(): Promise<number> {
  const boundary = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await new Promise((resolve) => setTimeout(resolve, boundary - Date.now() + 5));
  return boundary;
}

beforeAll(async () => {
  t = await startTestServer({ 'monitoring.metricsFlushSeconds': 0.2 });
  await t.app.datasets.prepare({ source: PYTHON_ARCHIVE }, silentProgress);
  await registerModel(t.app, await trainSmallModel(), { runId: 'monitored' });
  const capture = { enabled: true, samplingPercent: 100, captureInput: true, captureOutput: true };
  await t.app.inference.endpoints.deploy({ name: 'bikes', variants: [{ model: '1' }], capture });
  await t.server.endpoints.refresh();
  // Training used the first 100 training images of each class; the others were never seen by the model.
  // File names group images by source (and the CSV lists them by name), so the stream is a shuffled sample.
  const rows = await readLabelCsv('train');
  const unseen = [0, 1].flatMap((label) => rows.filter((r) => r.label === label).slice(100));
  const sample = unseen
    .map((row, i) => ({ row, key: Math.abs(Math.sin(i * 91.7) * 1e4) % 1 }))
    .sort((a, b) => a.key - b.key)
    .slice(0, 150);
  clean = await Promise.all(sample.map(({ row }) => readFile(path.join(PNG_FOLDER, 'train', row.filename))));
}, 180_000);
afterAll(() => t?.close());

describe('monitoring a real endpoint', () => {
  it('baselines it, reports on its captured traffic, and records its invocations', async () => {
    const baseline = await t.app.monitoring.baseline('bikes');
    expect(baseline.dataset).toBe('s3://scones/test.lst');
    expect(baseline.statistics.counts).toMatchObject({ predictions: 200, images: 200 });
    expect(baseline.statistics.classes).toEqual(['bicycle', 'motorcycle']);

    const start = await nextSecond();
    await invokeAll(clean);
    const middle = await nextSecond();
    await invokeAll(await Promise.all(clean.map((png, i) => shifted(png, 'darken', i))));
    const end = await nextSecond();
    await t.server.endpoints.flushCapture();

    const cleanReport = await t.app.monitoring.report('bikes', { from: start, to: middle });
    expect(cleanReport.counts).toMatchObject({ records: 150, predictions: 150, images: 150 });
    expect(cleanReport.capture).toBe('s3://scones/datacapture/bikes/');
    expect(cleanReport.violations).toEqual([]);
    const darkReport = await t.app.monitoring.report('bikes', { from: middle, to: end });
    expect(darkReport.counts.records).toBe(150);
    const flagged = darkReport.violations.map((v) => v.feature_name);
    expect(flagged).toEqual(expect.arrayContaining(['input.brightness', 'input.embedding']));

    const sum = async (name: string, dimensions: Record<string, string>) => {
      const result = await t.app.monitoring.metrics.query({
        namespace: 'Scones/Endpoints',
        name,
        dimensions: { EndpointName: 'bikes', ...dimensions },
        statistics: ['Sum'],
        periodSeconds: 3600,
        start: Math.floor(start / 3_600_000) * 3_600_000 - 3_600_000,
        end: end + 60_000,
      });
      return result.datapoints.reduce((total, d) => total + (d.values.Sum as number), 0);
    };
    expect(await sum('Invocations', { VariantName: 'AllTraffic' })).toBe(200 + 300);
    const perClass =
      (await sum('ClassPredictions', { ClassName: 'bicycle' })) +
      (await sum('ClassPredictions', { ClassName: 'motorcycle' }));
    expect(perClass).toBe(500);
    const answered = t.app.inference.recent.recent('bikes');
    const low = answered.filter((r) => r.confidence !== null && r.confidence < 0.93).length;
    expect(await sum('LowConfidencePredictions', {})).toBe(low);
  });
});
