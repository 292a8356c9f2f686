// Fuzzes the endpoint's image decode path a fixed number of times with a fixed seed (longer: bench/security).
import { expect, it } from 'vitest';
import { baseSeed, iterations } from './fuzz-kit.js';
import { fuzzImages } from './image-target.js';

it('decodes damaged images without crashing: typed errors or fast-path messages only', async ({ task }) => {
  task.meta.fuzzInputs = iterations(2000);
  expect(await fuzzImages(baseSeed() + 2, iterations(2000))).toEqual([]);
});
