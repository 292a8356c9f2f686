// Fuzzes the pickle reader a fixed number of times with a fixed seed (longer: bench/security).
import { expect, it } from 'vitest';
import { baseSeed, iterations } from './fuzz-kit.js';
import { fuzzPickles } from './pickle-target.js';

it('reads damaged pickles without crashing: values or typed DATASET_PICKLE_* errors only', async ({
  task,
}) => {
  task.meta.fuzzInputs = iterations(2000);
  expect(await fuzzPickles(baseSeed() + 1, iterations(2000))).toEqual([]);
});
