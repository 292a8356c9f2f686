// Runs the training workers: starts them, relays their epoch reports, serves evaluations, stops them.
import type { Worker } from 'node:worker_threads';
import { siblingModule, spawnWorker } from '../../../kernel/spawn-worker.js';
import type { FoldedNet } from '../export/fold.js';
import type { JobSpec, TrainingState } from '../train/job.js';
import type { EvalSet, WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';
import {
  abortExchange,
  createExchangeBuffers,
  type ExchangeBuffers,
  SharedExchange,
} from './shared-exchange.js';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export type EpochMessage = Extract<WorkerMessage, { type: 'epoch' }>;

export interface PoolOptions {
  readonly job: JobSpec;
  readonly threads: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly start: TrainingState;
  readonly exchangeLength: number;
  readonly onEpoch: (message: EpochMessage) => void;
}

export class WorkerPool {
  private readonly workers: Worker[];
  private readonly buffers: ExchangeBuffers;
  private readonly trainedWorkers = new Set<number>();
  private readonly waiting: Waiter<void>[] = [];
  private readonly pending = new Map<number, Waiter<WorkerMessage>>();
  private failure: Error | undefined;
  private terminating = false;
  private nextId = 1;

  constructor(private readonly options: PoolOptions) {
    const { job, threads } = options;
    this.buffers = createExchangeBuffers(job.shards, options.exchangeLength);
    const entry = siblingModule(import.meta.url, 'train-worker');
    this.workers = Array.from({ length: threads }, (_, index) => {
      const init: WorkerInit = {
        index,
        workers: threads,
        shards: Array.from({ length: job.shards }, (_, s) => s).filter((s) => s % threads === index),
        job,
        images: options.images,
        labels: options.labels,
        buffers: this.buffers,
        start: options.start,
      };
      const worker = spawnWorker(entry, { workerData: init });
      worker.on('message', (message: WorkerMessage) => this.receive(message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.terminating) this.fail(new Error(`training worker ${index} exited with code ${code}`));
      });
      return worker;
    });
  }

  /** Resolves once every worker has finished training (all epochs, or stopped), rejects if one fails. */
  trained(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.trainedWorkers.size === this.workers.length) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Workers finish the epoch they are in and stop. */
  stop(): void {
    SharedExchange.requestStop(this.buffers);
  }

  /** Logits of each set from worker 0, with the given parameters. */
  async logits(
    params: Float32Array,
    stats: Float32Array,
    sets: readonly EvalSet[],
    flip: boolean,
  ): Promise<readonly Float32Array[]> {
    const reply = await this.ask((id) => ({ type: 'logits', id, params, stats, sets, flip }));
    return reply.type === 'logits' ? reply.logits : [];
  }

  /** The folded network as a serialized tfjs LayersModel, and its predictions for `images`. */
  async exportLayers(
    net: FoldedNet,
    images: Uint8Array,
    count: number,
  ): Promise<Extract<WorkerMessage, { type: 'exported' }>> {
    const reply = await this.ask((id) => ({ type: 'export', id, net, images, count }));
    if (reply.type !== 'exported') throw new Error(`unexpected worker reply ${reply.type}`);
    return reply;
  }

  private ask(request: (id: number) => WorkerRequest): Promise<WorkerMessage> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[0]?.postMessage(request(id));
    });
  }

  async terminate(): Promise<void> {
    this.terminating = true;
    abortExchange(this.buffers);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'epoch':
        this.options.onEpoch(message);
        return;
      case 'trained':
        this.trainedWorkers.add(message.worker);
        if (this.trainedWorkers.size === this.workers.length)
          for (const w of this.waiting.splice(0)) w.resolve();
        return;
      case 'logits':
      case 'exported':
        this.pending.get(message.id)?.resolve(message);
        this.pending.delete(message.id);
        return;
      case 'failed':
        this.fail(new Error(message.message));
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    abortExchange(this.buffers);
    for (const w of this.waiting.splice(0)) w.reject(error);
    for (const w of this.pending.values()) w.reject(error);
    this.pending.clear();
  }
}
