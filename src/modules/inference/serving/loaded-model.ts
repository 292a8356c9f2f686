// A model version loaded into predictor workers behind a micro-batcher: load, warm up, predict, unload.

import type { Logger } from '../../../kernel/logger.js';
import type { FileCache } from '../../../platform/file-cache/port.js';
import type { ModelVersion } from '../../models/index.js';
import type { ObjectStore } from '../../storage/index.js';
import { inferenceError } from '../errors.js';
import { PredictorPool } from '../predictor/predictor-pool.js';
import type { InputShape, ModelSource } from '../predictor/protocol.js';
import { readArtifact } from './artifact-file.js';
import type { ImageInput, ImageShape } from './image-input.js';
import { type BatchingOptions, MicroBatcher, type Prediction } from './micro-batcher.js';

export interface ServingOptions {
  /** Predictor worker threads per loaded model. */
  readonly workers: number;
  /** onnxruntime threads inside each worker (a tfjs model gets workers x threadsPerWorker workers instead). */
  readonly threadsPerWorker: number;
  readonly batching: BatchingOptions;
  readonly maxInputPixels: number;
}

/** What the registry's preprocessing record says the model takes and gives. */
export interface ModelSpec {
  readonly classes: readonly string[];
  readonly shape: InputShape;
  readonly inputName: string;
  readonly outputName: string;
}

export class LoadedModel {
  readonly #batcher: MicroBatcher;
  #active = 0;
  #idle: (() => void)[] = [];

  private constructor(
    readonly version: number,
    readonly backend: ModelSource['backend'],
    readonly spec: ModelSpec,
    readonly imageShape: ImageShape,
    private readonly pool: PredictorPool,
    batching: BatchingOptions,
  ) {
    this.#batcher = new MicroBatcher(pool, batching);
  }

  static async load(
    version: ModelVersion,
    store: ObjectStore,
    options: ServingOptions,
    logger: Logger,
    files?: FileCache,
  ): Promise<LoadedModel> {
    const spec = modelSpec(version);
    const source = await readSource(version, { store, files }, spec, options.threadsPerWorker);
    // tfjs-wasm runs one thread per worker: it gets as many workers as onnxruntime gets threads.
    const workers = source.backend === 'onnx' ? options.workers : options.workers * options.threadsPerWorker;
    const pool = await PredictorPool.start(source, spec.shape, workers, logger).catch((error: Error) => {
      throw inferenceError(
        'MODEL_UNLOADABLE',
        `model version ${version.version} (${source.backend}) cannot be loaded: ${error.message}`,
        { version: version.version },
        error,
      );
    });
    const imageShape = { ...spec.shape, maxInputPixels: options.maxInputPixels };
    const model = new LoadedModel(version.version, source.backend, spec, imageShape, pool, options.batching);
    try {
      await model.#warmUp(options.batching.maxBatchSize);
    } catch (error) {
      await pool.close();
      throw inferenceError(
        'MODEL_UNLOADABLE',
        `model version ${version.version} failed its warm-up run: ${(error as Error).message}`,
        { version: version.version },
        error,
      );
    }
    return model;
  }

  /** Requests between `use` and its end: decoding, queued or running. */
  get active(): number {
    return this.#active;
  }

  /** Runs one request's work on this model; unloading waits for every such request to end. */
  async use<T>(work: (model: LoadedModel) => Promise<T>): Promise<T> {
    this.#active++;
    try {
      return await work(this);
    } finally {
      if (--this.#active === 0) for (const done of this.#idle.splice(0)) done();
    }
  }

  async predict(image: ImageInput): Promise<Prediction> {
    const prediction = await this.#batcher.submit(image);
    const { probabilities } = prediction;
    if (probabilities.length !== this.spec.classes.length || !probabilities.every(Number.isFinite))
      throw inferenceError(
        'MODEL_FAILED',
        `model version ${this.version} returned ${probabilities.length} values (${[...probabilities].join(', ')}) for ${this.spec.classes.length} classes; expected finite probabilities`,
      );
    return prediction;
  }

  /** Lets the requests using the model finish, then stops the workers. */
  async unload(): Promise<void> {
    if (this.#active > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    await this.#batcher.drain();
    await this.pool.close();
  }

  /** Runs full and single-image batches on every worker so the first real requests pay no set-up cost. */
  async #warmUp(maxBatchSize: number): Promise<void> {
    const { height, width, channels } = this.spec.shape;
    const image: ImageInput = { kind: 'rgb', pixels: new Uint8Array(height * width * channels).fill(128) };
    for (const size of [maxBatchSize, 1]) {
      const runs = Array.from({ length: this.pool.capacity }, () =>
        this.pool.run(Array.from({ length: size }, () => image)),
      );
      for (const result of await Promise.all(runs))
        if (result.classes !== this.spec.classes.length)
          throw new Error(
            `it outputs ${result.classes} values per image for ${this.spec.classes.length} classes`,
          );
    }
  }
}

function modelSpec(version: ModelVersion): ModelSpec {
  const p = version.preprocessing as Partial<Record<string, unknown>>;
  const classes = p.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string'))
    throw inferenceError(
      'MODEL_UNLOADABLE',
      `model version ${version.version} records no class names in its preprocessing spec`,
    );
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  return {
    classes,
    shape: { height: number(p.height, 32), width: number(p.width, 32), channels: number(p.channels, 3) },
    inputName: text(p.inputName, 'image'),
    outputName: text(p.outputName, 'probabilities'),
  };
}

async function readSource(
  version: ModelVersion,
  { store, files }: { store: ObjectStore; files: FileCache | undefined },
  spec: ModelSpec,
  threads: number,
): Promise<ModelSource> {
  const keyOf = (role: string) => version.artifacts.find((a) => a.role === role)?.key;
  const read = (key: string) =>
    readArtifact(store, files, version.artifactBucket, key).catch((error: unknown) => {
      throw inferenceError(
        'MODEL_UNLOADABLE',
        `model version ${version.version}: cannot read s3://${version.artifactBucket}/${key}: ${(error as Error).message}`,
        { version: version.version },
        error,
      );
    });
  const onnx = keyOf('onnx');
  if (onnx)
    return {
      backend: 'onnx',
      model: await read(onnx),
      inputName: spec.inputName,
      outputName: spec.outputName,
      threads,
    };
  const [modelJson, weights] = [keyOf('tfjs-model'), keyOf('tfjs-weights')];
  if (!modelJson || !weights)
    throw inferenceError(
      'MODEL_UNLOADABLE',
      `model version ${version.version} has neither an ONNX nor a tfjs artifact`,
      { version: version.version },
    );
  return { backend: 'tfjs', modelJson: await read(modelJson), weights: await read(weights) };
}
