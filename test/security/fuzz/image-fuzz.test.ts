// Fuzzes the endpoint's and monitoring's image decode paths a fixed number of times with a fixed seed
// (longer: bench/security).
import { expect, it } from 'vitest';
import { baseSeed, iterations } from './fuzz-kit.js';
import { fuzzCapturedImages, fuzzImages } from './image-target.js';

it('decodes damaged images without crashing: typed errors or fast-path messages only', async ({ task }) => {
  task.meta.fuzzInputs = iterations(2000);
  expect(await fuzzImages(baseSeed() + 2, iterations(2000))).toEqual([]);
});

it("decodes damaged captured images (monitoring's path) without crashing", async ({ task }) => {
  task.meta.fuzzInputs = iterations(1000);
  expect(await fuzzCapturedImages(baseSeed() + 3, iterations(1000))).toEqual([]);
});
