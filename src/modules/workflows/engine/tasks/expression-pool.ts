// A bounded pool of worker threads for JSONata expressions too big to evaluate inline, with hard termination.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { siblingModule, spawnWorker } from '../../../../kernel/spawn-worker.js';
import type { JsonataJob, JsonataOutcome } from '../../asl/jsonata/run.js';

export interface ExpressionPoolOptions {
  /** Worker threads at most; default one per core but one (the server's own thread keeps a core), 1 to 4. */
  readonly size?: number;
  /** How long a job may run, and how long it may wait for a worker (default 10 s, AWS's JSONata limit). */
  readonly timeoutMs?: number;
  /** Heap of each worker: an expression that builds more fails instead of exhausting the server. */
  readonly memoryMb?: number;
}

interface Job {
  readonly job: JsonataJob;
  readonly resolve: (outcome: JsonataOutcome) => void;
  timer: NodeJS.Timeout;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  current: Job | undefined;
}

export interface ExpressionPoolStats {
  /** Worker threads alive (starting, idle or busy). */
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  /** Worker threads ever terminated for running past the timeout. */
  readonly terminated: number;
  readonly threadIds: readonly number[];
}

export const DEFAULT_EXPRESSION_TIMEOUT_MS = 10_000;

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export class ExpressionPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly memoryMb: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private terminated = 0;
  private closed = false;

  constructor(options: ExpressionPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.timeoutMs = options.timeoutMs ?? DEFAULT_EXPRESSION_TIMEOUT_MS;
    this.memoryMb = options.memoryMb ?? 256;
  }

  /** The offload port of `step` (bound, so it can be handed over as a function). */
  readonly evaluate = (job: JsonataJob): Promise<JsonataOutcome> => {
    if (this.closed) return Promise.resolve(failed(job, 'the expression pool is closed'));
    return new Promise((resolve) => {
      const queued: Job = {
        job,
        resolve,
        timer: setTimeout(() => this.expireQueued(queued), this.timeoutMs),
      };
      queued.timer.unref();
      this.queue.push(queued);
      this.dispatch();
    });
  };

  stats(): ExpressionPoolStats {
    const slots = [...this.slots];
    return {
      workers: slots.length,
      busy: slots.filter((s) => s.current !== undefined).length,
      queued: this.queue.length,
      terminated: this.terminated,
      threadIds: slots.map((s) => s.worker.threadId),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0))
      this.finish(queued, failed(queued.job, 'the server is closing'));
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots)
      if (slot.current !== undefined)
        this.finish(slot.current, failed(slot.current.job, 'the server is closing'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Hands queued jobs to ready idle workers, starting workers up to the pool size. */
  private dispatch(): void {
    for (const slot of this.slots) {
      const next = slot.ready && slot.current === undefined ? this.queue.shift() : undefined;
      if (next !== undefined) this.run(slot, next);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    if (this.queue.length > starting && this.slots.size < this.size && !this.closed) this.start();
  }

  private run(slot: Slot, queued: Job): void {
    clearTimeout(queued.timer);
    slot.current = queued;
    queued.timer = setTimeout(() => this.expireRunning(slot), this.timeoutMs);
    queued.timer.unref();
    slot.worker.postMessage(queued.job);
  }

  private start(): void {
    const worker = spawnWorker(siblingModule(import.meta.url, 'expression-worker'), {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: 32 },
      workerData: { timeoutMs: this.timeoutMs },
    });
    worker.unref();
    const slot: Slot = { worker, ready: false, current: undefined };
    this.slots.add(slot);
    worker.on('message', (message: JsonataOutcome | 'ready') => this.answer(slot, message));
    worker.on('error', (error) => this.lose(slot, describeCrash(error)));
    worker.on('exit', () => this.lose(slot, 'the expression worker stopped'));
  }

  private answer(slot: Slot, message: JsonataOutcome | 'ready'): void {
    if (message === 'ready') slot.ready = true;
    else if (slot.current !== undefined) this.finish(slot.current, message);
    slot.current = undefined;
    this.dispatch();
  }

  /** A job past the timeout: its worker is terminated (the CPU it burns is released) and replaced on demand. */
  private expireRunning(slot: Slot): void {
    const current = slot.current;
    if (current === undefined) return;
    this.terminated += 1;
    this.finish(current, failed(current.job, timeoutMessage(this.timeoutMs)));
    slot.current = undefined;
    this.slots.delete(slot);
    void slot.worker.terminate();
    this.dispatch();
  }

  private expireQueued(queued: Job): void {
    const at = this.queue.indexOf(queued);
    if (at < 0) return;
    this.queue.splice(at, 1);
    this.finish(queued, failed(queued.job, timeoutMessage(this.timeoutMs)));
  }

  /** A worker that crashed (out of memory) or exited: its job fails, the pool starts another when needed. */
  private lose(slot: Slot, reason: string): void {
    if (!this.slots.delete(slot)) return;
    if (slot.current !== undefined) this.finish(slot.current, failed(slot.current.job, reason));
    slot.current = undefined;
    this.dispatch();
  }

  private finish(queued: Job, outcome: JsonataOutcome): void {
    clearTimeout(queued.timer);
    queued.resolve(outcome);
  }
}

/** jsonata's own words for its timeout (D1012), so a runaway reads the same whichever guard stopped it. */
function timeoutMessage(timeoutMs: number): string {
  return `D1012: Evaluation timeout after ${timeoutMs} milliseconds. Check for infinite loop`;
}

function failed(job: JsonataJob, message: string): JsonataOutcome {
  return { kind: 'error', message, random: job.random };
}

function describeCrash(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'the expression ran out of memory';
  return 'the expression worker failed';
}
