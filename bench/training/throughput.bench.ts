// Training throughput of the engine (tfjs-wasm, data-parallel workers) against PyTorch on the same network, batch
// and machine (where python3-torch is installed) and the baseline tfjs loop on one thread.
// Run on purpose, on a quiet machine: `npx vitest bench --run bench/training/throughput.bench.ts`.
import { loadavg } from 'node:os';
import { bench, describe } from 'vitest';
import { TRAINING_DEFAULTS, train } from '../../src/modules/training/index.js';
import { compileNet, findArchitecture, forwardFlops } from '../../src/modules/training/net/architecture.js';
import { loadPair } from '../../test/unit/training/support/cifar-pair.js';
import { baselineImagesPerSecond } from './baseline.js';
import { type PytorchResult, pytorchImagesPerSecond } from './pytorch.js';

const EPOCHS = 5;
const BATCH = 64;
const [trainSet, testSet] = await Promise.all([loadPair('train'), loadPair('test', 8)]);
const ARCH = TRAINING_DEFAULTS.arch;
const arch = findArchitecture(ARCH);
if (!arch) throw new Error(`${ARCH} is missing`);
const mflop = forwardFlops(compileNet(ARCH, arch, 2)) / 1e6;
const gflops = (imagesPerSecond: number) => (3 * mflop * imagesPerSecond) / 1000;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Steady-state images/s: the median epoch after the first (which warms up), from the report's curves. */
async function engine(threads: number): Promise<number> {
  const { report } = await train({
    train: trainSet,
    test: testSet,
    options: { epochs: EPOCHS, threads },
  });
  const imagesPerEpoch = Math.floor((trainSet.count * 0.9) / BATCH) * BATCH;
  return median(report.curves.slice(1).map((c) => imagesPerEpoch / c.seconds));
}

const load = loadavg()[0] ?? 0;
// Interleaved, so a change of load shifts both sides alike.
const two = await engine(2);
const torchTwo = await pytorchImagesPerSecond(trainSet, 2, EPOCHS, BATCH);
const one = await engine(1);
const torchOne = await pytorchImagesPerSecond(trainSet, 1, EPOCHS, BATCH);
const baseline = await baselineImagesPerSecond(arch, trainSet.images, trainSet.labels, BATCH, 2, 12);
const row = (name: string, ips: number) =>
  `${name.padEnd(52)} ${ips.toFixed(0).padStart(6)} images/s ${gflops(ips).toFixed(1).padStart(6)} GFLOP/s ${(ips / baseline).toFixed(2).padStart(6)}x`;
console.log(
  [
    '',
    `training throughput, ${ARCH} (default architecture): ${mflop.toFixed(2)} MFLOP forward per image, batch ${BATCH}`,
    `GFLOP/s = 3 x forward FLOPs x images/s; 1-minute load average before: ${load.toFixed(2)}, after: ${(loadavg()[0] ?? 0).toFixed(2)}`,
    row('engine, 2 worker threads (default)', two),
    row('engine, 1 worker thread', one),
    row('baseline: tfjs autograd loop, 1 thread, transposed-conv kernel', baseline),
    ...pytorchRows(torchTwo, two, 2),
    ...pytorchRows(torchOne, one, 1),
    '',
  ].join('\n'),
);

function pytorchRows(result: PytorchResult, engineIps: number, threads: number): string[] {
  if ('skipped' in result) return [`PyTorch, ${threads} thread(s): skipped, ${result.skipped}`];
  const ratio = (engineIps / result.imagesPerSecond).toFixed(2);
  return [
    row(`PyTorch ${result.version}, ${threads} thread(s), per-image crop+flip`, result.imagesPerSecond),
    `  engine / PyTorch with ${threads} thread(s): ${ratio}x (target with 2 threads: >= 0.6x)`,
  ];
}

describe('training throughput', () => {
  bench('reported above', () => {});
});
