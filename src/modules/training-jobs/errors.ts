// Stable error codes of training jobs (the orchestration around the training engine).
import { defineErrors } from '../../kernel/errors.js';

export const trainingJobError = defineErrors('TRAINING_JOB', {
  NOTHING_TO_RESUME: 'not_found',
  RUN_IN_PROGRESS: 'conflict',
  INTERRUPTED: 'unavailable',
});

export const TRAINING_JOB_ERROR_CODES = trainingJobError.codes;
