// After training: calibrate the chosen model on validation, export it both ways and check the exports agree.

import type { Normalization } from '../data/normalization.js';
import { trainingError } from '../errors.js';
import { computeMetrics, type Metrics } from '../eval/metrics.js';
import { viewProbabilities } from '../eval/probabilities.js';
import { fitTemperature } from '../eval/temperature.js';
import { foldNet } from '../export/fold.js';
import { onnxModel } from '../export/onnx-model.js';
import { onnxMaxDifference } from '../export/onnx-parity.js';
import type { NetSpec } from '../net/architecture.js';
import type { WorkerPool } from '../parallel/worker-pool.js';
import type { ImageSet, ModelArtifacts, PreprocessingSpec } from '../types.js';
import type { JobSpec } from './job.js';
import type { Recipe } from './recipe.js';

const SIZE = 32;
/** Largest accepted difference between the ONNX and tfjs models' probabilities. */
const PARITY_TOLERANCE = 1e-4;

export interface FinalModels {
  readonly artifacts: ModelArtifacts;
  /** test: calibrated, from the exported tfjs model; *Raw: before temperature scaling. */
  readonly evaluation: {
    readonly test: Metrics;
    readonly testRaw: Metrics;
    readonly validation: Metrics;
    readonly validationRaw: Metrics;
  };
  readonly parity: { readonly maxAbsDifference: number; readonly images: number };
}

export interface FinalInput {
  readonly pool: WorkerPool;
  readonly net: NetSpec;
  readonly job: JobSpec;
  readonly recipe: Recipe;
  readonly normalization: Normalization;
  readonly model: { readonly params: Float32Array; readonly stats: Float32Array };
  readonly train: ImageSet;
  readonly test: ImageSet;
}

/** Logits of the validation and test images: one view per image, or the image and its mirror image. */
async function views(input: FinalInput): Promise<{ validation: Float32Array[]; test: Float32Array[] }> {
  const { pool, job, model, train, test } = input;
  const sets = [
    { images: train.images, indices: job.validationIndices },
    { images: test.images, indices: Array.from({ length: test.count }, (_, i) => i) },
  ];
  const flips = input.recipe.flipTta ? [false, true] : [false];
  const results = await Promise.all(flips.map((flip) => pool.logits(model.params, model.stats, sets, flip)));
  return {
    validation: results.map((r) => r[0] as Float32Array),
    test: results.map((r) => r[1] as Float32Array),
  };
}

function preprocessing(input: FinalInput): PreprocessingSpec {
  return {
    inputName: 'image',
    outputName: 'probabilities',
    layout: 'NHWC',
    height: SIZE,
    width: SIZE,
    channels: 3,
    colorOrder: 'RGB',
    inputRange: [0, 255],
    mean: [...input.normalization.mean],
    std: [...input.normalization.std],
    classes: [...input.train.classes],
    temperatureApplied: true,
    flipTestTimeAugmentation: input.recipe.flipTta,
  };
}

export async function finalModels(input: FinalInput): Promise<FinalModels> {
  const { job, recipe, train, test, pool } = input;
  const logits = await views(input);
  const validationLabels = job.validationIndices.map((i) => train.labels[i] as number);
  const temperature = fitTemperature(logits.validation, validationLabels, job.classes);
  const folded = foldNet(
    input.net,
    input.model.params,
    input.model.stats,
    input.normalization,
    temperature,
    recipe.flipTta,
  );
  const exported = await pool.exportLayers(folded, test.images, test.count);
  const onnx = onnxModel(folded, SIZE);
  const difference = await onnxMaxDifference(onnx, test.images, test.count, SIZE, exported.probabilities);
  if (!(difference < PARITY_TOLERANCE))
    throw trainingError(
      'EXPORT_MISMATCH',
      `ONNX and tfjs models disagree on the test images by ${difference}`,
      { maxAbsDifference: difference },
    );
  const metric = (probabilities: Float32Array, labels: ArrayLike<number>) =>
    computeMetrics(probabilities, labels, train.classes, recipe.threshold);
  return {
    artifacts: {
      tfjs: { modelJson: exported.modelJson, weights: exported.weights },
      onnx,
      temperature,
      preprocessing: preprocessing(input),
    },
    evaluation: {
      test: metric(exported.probabilities, test.labels),
      testRaw: metric(viewProbabilities(logits.test, job.classes), test.labels),
      validation: metric(viewProbabilities(logits.validation, job.classes, temperature), validationLabels),
      validationRaw: metric(viewProbabilities(logits.validation, job.classes), validationLabels),
    },
    parity: { maxAbsDifference: difference, images: test.count },
  };
}
