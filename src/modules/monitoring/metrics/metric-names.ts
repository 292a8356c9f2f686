// The metrics Scones records itself: namespaces, names and dimensions, in CloudWatch's style.

export const NAMESPACES = {
  endpoints: 'Scones/Endpoints',
  functions: 'Scones/Functions',
  workflows: 'Scones/Workflows',
  monitor: 'Scones/ModelMonitor',
} as const;

export const ENDPOINT_METRICS = {
  invocations: 'Invocations',
  errors4xx: 'Invocation4XXErrors',
  errors5xx: 'Invocation5XXErrors',
  modelLatency: 'ModelLatency',
  overheadLatency: 'OverheadLatency',
  confidence: 'Top1Confidence',
  /** 1 for a prediction under the confidence threshold, 0 otherwise: its Average is the low-confidence rate. */
  lowConfidence: 'LowConfidencePredictions',
  /** 1 per prediction, with a ClassName dimension. */
  classPredictions: 'ClassPredictions',
} as const;

export const FUNCTION_METRICS = {
  invocations: 'Invocations',
  errors: 'Errors',
  duration: 'Duration',
  throttles: 'Throttles',
} as const;

export const WORKFLOW_METRICS = {
  Started: 'ExecutionsStarted',
  Succeeded: 'ExecutionsSucceeded',
  Failed: 'ExecutionsFailed',
  TimedOut: 'ExecutionsTimedOut',
  Aborted: 'ExecutionsAborted',
  /** Failed with THRESHOLD_CONFIDENCE_NOT_MET: the pipeline dropped a low-confidence prediction. */
  FilteredOut: 'ExecutionsFilteredOut',
} as const;

export const MONITOR_METRICS = {
  violations: 'ConstraintViolations',
  driftViolations: 'DriftViolations',
  embeddingDrift: 'EmbeddingDrift',
  lowConfidenceRate: 'LowConfidenceRate',
  records: 'RecordsAnalyzed',
} as const;

export const DIMENSIONS = {
  endpoint: 'EndpointName',
  variant: 'VariantName',
  className: 'ClassName',
  function: 'FunctionName',
  stateMachine: 'StateMachineName',
} as const;

/** The workflow error that means "filtered out by the confidence threshold". */
export const THRESHOLD_ERROR = 'THRESHOLD_CONFIDENCE_NOT_MET';
