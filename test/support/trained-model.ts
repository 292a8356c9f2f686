// A real model for endpoint tests: trained briefly on a few real images, its artifacts uploaded and registered.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { ModelRegistry, ModelVersion } from '../../src/modules/models/index.js';
import type { ObjectStore } from '../../src/modules/storage/index.js';
import { type ImageSet, type TrainResult, train } from '../../src/modules/training/index.js';
import { PNG_FOLDER, readLabelCsv, rgbOf } from './shared-data.js';

export const CLASSES = ['bicycle', 'motorcycle'];

/** The first `perClass` images of each class of a split, decoded as training decodes them. */
export async function loadImageSet(split: 'train' | 'test', perClass: number): Promise<ImageSet> {
  const rows = await readLabelCsv(split);
  const picked = CLASSES.flatMap((_, c) => rows.filter((r) => r.label === c).slice(0, perClass));
  const images = new Uint8Array(picked.length * 3072);
  await Promise.all(
    picked.map(async (row, i) =>
      images.set(await rgbOf(path.join(PNG_FOLDER, split, row.filename)), i * 3072),
    ),
  );
  return { images, labels: Uint8Array.from(picked, (r) => r.label), count: picked.length, classes: CLASSES };
}

/**
 * Trains for two epochs on `perClass` training images of each class; `seed` varies the model. Training takes a
 * few seconds, so results are cached on disk across test files, keyed by the arguments and the training code.
 */
export async function trainSmallModel(seed = 1, perClass = 100): Promise<TrainResult> {
  const file = path.join(os.tmpdir(), 'scones-test-models', `${await cacheKey(seed, perClass)}.v8`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return v8.deserialize(cached) as TrainResult;
  const [trainSet, testSet] = await Promise.all([loadImageSet('train', perClass), loadImageSet('test', 8)]);
  const result = await train({
    train: trainSet,
    test: testSet,
    options: { epochs: 2, batchSize: 32, seed, threads: 1 },
  });
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, v8.serialize(result));
  await rename(partial, file);
  return result;
}

async function cacheKey(seed: number, perClass: number): Promise<string> {
  const hash = createHash('sha256').update(`${seed}/${perClass}/2`);
  const root = path.resolve(import.meta.dirname, '../../src/modules/training');
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
  for (const name of files) hash.update(name).update(await readFile(path.join(root, name)));
  return hash.digest('hex').slice(0, 32);
}

/** Uploads the artifacts under `runs/<runId>/` and registers them; `onnx: false` leaves the ONNX file out. */
export async function registerModel(
  services: { store: ObjectStore; models: ModelRegistry },
  result: TrainResult,
  options: { runId: string; bucket?: string; onnx?: boolean },
): Promise<ModelVersion> {
  const bucket = options.bucket ?? 'scones-models';
  await services.store.ensureBucket(bucket);
  const prefix = `runs/${options.runId}`;
  const files: Record<string, Uint8Array> = {
    'tfjs-model': result.artifacts.tfjs.modelJson,
    'tfjs-weights': result.artifacts.tfjs.weights,
    report: new TextEncoder().encode(JSON.stringify(result.report)),
    ...(options.onnx === false ? {} : { onnx: result.artifacts.onnx }),
  };
  const names: Record<string, string> = {
    'tfjs-model': 'model.json',
    'tfjs-weights': 'weights.bin',
    report: 'report.json',
    onnx: 'model.onnx',
  };
  const artifacts: Record<string, string> = {};
  for (const [role, bytes] of Object.entries(files)) {
    artifacts[role] = `${prefix}/${names[role]}`;
    await services.store.putObject(bucket, artifacts[role] as string, bytes);
  }
  return services.models.register({
    runId: options.runId,
    arch: result.report.options.arch,
    artifactBucket: bucket,
    artifacts,
    hyperparameters: { ...result.report.options },
    metrics: { ...result.report.metrics },
    lineage: {},
    preprocessing: { ...result.artifacts.preprocessing },
    temperature: result.artifacts.temperature,
  });
}

/** The 200 test PNGs as bytes, with their labels, in test.csv order. */
export async function testPngs(limit = Number.POSITIVE_INFINITY) {
  const rows = (await readLabelCsv('test')).slice(0, limit);
  return Promise.all(
    rows.map(async (row) => ({
      file: row.filename,
      label: row.label,
      bytes: await readFile(path.join(PNG_FOLDER, 'test', row.filename)),
    })),
  );
}
