// The long fuzz run of every parser the security suite fuzzes in CI (ASL, IAM policies, SigV4, pickles, image
// decoding), with more iterations: `SCONES_FUZZ_ITERATIONS=200000 SCONES_FUZZ_SEED=7 npx vitest bench --run
// bench/security` (default 50,000 each). A run that finds a failure throws with the reproducing inputs.
import { bench, describe } from 'vitest';
import { fuzzAsl } from '../../test/security/fuzz/asl-target.js';
import { baseSeed, type FuzzFailure } from '../../test/security/fuzz/fuzz-kit.js';
import { fuzzPolicies, fuzzSigV4 } from '../../test/security/fuzz/iam-targets.js';
import { fuzzCapturedImages, fuzzImages } from '../../test/security/fuzz/image-target.js';
import { fuzzPickles } from '../../test/security/fuzz/pickle-target.js';

const COUNT = Number(process.env.SCONES_FUZZ_ITERATIONS) || 50_000;
const SEED = baseSeed();

function report(parser: string, failures: readonly FuzzFailure[]): void {
  process.stdout.write(`fuzz ${parser}: ${COUNT} inputs from seed ${SEED}, ${failures.length} failures\n`);
  if (failures.length > 0) throw new Error(`${parser}: ${JSON.stringify(failures.slice(0, 5), null, 2)}`);
}

const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };

describe(`fuzz (${COUNT} inputs per parser)`, () => {
  bench(
    'ASL validator and interpreter',
    async () => report('asl', (await fuzzAsl(SEED, COUNT)).failures),
    once,
  );
  bench(
    'IAM policy parser and evaluator',
    async () => report('iam-policy', (await fuzzPolicies(SEED + 3, COUNT)).failures),
    once,
  );
  bench('SigV4 reader and verifier', async () => report('sigv4', await fuzzSigV4(SEED + 4, COUNT)), once);
  bench('pickle reader', async () => report('pickle', await fuzzPickles(SEED + 1, COUNT)), once);
  bench('image decode path', async () => report('image', await fuzzImages(SEED + 2, COUNT)), once);
  bench(
    'captured image decode path',
    async () => report('captured-image', await fuzzCapturedImages(SEED + 5, COUNT)),
    once,
  );
});
