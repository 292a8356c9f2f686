// Baseline, reports and drift on real CIFAR-100 images: a clean captured stream passes, shifted streams
// (darkened, blurred, noisy, rotated, other classes) are flagged, and a report is idempotent per window.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/kernel/clock.js';
import {
  layoutEmbedding,
  type ReportDocument,
  runBaseline,
  runReport,
} from '../../../src/modules/monitoring/index.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import {
  captured,
  pixelStatisticsPredictor,
  realImages,
  type Shift,
  shifted,
  writeCaptureFiles,
} from '../../support/monitoring.js';
import { PYTHON_ARCHIVE } from '../../support/shared-data.js';
import { prepareQuietly } from '../../support/small-dataset.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-26T05:00:00Z');
const capture = { bucket: 'scones', prefix: 'datacapture' };
const location = { bucket: 'scones', prefix: 'monitoring' };
let root: string;
let store: ObjectStore;
let now = START + 10 * HOUR;
const clock: Clock = { now: () => now };
const deps = () => ({ store, embedding: layoutEmbedding, location, clock });
const windowOf = (hour: number) => ({ from: START + hour * HOUR, to: START + (hour + 1) * HOUR });
const report = (hour: number, force = false) =>
  runReport('bikes', windowOf(hour), capture, deps(), { force });
const flagged = (r: ReportDocument) => [...new Set(r.violations.map((v) => v.feature_name))].sort();

async function prepare(bucket: string, classes: string[]) {
  return prepareQuietly(store, root, { source: PYTHON_ARCHIVE, classes, bucket });
}

async function captureWindow(hour: number, images: readonly Buffer[]) {
  const target = { ...capture, endpoint: 'bikes', variant: 'AllTraffic' };
  await writeCaptureFiles(store, target, await captured(images, windowOf(hour).from + 1000));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-drift-'));
  store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), { now: () => Date.now() }));
  await prepare('scones', ['bicycle', 'motorcycle']);
  const others = ['bus', 'pickup_truck', 'lawn_mower', 'train', 'streetcar', 'rocket', 'tractor', 'tank'];
  await prepare('others', others);
  const clean = await realImages('train', 300);
  await captureWindow(0, clean);
  const shifts: Shift[] = ['darken', 'blur', 'noise', 'rotate'];
  for (const [i, shift] of shifts.entries())
    await captureWindow(i + 1, await Promise.all(clean.map((png, j) => shifted(png, shift, j + 1))));
  const distractors = await Promise.all(
    (await store.listObjects('others', { prefix: 'train/', maxKeys: 300 })).contents.map((o) =>
      store.getObjectBytes('others', o.key),
    ),
  );
  await captureWindow(5, distractors);
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('monitoring baseline and reports', () => {
  it('baselines the model on the validation split: confidence, classes, input statistics, constraints', async () => {
    const result = await runBaseline('bikes', 's3://scones/test.lst', pixelStatisticsPredictor, {
      ...deps(),
      threshold: 0.93,
    });
    const { statistics, constraints } = result;
    expect(statistics.counts).toMatchObject({ records: 200, predictions: 200, images: 200 });
    expect(statistics.classes).toEqual(['bicycle', 'motorcycle']);
    expect(statistics.prediction.confidence?.histogram.counts.reduce((a, b) => a + b)).toBe(200);
    expect(statistics.prediction.confidence?.quantiles.p50).toBeGreaterThan(0.5);
    expect(statistics.prediction.lowConfidence.rate).toBeGreaterThan(0);
    expect(statistics.input.contentTypes).toEqual({ 'image/png': 200 });
    expect(statistics.input.width).toMatchObject({ min: 32, max: 32 });
    expect(statistics.input.features.brightness?.mean).toBeGreaterThan(0.3);
    expect(statistics.embedding).toMatchObject({ source: 'scones-layout-v1', sampleSize: 200 });
    expect(constraints.prediction.knownClasses).toEqual(['bicycle', 'motorcycle']);
    expect(constraints.embedding?.maxMmd2).toBeGreaterThan(0);
    expect(result.files.constraints).toBe('s3://scones/monitoring/bikes/baseline/constraints.json');
  });

  it('flags nothing on a clean stream of other real images of the same classes', async () => {
    const clean = await report(0);
    expect(clean.counts).toMatchObject({ records: 300, predictions: 300, images: 300 });
    expect(clean.violations).toEqual([]);
    expect(clean.drift.confidence?.psi).toBeLessThan(0.2);
    expect(clean.drift.embedding?.pValue).toBeGreaterThan(0.01);
    const stored = JSON.parse(
      (await store.getObjectBytes('scones', clean.files.violations.slice('s3://scones/'.length))).toString(),
    );
    expect(stored).toEqual({ violations: [] });
  });

  it('flags photometric shifts in the input statistics, the embeddings and the predictions', async () => {
    const dark = await report(1);
    expect(flagged(dark)).toEqual(
      expect.arrayContaining(['input.brightness', 'input.embedding', 'prediction.confidence']),
    );
    const brightness = dark.violations.find((v) => v.feature_name === 'input.brightness');
    expect(brightness).toMatchObject({
      constraint_check_type: 'baseline_drift_check',
      metric: 'ks_distance',
    });
    expect(brightness?.observed).toBeGreaterThan(0.5);
    expect(flagged(await report(2))).toEqual(expect.arrayContaining(['input.contrast', 'input.embedding']));
    expect(flagged(await report(3))).toEqual(expect.arrayContaining(['input.embedding']));
  });

  it('catches rotation through the embedding alone: pixel statistics cannot see it', async () => {
    const rotated = await report(4);
    expect(flagged(rotated)).toEqual(['input.embedding']);
    expect(rotated.drift.inputFeatures).toEqual((await report(0)).drift.inputFeatures);
    expect(rotated.drift.confidence).toEqual((await report(0)).drift.confidence);
  });

  it('flags images of other classes (the archive distractors)', async () => {
    const others = await report(5);
    expect(flagged(others)).toEqual(expect.arrayContaining(['input.embedding', 'input.contrast']));
  });

  it('returns the stored report of a window again unless forced, and skips drift on an empty window', async () => {
    const first = await report(0);
    now += HOUR;
    expect(await report(0)).toEqual(first);
    const forced = await report(0, true);
    expect(forced.createdAt).not.toBe(first.createdAt);
    expect({ ...forced, createdAt: first.createdAt }).toEqual(first);
    const empty = await report(7);
    expect(empty.counts.records).toBe(0);
    expect(empty.violations).toEqual([]);
    expect(empty.drift.skipped.length).toBeGreaterThan(0);
  });
});
