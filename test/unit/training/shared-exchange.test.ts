// Workers sum their shards in lockstep and always agree on when to stop, whenever the stop is requested.
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../../../src/kernel/spawn-worker.js';
import {
  createExchangeBuffers,
  SharedExchange,
} from '../../../src/modules/training/parallel/shared-exchange.js';

const entry = new URL('./support/exchange-worker.ts', import.meta.url);

function result(worker: Worker): Promise<{ epochs: number; sum: number }> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('shared exchange', () => {
  it.each([0, 1, 2, 3, 5])(
    'stops both workers after the same epoch when asked %i ms into their run',
    async (delay) => {
      const buffers = createExchangeBuffers(2, 4);
      const progress = new SharedArrayBuffer(8);
      const workers = [0, 1].map((index) =>
        spawnWorker(entry, { workerData: { buffers, index, workers: 2, progress } }),
      );
      const results = Promise.all(workers.map(result));
      const done = new Int32Array(progress);
      while (Math.min(done[0] as number, done[1] as number) < 2)
        await new Promise((resolve) => setTimeout(resolve, 1));
      const until = performance.now() + delay;
      while (performance.now() < until);
      SharedExchange.requestStop(buffers);
      const [a, b] = await results;
      await Promise.all(workers.map((w) => w.terminate()));
      expect(a?.epochs).toBeGreaterThanOrEqual(2);
      expect(a?.epochs).toBe(b?.epochs);
      expect(a?.sum).toBe((a?.epochs ?? 0) * 3 * 3);
      expect(b?.sum).toBe(a?.sum);
    },
  );
});
