// Fuzzes the ASL validator and interpreter a fixed number of times with a fixed seed (longer: bench/security).
import { expect, it } from 'vitest';
import { fuzzAsl } from './asl-target.js';
import { baseSeed, iterations } from './fuzz-kit.js';

it('validates and runs damaged definitions: validation never throws, runs end or fail with typed errors', async ({
  task,
}) => {
  task.meta.fuzzInputs = iterations(2000);
  const count = iterations(2000);
  const { failures, ran } = await fuzzAsl(baseSeed(), count);
  expect(failures).toEqual([]);
  expect(ran, 'many damaged definitions stay valid and run').toBeGreaterThan(count / 10);
});
