// The SageMaker SDK subset's Python unit tests (test/python/sagemaker_sdk), run with the machine's python3:
// serializers, deserializers, image URIs, hyperparameters and the exact boto3 requests (botocore's Stubber).
import path from 'node:path';
import { expect, it } from 'vitest';
import { runPython } from '../../support/python.js';

const RUNNER = path.resolve(import.meta.dirname, '../../python/run_sdk_tests.py');

it('passes the Python unit tests of sdk/python', async () => {
  // No bytecode beside the sources: the layer is built from them and must not depend on a local run.
  const result = await runPython(RUNNER, [], { PYTHONDONTWRITEBYTECODE: '1' });
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  expect(result.stdout).toMatch(/RAN (\d+) FAILED 0 ERRORS 0/);
  expect(Number(/RAN (\d+)/.exec(result.stdout)?.[1])).toBeGreaterThanOrEqual(25);
}, 120_000);
