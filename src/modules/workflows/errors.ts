// Error codes of the workflows module.
import { defineErrors } from '../../kernel/errors.js';

export const workflowError = defineErrors('WORKFLOW', {
  INVALID_DEFINITION: 'invalid',
  INVALID_INPUT: 'invalid',
  INVALID_TEST_CASE: 'invalid',
  INVALID_MOCK_CONFIG: 'invalid',
  TASK_TOKEN_NOT_FOUND: 'not_found',
  EXECUTION_NOT_FOUND: 'not_found',
  UNSUPPORTED_RESOURCE: 'invalid',
  INTERNAL: 'internal',
});
