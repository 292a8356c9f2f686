// Error codes of the training module.
import { defineErrors } from '../../kernel/errors.js';

export const trainingError = defineErrors('TRAINING', {
  INVALID_DATA: 'invalid',
  INVALID_OPTIONS: 'invalid',
  UNKNOWN_ARCHITECTURE: 'invalid',
  CHECKPOINT_MISMATCH: 'conflict',
  CHECKPOINT_CORRUPT: 'invalid',
  ABORTED: 'unavailable',
  WORKER_FAILED: 'internal',
  EXPORT_MISMATCH: 'internal',
});
