// Fuzzes IAM policies and SigV4 a fixed number of times with a fixed seed (longer: bench/security).
import { expect, it } from 'vitest';
import { baseSeed, iterations } from './fuzz-kit.js';
import { fuzzPolicies, fuzzSigV4 } from './iam-targets.js';

it('parses, validates and evaluates damaged policies: IAM_* errors only', async ({ task }) => {
  task.meta.fuzzInputs = iterations(2000);
  const { failures, evaluated } = await fuzzPolicies(baseSeed() + 3, iterations(2000));
  expect(failures).toEqual([]);
  expect(evaluated).toBeGreaterThan(0);
});

it('reads and verifies damaged SigV4 signatures: the edge reader never throws, the verifier throws IAM_* only', async ({
  task,
}) => {
  task.meta.fuzzInputs = iterations(2000);
  expect(await fuzzSigV4(baseSeed() + 4, iterations(2000))).toEqual([]);
});
