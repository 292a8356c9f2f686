// Test worker: sums shard vectors through a SharedExchange in a loop until the workers agree to stop.
import { parentPort, workerData } from 'node:worker_threads';
import {
  type ExchangeBuffers,
  SharedExchange,
} from '../../../../src/modules/training/parallel/shared-exchange.js';

const { buffers, index, workers, progress } = workerData as {
  buffers: ExchangeBuffers;
  index: number;
  workers: number;
  progress: SharedArrayBuffer;
};
const exchange = new SharedExchange(buffers, workers, workers, 4);
const epochsDone = new Int32Array(progress);
let epochs = 0;
let sum = 0;
while (!exchange.stopAgreed()) {
  for (let step = 0; step < 3; step++) {
    const total = exchange.reduce(
      epochs * 3 + step,
      new Map([[index, Float32Array.from([index + 1, step, 0, 1])]]),
    );
    sum += total[0] as number;
  }
  epochs++;
  Atomics.store(epochsDone, index, epochs);
  // Worker 1 ends its epochs later (like uneven validation work), widening the window for a split decision.
  const until = performance.now() + index * 2;
  while (performance.now() < until);
}
parentPort?.postMessage({ epochs, sum });
