// Assembles the training report from the run, the evaluations and the export check.
import type { Metrics } from '../eval/metrics.js';
import type { TrainingReport } from '../types.js';
import type { PreparedJob } from './prepare-job.js';
import type { EpochRun } from './run-epochs.js';

export interface ReportInput {
  readonly prepared: PreparedJob;
  readonly run: EpochRun;
  readonly selectedEpoch: number;
  /** test: calibrated (from the exported model); *Raw: before temperature scaling. */
  readonly evaluation: {
    readonly test: Metrics;
    readonly testRaw: Metrics;
    readonly validation: Metrics;
    readonly validationRaw: Metrics;
  };
  readonly temperature: number;
  readonly threshold: number;
  readonly parity: TrainingReport['onnxParity'];
  readonly model: TrainingReport['model'];
  readonly wallSeconds: number;
  readonly validationShare: number;
}

export function buildReport(input: ReportInput): TrainingReport {
  const { prepared, run, evaluation } = input;
  const { job } = prepared;
  const { test } = evaluation;
  return {
    metrics: {
      accuracy: test.accuracy,
      logLoss: test.logLoss,
      rocAuc: test.rocAuc,
      perClass: test.perClass,
      confusionMatrix: test.confusionMatrix,
      expectedCalibrationError: test.expectedCalibrationError,
      threshold: input.threshold,
      coverage_at_threshold: test.coverageAtThreshold,
      selective_accuracy_at_threshold: test.selectiveAccuracyAtThreshold,
    },
    calibration: {
      temperature: input.temperature,
      eceBefore: evaluation.testRaw.expectedCalibrationError,
      eceAfter: test.expectedCalibrationError,
      validationEceBefore: evaluation.validationRaw.expectedCalibrationError,
      validationEceAfter: evaluation.validation.expectedCalibrationError,
    },
    validation: {
      accuracy: evaluation.validation.accuracy,
      logLoss: evaluation.validation.logLoss,
      images: job.validationIndices.length,
    },
    curves: run.history,
    selectedEpoch: input.selectedEpoch,
    epochs: run.final.epoch,
    options: {
      arch: job.arch,
      epochs: job.epochs,
      batchSize: job.batchSize,
      learningRate: job.peakLearningRate,
      seed: job.seed,
      threads: prepared.threads,
      validationShare: input.validationShare,
    },
    model: input.model,
    timing: {
      wallSeconds: input.wallSeconds,
      trainingSeconds: run.trainingMs / 1000,
      imagesPerSecond: run.attempt.ms > 0 ? (run.attempt.images * 1000) / run.attempt.ms : 0,
      resumedAtEpoch: run.attempt.resumedAtEpoch,
    },
    onnxParity: input.parity,
  };
}
