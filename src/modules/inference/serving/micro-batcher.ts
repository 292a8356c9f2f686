// Micro-batching: requests queue up and run together, so throughput grows with load, but a lone request
// never waits: when no batch is running it is dispatched at once.
//
// A batch starts when a runner slot is free and one of these holds: nothing is running; the queue holds a full
// batch; or the oldest request has waited maxWaitMs. The queue is bounded twice: past maxQueue requests, or when
// a new request would wait more than maxQueueDelayMs (estimated from the recent time per image), submit refuses
// at once (OVERLOADED) instead of making everyone slower.
import { inferenceError } from '../errors.js';
import type { BatchRunner } from '../predictor/predictor-pool.js';
import type { ImageInput } from './image-input.js';

export interface BatchingOptions {
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
  readonly maxQueue: number;
  /** Refuse a request expected to wait longer than this before its batch completes. */
  readonly maxQueueDelayMs: number;
}

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Prediction {
  readonly probabilities: Float32Array;
  readonly modelMs: number;
  readonly batchSize: number;
}

interface Entry {
  readonly image: ImageInput;
  readonly queuedAt: number;
  readonly resolve: (prediction: Prediction) => void;
  readonly reject: (error: Error) => void;
}

export class MicroBatcher {
  readonly #queue: Entry[] = [];
  #inFlight = 0;
  #inFlightItems = 0;
  #timer: unknown;
  #drained: (() => void)[] = [];
  /** Recent run time per image of one runner slot in busy periods (moving average), 0 until known. */
  #msPerImage = 0;

  constructor(
    private readonly runner: BatchRunner,
    private readonly options: BatchingOptions,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Requests queued or running. */
  get pending(): number {
    return this.#queue.length + this.#inFlightItems;
  }

  /** How long a request submitted now would take to be answered, from recent batches. */
  get expectedDelayMs(): number {
    return ((this.pending + 1) * this.#msPerImage) / this.runner.capacity;
  }

  submit(image: ImageInput): Promise<Prediction> {
    if (this.#queue.length >= this.options.maxQueue)
      return Promise.reject(
        inferenceError('OVERLOADED', `the model's queue is full (${this.options.maxQueue} requests)`),
      );
    if (this.#queue.length > 0 && this.expectedDelayMs > this.options.maxQueueDelayMs)
      return Promise.reject(
        inferenceError(
          'OVERLOADED',
          `requests wait about ${Math.round(this.expectedDelayMs)} ms for this model, over the ${this.options.maxQueueDelayMs} ms limit`,
        ),
      );
    return new Promise<Prediction>((resolve, reject) => {
      this.#queue.push({ image, queuedAt: this.timers.now(), resolve, reject });
      this.#pump();
    });
  }

  /** Resolves once nothing is queued or running. */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #pump(): void {
    if (this.#timer !== undefined) {
      this.timers.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#queue.length > 0 && this.#inFlight < this.runner.capacity) {
      const waited = this.timers.now() - (this.#queue[0] as Entry).queuedAt;
      const ready =
        this.#inFlight === 0 ||
        this.#queue.length >= this.options.maxBatchSize ||
        waited >= this.options.maxWaitMs;
      if (!ready) {
        this.#timer = this.timers.setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, this.options.maxWaitMs - waited);
        return;
      }
      this.#dispatch(this.#queue.splice(0, this.options.maxBatchSize));
    }
  }

  #dispatch(batch: Entry[]): void {
    this.#inFlight++;
    this.#inFlightItems += batch.length;
    const started = this.timers.now();
    this.runner.run(batch.map((entry) => entry.image)).then(
      (result) => {
        this.#settle(batch.length, started);
        for (const [row, entry] of batch.entries()) {
          const error = result.errors[row];
          if (error)
            entry.reject(inferenceError('INVALID_IMAGE', `the body is not a decodable image: ${error}`));
          else
            entry.resolve({
              probabilities: result.probabilities.slice(row * result.classes, (row + 1) * result.classes),
              modelMs: result.modelMs,
              batchSize: batch.length,
            });
        }
        this.#pump();
      },
      (error: Error) => {
        this.#settle(batch.length, started);
        for (const entry of batch) entry.reject(error);
        this.#pump();
      },
    );
  }

  /** Bookkeeping when a batch ends, before its requests are answered. */
  #settle(size: number, started: number): void {
    // Only batches at least half full tell how fast a long queue drains (small ones cost more per image).
    if (size * 2 >= this.options.maxBatchSize) {
      const perImage = (this.timers.now() - started) / size;
      this.#msPerImage = this.#msPerImage === 0 ? perImage : 0.8 * this.#msPerImage + 0.2 * perImage;
    }
    this.#inFlight--;
    this.#inFlightItems -= size;
    if (this.pending === 0) for (const done of this.#drained.splice(0)) done();
  }
}
