// Sums the gradient shards of every worker each step through shared memory, with a barrier.

const ARRIVED = 0;
const GENERATION = 1;
const ABORTED = 2;
const STOP = 3;
const DECISION = 4;
const CONTROL_INTS = 5;
const WAIT_MS = 200;

export interface ExchangeBuffers {
  /** Two alternating sets (by step parity) of one slot per shard. */
  readonly slots: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

export function createExchangeBuffers(shards: number, length: number): ExchangeBuffers {
  return {
    slots: new SharedArrayBuffer(2 * shards * length * 4),
    control: new SharedArrayBuffer(CONTROL_INTS * 4),
  };
}

/** Makes every worker blocked in `reduce` throw, e.g. after another worker failed. */
export function abortExchange(buffers: ExchangeBuffers): void {
  const control = new Int32Array(buffers.control);
  Atomics.store(control, ABORTED, 1);
  Atomics.notify(control, GENERATION);
}

export class ExchangeAborted extends Error {
  constructor() {
    super('the gradient exchange was aborted');
  }
}

export class SharedExchange {
  private readonly control: Int32Array;
  private readonly slots: Float32Array;

  constructor(
    buffers: ExchangeBuffers,
    private readonly workers: number,
    private readonly shards: number,
    private readonly length: number,
  ) {
    this.control = new Int32Array(buffers.control);
    this.slots = new Float32Array(buffers.slots);
  }

  /**
   * Publishes this worker's shard vectors for step `step` and returns the sum of all shards, added in shard
   * order, so the result is the same whichever worker computed which shard. Slots alternate by step parity:
   * a worker can run at most one step ahead before the next barrier holds it.
   */
  reduce(step: number, local: ReadonlyMap<number, Float32Array>): Float32Array {
    const base = (step & 1) * this.shards * this.length;
    for (const [shard, vector] of local) this.slots.set(vector, base + shard * this.length);
    this.barrier();
    const total = new Float32Array(this.length);
    for (let s = 0; s < this.shards; s++) {
      const slot = this.slots.subarray(base + s * this.length, base + (s + 1) * this.length);
      for (let i = 0; i < this.length; i++) total[i] = (total[i] as number) + (slot[i] as number);
    }
    return total;
  }

  /**
   * Whether every worker stops before the next epoch: one decision, read by the last worker to reach the
   * barrier, so no worker can leave the loop while another starts an epoch it would wait in forever.
   */
  stopAgreed(): boolean {
    this.barrier(() => Atomics.store(this.control, DECISION, Atomics.load(this.control, STOP)));
    return Atomics.load(this.control, DECISION) === 1;
  }

  /** Waits for every worker; the last to arrive runs `last` before releasing the others. */
  private barrier(last?: () => void): void {
    const { control } = this;
    const generation = Atomics.load(control, GENERATION);
    if (Atomics.add(control, ARRIVED, 1) === this.workers - 1) {
      last?.();
      Atomics.store(control, ARRIVED, 0);
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
      return;
    }
    while (Atomics.load(control, GENERATION) === generation) {
      if (Atomics.load(control, ABORTED) === 1) throw new ExchangeAborted();
      Atomics.wait(control, GENERATION, generation, WAIT_MS);
    }
  }

  /** Set by the coordinator: workers finish the current epoch and stop (see stopAgreed). */
  static requestStop(buffers: ExchangeBuffers): void {
    Atomics.store(new Int32Array(buffers.control), STOP, 1);
  }
}
