// `scones train`: a training job on the prepared dataset that registers a model version.
import type { Command } from 'commander';
import { TRAINING_DEFAULTS } from '../../modules/training/index.js';
import type { TrainingJobResult } from '../../modules/training-jobs/index.js';
import type { CliContext } from '../context.js';
import { parseInteger, parsePositiveNumber } from '../options.js';

interface TrainFlags {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  arch?: string;
  seed?: number;
  threads?: number;
  bucket?: string;
  resume?: boolean;
  restart?: boolean;
  json?: boolean;
}

export function registerTrainCommand(program: Command, context: CliContext): void {
  program
    .command('train')
    .description(
      'train the classifier on the prepared dataset (default recipe), calibrate it, and register a model version',
    )
    .option(
      '--epochs <n>',
      `passes over the training split (default ${TRAINING_DEFAULTS.epochs})`,
      parseInteger(1, 10_000),
    )
    .option(
      '--batch-size <n>',
      `images per step (default ${TRAINING_DEFAULTS.batchSize})`,
      parseInteger(2, 4096),
    )
    .option(
      '--lr <x>',
      `peak learning rate of the one-cycle schedule (default ${TRAINING_DEFAULTS.learningRate})`,
      parsePositiveNumber,
    )
    .option('--arch <name>', `network architecture (default ${TRAINING_DEFAULTS.arch})`)
    .option('--seed <n>', 'seed of every random choice (default 0)', parseInteger(0, 2 ** 31 - 1))
    .option(
      '--threads <n>',
      'worker threads (default: one per core); results do not depend on it',
      parseInteger(1, 64),
    )
    .option('--bucket <name>', 'bucket of the prepared dataset (default scones)')
    .option('--resume', 'continue the interrupted run from its last checkpoint')
    .option('--restart', 'discard an interrupted run and start a new one')
    .option('--json', 'print the report as one JSON object')
    .action(async (flags: TrainFlags) => {
      const app = await context.app();
      if (flags.restart) {
        const discarded = await app.training.discardInterrupted();
        if (discarded && !flags.json) context.print(`discarded interrupted run ${discarded}`);
      }
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        context.io.stderr.write('\nstopping after the current step (Ctrl-C again to quit now)...\n');
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const result = await app.training.run({
          options: trainOptions(flags),
          resume: flags.resume === true,
          progress: context.progress({ json: flags.json }),
          signal: stop.signal,
          ...(flags.bucket ? { datasetBucket: flags.bucket } : {}),
        });
        if (flags.json)
          context.printJson({
            version: result.version.version,
            runId: result.runId,
            ...result.report,
            lineage: result.lineage,
          });
        else context.print(describe(result, app.config.models.bucket));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

function trainOptions(flags: TrainFlags) {
  return {
    ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
    ...(flags.lr !== undefined ? { learningRate: flags.lr } : {}),
    ...(flags.arch !== undefined ? { arch: flags.arch } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
  };
}

function describe(result: TrainingJobResult, bucket: string): string {
  const { report, version } = result;
  const m = report.metrics;
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const perClass = m.perClass.map((c) => `${c.class} P ${pct(c.precision)} R ${pct(c.recall)}`).join(', ');
  return [
    `model version ${version.version} registered (run ${result.runId})`,
    `  test accuracy ${pct(m.accuracy)} (${perClass}), ROC AUC ${m.rocAuc.toFixed(4)}`,
    `  at confidence >= ${m.threshold}: coverage ${pct(m.coverage_at_threshold)}, accuracy ${pct(m.selective_accuracy_at_threshold)}`,
    `  calibration: temperature ${report.calibration.temperature.toFixed(3)}, ECE ${report.calibration.eceBefore.toFixed(4)} -> ${report.calibration.eceAfter.toFixed(4)}`,
    `  ${report.epochs} epochs (best on validation: ${report.selectedEpoch}) in ${report.timing.wallSeconds.toFixed(1)} s, ${report.timing.imagesPerSecond.toFixed(0)} images/s`,
    `  artifacts: s3://${bucket}/${result.runId}/ (model.json, weights.bin, model.onnx, report.json)`,
  ].join('\n');
}
