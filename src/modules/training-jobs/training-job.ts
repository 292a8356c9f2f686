// A training job: dataset from the store -> training engine (checkpointed) -> artifacts in the store -> registry.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import type { ProgressReporter } from '../../kernel/progress.js';
import { type LoadedDataset, loadDataset } from '../datasets/index.js';
import type { ModelRegistry, ModelVersion } from '../models/index.js';
import type { ObjectStore } from '../storage/index.js';
import {
  type TrainingReport,
  type TrainOptions,
  type TrainResult,
  train,
  trainingError,
} from '../training/index.js';
import { trainingJobError } from './errors.js';
import { objectStoreCheckpoints } from './object-checkpoints.js';
import { clearRunMarker, type RunMarker, readRunMarker, writeRunMarker } from './run-marker.js';

export interface TrainingJobRequest {
  readonly datasetBucket: string;
  readonly options: TrainOptions;
  /** Continue the interrupted run (its options win over `options`). */
  readonly resume: boolean;
  readonly progress: ProgressReporter;
  readonly signal?: AbortSignal;
}

export interface TrainingJobDeps {
  readonly store: ObjectStore;
  readonly registry: ModelRegistry;
  readonly clock: Clock;
  /** Where checkpoints, artifacts and the run marker live. */
  readonly modelsBucket: string;
}

export interface TrainingJobResult {
  readonly version: ModelVersion;
  readonly report: TrainingReport;
  readonly lineage: Lineage;
  readonly runId: string;
}

export interface Lineage {
  readonly datasetBucket: string;
  readonly datasetChecksum: string;
  readonly datasetSource: string;
  readonly trainImages: number;
  readonly testImages: number;
}

export async function runTrainingJob(
  request: TrainingJobRequest,
  deps: TrainingJobDeps,
): Promise<TrainingJobResult> {
  const { store, modelsBucket } = deps;
  await store.ensureBucket(modelsBucket);
  const marker = await startOrResume(request, deps);
  const dataset = await loadDataset(store, marker.datasetBucket);
  const result = await trainGuarded(marker, dataset, request, deps);
  const lineage = lineageOf(dataset);
  const artifacts = await uploadArtifacts(store, modelsBucket, marker.runId, result, lineage);
  const version = await deps.registry.register({
    runId: marker.runId,
    arch: result.report.options.arch,
    artifactBucket: modelsBucket,
    artifacts,
    hyperparameters: { ...result.report.options },
    metrics: { ...result.report.metrics },
    lineage: { ...lineage },
    preprocessing: { ...result.artifacts.preprocessing },
    temperature: result.artifacts.temperature,
  });
  await clearRunMarker(store, modelsBucket);
  return { version, report: result.report, lineage, runId: marker.runId };
}

async function startOrResume(request: TrainingJobRequest, deps: TrainingJobDeps): Promise<RunMarker> {
  const existing = await readRunMarker(deps.store, deps.modelsBucket);
  if (request.resume) {
    if (!existing)
      throw trainingJobError(
        'NOTHING_TO_RESUME',
        'no interrupted training run to resume; start one with `scones train`',
      );
    return existing;
  }
  if (existing) {
    throw trainingJobError(
      'RUN_IN_PROGRESS',
      `run ${existing.runId} (started ${new Date(existing.startedAt).toISOString()}) did not finish: continue it with \`scones train --resume\`, or discard it with \`scones train --restart\``,
      { runId: existing.runId },
    );
  }
  const marker: RunMarker = {
    runId: `run-${new Date(deps.clock.now()).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`,
    datasetBucket: request.datasetBucket,
    options: request.options,
    startedAt: deps.clock.now(),
  };
  await writeRunMarker(deps.store, deps.modelsBucket, marker);
  return marker;
}

/** Forgets an interrupted run (its checkpoints stay until the run's objects are removed). */
export async function discardInterruptedRun(
  store: ObjectStore,
  modelsBucket: string,
): Promise<string | undefined> {
  const existing = await readRunMarker(store, modelsBucket);
  if (!existing) return undefined;
  for await (const object of store.listAllObjects(modelsBucket, `${existing.runId}/`))
    await store.deleteObject(modelsBucket, object.key);
  await clearRunMarker(store, modelsBucket);
  return existing.runId;
}

async function trainGuarded(
  marker: RunMarker,
  dataset: LoadedDataset,
  request: TrainingJobRequest,
  deps: TrainingJobDeps,
) {
  try {
    return await train({
      train: dataset.train,
      test: dataset.test,
      options: marker.options,
      progress: request.progress,
      ...(request.signal ? { signal: request.signal } : {}),
      checkpoint: objectStoreCheckpoints(deps.store, deps.modelsBucket, `${marker.runId}/checkpoints/`),
    });
  } catch (error) {
    if ((error as { code?: string }).code === trainingError.codes.ABORTED) {
      throw trainingJobError(
        'INTERRUPTED',
        `training run ${marker.runId} was interrupted; continue it with \`scones train --resume\``,
        {
          runId: marker.runId,
        },
      );
    }
    throw error;
  }
}

function lineageOf(dataset: LoadedDataset): Lineage {
  return {
    datasetBucket: dataset.bucket,
    datasetChecksum: dataset.manifest.checksum,
    datasetSource: dataset.manifest.source.location,
    trainImages: dataset.train.count,
    testImages: dataset.test.count,
  };
}

async function uploadArtifacts(
  store: ObjectStore,
  bucket: string,
  runId: string,
  result: TrainResult,
  lineage: Lineage,
) {
  const files: Array<[role: string, name: string, bytes: Uint8Array, type: string]> = [
    ['tfjs-model', 'model.json', result.artifacts.tfjs.modelJson, 'application/json'],
    ['tfjs-weights', 'weights.bin', result.artifacts.tfjs.weights, 'application/octet-stream'],
    ['onnx', 'model.onnx', result.artifacts.onnx, 'application/octet-stream'],
    ['preprocessing', 'preprocessing.json', json(result.artifacts.preprocessing), 'application/json'],
    ['report', 'report.json', json({ runId, ...result.report, lineage }), 'application/json'],
  ];
  const artifacts: Record<string, string> = {};
  for (const [role, name, bytes, contentType] of files) {
    const key = `${runId}/${name}`;
    await store.putObject(bucket, key, bytes, { contentType });
    artifacts[role] = key;
  }
  return artifacts;
}

function json(value: unknown): Uint8Array {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}
