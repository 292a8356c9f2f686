// Per-bucket shared/exclusive lock inside one process: object commits share a bucket, its deletion holds it alone.
//
// Waiters are served in arrival order, so a DeleteBucket is not starved by a steady stream of PutObjects.

interface Waiter {
  readonly exclusive: boolean;
  readonly grant: () => void;
}

interface GateState {
  shared: number;
  exclusive: boolean;
  readonly queue: Waiter[];
}

export class BucketGate {
  readonly #states = new Map<string, GateState>();

  /** Runs `work` while no exclusive holder (a bucket deletion) runs on `bucket`; shared holders overlap. */
  shared<T>(bucket: string, work: () => Promise<T>): Promise<T> {
    return this.#run(bucket, false, work);
  }

  /** Runs `work` alone on `bucket`: every shared holder before it has finished, none after it has started. */
  exclusive<T>(bucket: string, work: () => Promise<T>): Promise<T> {
    return this.#run(bucket, true, work);
  }

  async #run<T>(bucket: string, exclusive: boolean, work: () => Promise<T>): Promise<T> {
    const state = this.#state(bucket);
    await new Promise<void>((grant) => {
      state.queue.push({ exclusive, grant });
      this.#admit(bucket, state);
    });
    try {
      return await work();
    } finally {
      if (exclusive) state.exclusive = false;
      else state.shared--;
      this.#admit(bucket, state);
    }
  }

  #state(bucket: string): GateState {
    let state = this.#states.get(bucket);
    if (!state) {
      state = { shared: 0, exclusive: false, queue: [] };
      this.#states.set(bucket, state);
    }
    return state;
  }

  /** Grants the head of the queue while it is compatible with the holders; forgets idle buckets. */
  #admit(bucket: string, state: GateState): void {
    for (let next = state.queue[0]; next; next = state.queue[0]) {
      if (state.exclusive || (next.exclusive && state.shared > 0)) break;
      state.queue.shift();
      if (next.exclusive) state.exclusive = true;
      else state.shared++;
      next.grant();
    }
    if (!state.exclusive && state.shared === 0 && state.queue.length === 0) this.#states.delete(bucket);
  }
}
