// Error codes of the workflows module.
import { defineErrors } from '../../kernel/errors.js';

export const workflowError = defineErrors('WORKFLOW', {
  INVALID_DEFINITION: 'invalid',
  INVALID_INPUT: 'invalid',
  INVALID_OUTPUT: 'invalid',
  INVALID_TEST_CASE: 'invalid',
  INVALID_MOCK_CONFIG: 'invalid',
  INVALID_NAME: 'invalid',
  INVALID_ARN: 'invalid',
  INVALID_TOKEN: 'invalid',
  INVALID_PAGE_TOKEN: 'invalid',
  INVALID_PARAMETER: 'invalid',
  MISSING_PARAMETER: 'invalid',
  TASK_TOKEN_NOT_FOUND: 'not_found',
  EXECUTION_NOT_FOUND: 'not_found',
  EXECUTION_EXISTS: 'conflict',
  /** A round's commit found that another engine drives the execution now (its lease ran out): nothing written. */
  EXECUTION_NOT_OWNED: 'conflict',
  STATE_MACHINE_NOT_FOUND: 'not_found',
  STATE_MACHINE_EXISTS: 'conflict',
  STATE_MACHINE_TYPE_NOT_SUPPORTED: 'invalid',
  VERSION_NOT_FOUND: 'not_found',
  ALIAS_NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  UNSUPPORTED_RESOURCE: 'invalid',
  /** Function invoker failures (see engine/tasks/function-invoker.ts); tasks see them as Lambda.* errors. */
  FUNCTION_NOT_FOUND: 'not_found',
  FUNCTION_THROTTLED: 'unavailable',
  FUNCTION_UNAVAILABLE: 'unavailable',
  FUNCTION_INVALID_REQUEST: 'invalid',
  ENGINE_CLOSED: 'unavailable',
  /** The CLI's verdicts: an execution or test cases that did not succeed. */
  EXECUTION_FAILED: 'conflict',
  TESTS_FAILED: 'conflict',
  INTERNAL: 'internal',
});
