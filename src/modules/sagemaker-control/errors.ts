// Stable error codes of the SageMaker control plane; `http/aws/sagemaker` maps them onto SageMaker's error types.
import { defineErrors } from '../../kernel/errors.js';

export const sagemakerControlError = defineErrors('SAGEMAKER', {
  /** A request Scones refuses (a field or value it cannot honour): ValidationException. */
  VALIDATION: 'invalid',
  /** Models, endpoint configs and endpoints that do not exist: SageMaker answers ValidationException. */
  NOT_FOUND: 'not_found',
  /** Training jobs that do not exist: SageMaker answers ResourceNotFound. */
  RESOURCE_NOT_FOUND: 'not_found',
  RESOURCE_IN_USE: 'conflict',
  LIMIT_EXCEEDED: 'conflict',
});

export const SAGEMAKER_CONTROL_ERROR_CODES = sagemakerControlError.codes;
