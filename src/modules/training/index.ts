// Public face of the training engine: train an image classifier on tfjs (wasm) and export it.
//
//   const { artifacts, report } = await train({ train, test, options: { seed: 1 }, progress, signal, checkpoint });
//
// `train` and `test` are decoded 32x32 RGB images (see ImageSet). Training runs in worker threads (two by
// default, one gradient shard each, synchronous SGD), so the calling thread stays free; the result does not
// depend on the thread count. With a `checkpoint` store, a checkpoint is saved after every epoch and a later
// call with the same request resumes from it. The returned models (tfjs LayersModel and ONNX) take raw RGB
// pixels (float32 NHWC, 0..255) and output calibrated class probabilities; see PreprocessingSpec.

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
