// Errors of `scones up` that no module owns.
import { defineErrors } from '../../kernel/errors.js';

export const pipelineError = defineErrors('PIPELINE', {
  ENDPOINT_FAILED: 'unavailable',
});
