// Stable error codes of the inference module (endpoints, invocations, model loading, capture).
import { defineErrors } from '../../kernel/errors.js';

export const inferenceError = defineErrors('INFERENCE', {
  /** The endpoint does not exist (AWS answers ValidationError "Endpoint X of account Y not found."). */
  NO_SUCH_ENDPOINT: 'not_found',
  INVALID_ENDPOINT_NAME: 'invalid',
  INVALID_DEFINITION: 'invalid',
  /** A request's X-Amzn-SageMaker-Target-Variant names no variant of the endpoint. */
  NO_SUCH_VARIANT: 'invalid',
  INVALID_INFERENCE_ID: 'invalid',
  /** The request body is larger than InvokeEndpoint accepts. */
  PAYLOAD_TOO_LARGE: 'too_large',
  /** The model container's own refusals of a payload (AWS wraps them as ModelError). */
  UNSUPPORTED_CONTENT_TYPE: 'invalid',
  EMPTY_BODY: 'invalid',
  INVALID_IMAGE: 'invalid',
  IMAGE_TOO_LARGE: 'invalid',
  /** The model ran and failed, or produced no usable probabilities. */
  MODEL_FAILED: 'internal',
  /** A model version cannot be served (missing or broken artifacts). */
  MODEL_UNLOADABLE: 'invalid',
  /** Queues are full: retry later. */
  OVERLOADED: 'unavailable',
  /** The endpoint exists but its model is not loaded yet (or failed to load). */
  NOT_READY: 'unavailable',
  /** The host is shutting down. */
  CLOSED: 'unavailable',
  TIMEOUT: 'timeout',
});

export const INFERENCE_ERROR_CODES = inferenceError.codes;
