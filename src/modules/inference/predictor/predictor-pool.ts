// A few predictor worker threads holding one model: each runs one batch at a time; a crashed one is replaced.
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../../kernel/logger.js';
import { siblingModule, spawnWorker } from '../../../kernel/spawn-worker.js';
import { inferenceError } from '../errors.js';
import type { ImageInput } from '../serving/image-input.js';
import {
  type InputShape,
  type ModelSource,
  type PackedImages,
  PNG_KIND,
  RGB_KIND,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';

export interface BatchResult {
  readonly probabilities: Float32Array;
  readonly classes: number;
  readonly errors: readonly (string | null)[];
  readonly modelMs: number;
}

/** What the micro-batcher needs: run a batch, and how many batches may run at once. */
export interface BatchRunner {
  readonly capacity: number;
  run(images: readonly ImageInput[]): Promise<BatchResult>;
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (result: BatchResult) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Pending | undefined;
}

const WORKER_ENTRY = siblingModule(import.meta.url, 'predictor-worker');

export class PredictorPool implements BatchRunner {
  readonly #idle: Slot[] = [];
  readonly #waiting: ((slot: Slot) => void)[] = [];
  #nextId = 0;
  #closed = false;

  private constructor(
    readonly capacity: number,
    private readonly source: ModelSource,
    private readonly shape: InputShape,
    private readonly logger: Logger,
  ) {}

  /** Starts `workers` threads and resolves once every one has loaded the model. */
  static async start(
    source: ModelSource,
    shape: InputShape,
    workers: number,
    logger: Logger,
  ): Promise<PredictorPool> {
    const pool = new PredictorPool(workers, source, shape, logger);
    const started = await Promise.allSettled(Array.from({ length: workers }, () => pool.#spawn()));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      for (const s of started) if (s.status === 'fulfilled') await s.value.worker.terminate();
      throw (failed as PromiseRejectedResult).reason;
    }
    for (const s of started) if (s.status === 'fulfilled') pool.#release(s.value);
    return pool;
  }

  async run(images: readonly ImageInput[]): Promise<BatchResult> {
    if (this.#closed) throw inferenceError('CLOSED', 'the model is being unloaded');
    const slot = this.#idle.pop() ?? (await new Promise<Slot>((resolve) => this.#waiting.push(resolve)));
    const id = this.#nextId++;
    const batch = packImages(images);
    return new Promise<BatchResult>((resolve, reject) => {
      slot.pending = { resolve, reject };
      const request: WorkerRequest = { type: 'run', id, batch };
      slot.worker.postMessage(request, [batch.data.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#idle.splice(0).map((slot) => slot.worker.terminate()));
  }

  #release(slot: Slot): void {
    if (this.#closed) {
      void slot.worker.terminate();
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter(slot);
    else this.#idle.push(slot);
  }

  #spawn(): Promise<Slot> {
    const worker = spawnWorker(WORKER_ENTRY);
    const slot: Slot = { worker, pending: undefined };
    return new Promise<Slot>((resolve, reject) => {
      const onLoad = (message: WorkerResponse) => {
        worker.off('message', onLoad);
        if (message.type === 'ready') {
          worker.on('message', (m: WorkerResponse) => this.#onResult(slot, m));
          worker.on('exit', (code) => this.#onExit(slot, code));
          resolve(slot);
        } else {
          void worker.terminate();
          reject(loadFailure(message.type === 'load-failed' ? message.message : 'unexpected reply'));
        }
      };
      worker.on('message', onLoad);
      worker.once('error', (error) => reject(loadFailure(error.message)));
      const load: WorkerRequest = { type: 'load', source: this.source, shape: this.shape };
      worker.postMessage(load);
    });
  }

  #onResult(slot: Slot, message: WorkerResponse): void {
    const pending = slot.pending;
    slot.pending = undefined;
    if (!pending) return;
    if (message.type === 'result') pending.resolve(message);
    else if (message.type === 'run-failed')
      pending.reject(inferenceError('MODEL_FAILED', `the model failed: ${message.message}`));
    this.#release(slot);
  }

  /** A worker that died mid-batch fails that batch only; a new worker takes its place. */
  #onExit(slot: Slot, code: number): void {
    if (this.#closed) return;
    this.logger.error({ exitCode: code }, 'predictor worker exited; starting another');
    slot.pending?.reject(inferenceError('MODEL_FAILED', `the model's worker stopped (exit code ${code})`));
    slot.pending = undefined;
    const index = this.#idle.indexOf(slot);
    if (index >= 0) this.#idle.splice(index, 1);
    this.#spawn().then(
      (replacement) => this.#release(replacement),
      (error: unknown) => this.logger.error({ err: error }, 'could not replace a predictor worker'),
    );
  }
}

function packImages(images: readonly ImageInput[]): PackedImages {
  const bytesOf = (image: ImageInput) => (image.kind === 'png' ? image.bytes : image.pixels);
  const offsets = new Uint32Array(images.length + 1);
  for (const [i, image] of images.entries()) offsets[i + 1] = (offsets[i] as number) + bytesOf(image).length;
  const data = new Uint8Array(offsets[images.length] as number);
  for (const [i, image] of images.entries()) data.set(bytesOf(image), offsets[i]);
  return {
    kinds: Uint8Array.from(images, (image) => (image.kind === 'png' ? PNG_KIND : RGB_KIND)),
    offsets,
    data,
  };
}

function loadFailure(message: string) {
  return inferenceError('MODEL_UNLOADABLE', message);
}
