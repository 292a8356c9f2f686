// Public face of training jobs: train on the prepared dataset and register the model.
export { TRAINING_JOB_ERROR_CODES, trainingJobError } from './errors.js';
export { RUN_MARKER_KEY } from './run-marker.js';
export {
  discardInterruptedRun,
  type Lineage,
  runTrainingJob,
  type TrainingJobDeps,
  type TrainingJobRequest,
  type TrainingJobResult,
} from './training-job.js';
