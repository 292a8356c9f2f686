// Public face of the training engine: train an image classifier on tfjs (wasm) and export it.

export { trainingError } from './errors.js';
export { architectureNames } from './net/architecture.js';
export { TRAINING_DEFAULTS } from './train/recipe.js';
export { train } from './train/train-job.js';
export type {
  CheckpointStore,
  ClassReport,
  CurvePoint,
  ImageSet,
  ModelArtifacts,
  PreprocessingSpec,
  TrainingReport,
  TrainOptions,
  TrainRequest,
  TrainResult,
} from './types.js';
