// Stable error codes of the model registry.
import { defineErrors } from '../../kernel/errors.js';

export const modelError = defineErrors('MODELS', {
  NO_SUCH_VERSION: 'not_found',
  NONE_REGISTERED: 'not_found',
  INVALID_REFERENCE: 'invalid',
  INCOMPLETE_VERSION: 'invalid',
  INVALID_STATUS: 'invalid',
  DUPLICATE_RUN: 'conflict',
});

export const MODEL_ERROR_CODES = modelError.codes;
