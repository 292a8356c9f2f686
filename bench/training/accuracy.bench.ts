// Accuracy of the default recipe on the real images over three seeds: test accuracy, selective accuracy and
// coverage at the pipeline's threshold, calibration, wall time and throughput.
// Run on purpose (minutes): `npx vitest bench --run bench/training/accuracy.bench.ts`.
import { bench, describe } from 'vitest';
import { type TrainingReport, train } from '../../src/modules/training/index.js';
import { loadPair } from '../../test/unit/training/support/cifar-pair.js';

const SEEDS = (process.env.SCONES_BENCH_SEEDS ?? '0,1,2').split(',').map(Number);
const [trainSet, testSet] = await Promise.all([loadPair('train'), loadPair('test')]);

const reports: TrainingReport[] = [];
for (const seed of SEEDS) {
  const { report } = await train({ train: trainSet, test: testSet, options: { seed } });
  reports.push(report);
  const m = report.metrics;
  console.log(
    `seed ${seed}: test accuracy ${m.accuracy.toFixed(3)}, selective accuracy ${m.selective_accuracy_at_threshold?.toFixed(3)} ` +
      `at coverage ${m.coverage_at_threshold.toFixed(3)} (top-1 >= ${m.threshold}), AUC ${m.rocAuc.toFixed(3)}, ` +
      `ECE ${report.calibration.eceBefore.toFixed(3)} -> ${report.calibration.eceAfter.toFixed(3)} (T=${report.calibration.temperature.toFixed(2)}), ` +
      `validation ${report.validation.accuracy.toFixed(2)}, epoch ${report.selectedEpoch}/${report.epochs}, ` +
      `wall ${report.timing.wallSeconds.toFixed(0)} s, ${report.timing.imagesPerSecond.toFixed(0)} images/s`,
  );
}
const mean = (pick: (r: TrainingReport) => number) =>
  reports.reduce((s, r) => s + pick(r), 0) / reports.length;
console.log(
  `mean over ${reports.length} seeds: test accuracy ${mean((r) => r.metrics.accuracy).toFixed(4)}, ` +
    `selective accuracy ${mean((r) => r.metrics.selective_accuracy_at_threshold ?? 0).toFixed(4)}, ` +
    `coverage ${mean((r) => r.metrics.coverage_at_threshold).toFixed(3)}, wall ${mean((r) => r.timing.wallSeconds).toFixed(0)} s`,
);

describe('default recipe accuracy', () => {
  bench('reported above', () => {});
});
