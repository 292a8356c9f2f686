// Public face of the inference module: endpoints with variants, micro-batched serving, data capture, metrics.
export type {
  CaptureAuthorizer,
  CaptureFailure,
  CaptureFailureListener,
  CaptureWrite,
} from './capture/capture-access.js';
export {
  type BeforeRead,
  type CapturedInference,
  CaptureReader,
  captureBase,
} from './capture/capture-query.js';
export { type CaptureEvent, captureLine } from './capture/capture-record.js';
export type { CaptureStats } from './capture/capture-writer.js';
export {
  assertEndpointName,
  CAPTURE_FIELDS,
  type CaptureConfig,
  DEFAULT_VARIANT_NAME,
  type EndpointDefinition,
  type VariantSpec,
} from './endpoints/definition.js';
export type { EndpointRecord, EndpointStatus } from './endpoints/endpoint-repository.js';
export type { DeployRequest, DeployVariant, EndpointService } from './endpoints/endpoint-service.js';
export { inferenceMigrations } from './endpoints/schema.js';
export { INFERENCE_ERROR_CODES, inferenceError } from './errors.js';
export {
  createInference,
  type Inference,
  type InferenceDeps,
  type InferenceOptions,
} from './inference-service.js';
export type {
  InvocationListener,
  InvocationOutcome,
  InvocationRecord,
  InvocationSummary,
  RecentInvocations,
} from './invocation-metrics.js';
export type { EndpointHost, HostOptions, ServedVariant } from './serving/endpoint-host.js';
export { IMAGE_CONTENT_TYPES } from './serving/image-input.js';
export type { InvokeRequest, InvokeResult } from './serving/invocation.js';
export type { ServingOptions } from './serving/loaded-model.js';
export { formatProbabilities } from './serving/response-format.js';
export type { ModelAnswer, StandaloneModel } from './serving/standalone-model.js';
