// Test worker: runs a training job with checkpoints in a directory, to be killed part-way.
import { workerData } from 'node:worker_threads';
import { type ImageSet, type TrainOptions, train } from '../../../../src/modules/training/index.js';
import { fileStore } from './file-store.js';

const input = workerData as { train: ImageSet; test: ImageSet; options: TrainOptions; dir: string };
await train({
  train: input.train,
  test: input.test,
  options: input.options,
  checkpoint: fileStore(input.dir),
});
