// Training end to end on a small subset of the real images: report, artifacts, determinism, resume, errors.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker } from '../../../src/kernel/spawn-worker.js';
import { type ImageSet, type TrainResult, train } from '../../../src/modules/training/index.js';
import { loadPair, memoryStore } from './support/cifar-pair.js';
import { fileStore } from './support/file-store.js';

let small: ImageSet;
let test: ImageSet;
const options = { epochs: 2, batchSize: 32, seed: 5, validationShare: 0.2 };

beforeAll(async () => {
  [small, test] = await Promise.all([loadPair('train', 64), loadPair('test', 16)]);
});

function modelOf(result: TrainResult) {
  return {
    onnx: result.artifacts.onnx,
    weights: result.artifacts.tfjs.weights,
    metrics: result.report.metrics,
  };
}

describe('train', () => {
  let first: TrainResult;

  it('trains, calibrates and reports', async () => {
    const updates: number[] = [];
    const progress = { start: () => ({ update: (done: number) => updates.push(done), finish: () => {} }) };
    first = await train({ train: small, test, options: { ...options, threads: 2 }, progress });
    const { report, artifacts } = first;
    expect(updates.at(-1)).toBe(2);
    expect(report.curves).toHaveLength(2);
    expect(report.epochs).toBe(2);
    expect(report.validation.images).toBe(26);
    expect(report.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(report.metrics.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(test.count);
    expect(report.metrics.perClass.map((c) => c.support)).toEqual([16, 16]);
    expect(report.calibration.temperature).toBeGreaterThan(0);
    expect(report.metrics.coverage_at_threshold).toBeGreaterThanOrEqual(0);
    // The default network, resnet14.
    expect(report.model.forwardMflopsPerImage).toBeGreaterThan(53);
    expect(report.model.forwardMflopsPerImage).toBeLessThan(54);
    expect(report.timing.imagesPerSecond).toBeGreaterThan(0);
    expect(report.onnxParity.maxAbsDifference).toBeLessThan(1e-4);
    expect(artifacts.preprocessing).toMatchObject({
      inputName: 'image',
      outputName: 'probabilities',
      layout: 'NHWC',
    });
    const json = JSON.parse(new TextDecoder().decode(artifacts.tfjs.modelJson));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
  });

  it('exports an ONNX model that onnxruntime serves with the same probabilities sum', async () => {
    const session = await ort.InferenceSession.create(first.artifacts.onnx);
    const input = new ort.Tensor(
      'float32',
      Float32Array.from(test.images.subarray(0, 2 * 3072)),
      [2, 32, 32, 3],
    );
    const out = (await session.run({ image: input })).probabilities?.data as Float32Array;
    expect(out).toHaveLength(4);
    expect((out[0] as number) + (out[1] as number)).toBeCloseTo(1, 5);
    await session.release();
  });

  it('is deterministic for a seed, whatever the thread count', async () => {
    const again = await train({ train: small, test, options: { ...options, threads: 1 } });
    expect(modelOf(again)).toEqual(modelOf(first));
  });

  it('resumes an interrupted run from its checkpoint to the same model', async () => {
    const store = memoryStore();
    const controller = new AbortController();
    const progress = {
      start: () => ({ update: (done: number) => done >= 1 && controller.abort(), finish: () => {} }),
    };
    await expect(
      train({ train: small, test, options, progress, checkpoint: store, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'TRAINING_ABORTED' });
    expect(store.saves).toBeGreaterThanOrEqual(1);
    const resumed = await train({ train: small, test, options, checkpoint: store });
    expect(resumed.report.timing.resumedAtEpoch).toBeGreaterThanOrEqual(1);
    expect(modelOf(resumed)).toEqual(modelOf(first));
  });

  it('resumes a run whose thread was killed, from the checkpoints it left', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scones-train-'));
    const entry = new URL('./support/train-in-worker.ts', import.meta.url);
    const worker = spawnWorker(entry, { workerData: { train: small, test, options, dir } });
    while (!existsSync(path.join(dir, 'checkpoint'))) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.terminate();
    const resumed = await train({ train: small, test, options, checkpoint: fileStore(dir) });
    expect(resumed.report.timing.resumedAtEpoch).toBeGreaterThanOrEqual(1);
    expect(modelOf(resumed)).toEqual(modelOf(first));
    await rm(dir, { recursive: true });
  });

  it('refuses a checkpoint of another job and invalid input', async () => {
    const store = memoryStore();
    await train({ train: small, test, options: { ...options, epochs: 1 }, checkpoint: store });
    await expect(
      train({ train: small, test, options: { ...options, epochs: 1, seed: 6 }, checkpoint: store }),
    ).rejects.toMatchObject({ code: 'TRAINING_CHECKPOINT_MISMATCH' });
    await expect(train({ train: { ...small, count: 3 }, test })).rejects.toMatchObject({
      code: 'TRAINING_INVALID_DATA',
    });
    await expect(train({ train: small, test, options: { arch: 'nope' } })).rejects.toMatchObject({
      code: 'TRAINING_UNKNOWN_ARCHITECTURE',
    });
    await expect(train({ train: small, test, options: { batchSize: 33 } })).rejects.toMatchObject({
      code: 'TRAINING_INVALID_OPTIONS',
    });
  });
});
