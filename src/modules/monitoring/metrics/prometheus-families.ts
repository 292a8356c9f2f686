// How each Scones metric appears in Prometheus: family name, type, labels, and units in base units (seconds).
import {
  DIMENSIONS,
  ENDPOINT_METRICS,
  FUNCTION_METRICS,
  MONITOR_METRICS,
  NAMESPACES,
  WORKFLOW_METRICS,
} from './metric-names.js';

export interface FamilySpec {
  readonly family: string;
  readonly help: string;
  /** Counters add up the recorded values; gauges show the latest; histograms come from the sketch. */
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly fixedLabels?: Readonly<Record<string, string>>;
  /** Multiplies recorded values (milliseconds to seconds). */
  readonly scale?: number;
  readonly buckets?: readonly number[];
}

export const LABEL_OF_DIMENSION: Readonly<Record<string, string>> = {
  [DIMENSIONS.endpoint]: 'endpoint',
  [DIMENSIONS.variant]: 'variant',
  [DIMENSIONS.className]: 'class',
  [DIMENSIONS.function]: 'function',
  [DIMENSIONS.stateMachine]: 'state_machine',
};

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const CONFIDENCE_BUCKETS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.93, 0.95, 0.97, 0.99, 0.999];

const key = (namespace: string, name: string) => `${namespace}\u0000${name}`;
const ms = { type: 'histogram', scale: 0.001, buckets: LATENCY_BUCKETS } as const;

const endpoint = (name: string, spec: FamilySpec): [string, FamilySpec] => [
  key(NAMESPACES.endpoints, name),
  spec,
];
const fn = (name: string, spec: FamilySpec): [string, FamilySpec] => [key(NAMESPACES.functions, name), spec];
const monitor = (name: string, family: string, help: string): [string, FamilySpec] => [
  key(NAMESPACES.monitor, name),
  { family, help, type: 'gauge' },
];

const FAMILIES = new Map<string, FamilySpec>([
  endpoint(ENDPOINT_METRICS.invocations, {
    family: 'scones_endpoint_invocations_total',
    help: 'Endpoint invocations.',
    type: 'counter',
  }),
  endpoint(ENDPOINT_METRICS.errors4xx, {
    family: 'scones_endpoint_invocation_4xx_errors_total',
    help: 'Endpoint invocations answered 4xx.',
    type: 'counter',
  }),
  endpoint(ENDPOINT_METRICS.errors5xx, {
    family: 'scones_endpoint_invocation_5xx_errors_total',
    help: 'Endpoint invocations answered 5xx.',
    type: 'counter',
  }),
  endpoint(ENDPOINT_METRICS.modelLatency, {
    family: 'scones_endpoint_model_latency_seconds',
    help: 'Time the model took (SageMaker ModelLatency).',
    ...ms,
  }),
  endpoint(ENDPOINT_METRICS.overheadLatency, {
    family: 'scones_endpoint_overhead_latency_seconds',
    help: 'Time outside the model (SageMaker OverheadLatency).',
    ...ms,
  }),
  endpoint(ENDPOINT_METRICS.confidence, {
    family: 'scones_endpoint_top1_confidence',
    help: 'Top-1 confidence of predictions.',
    type: 'histogram',
    buckets: CONFIDENCE_BUCKETS,
  }),
  endpoint(ENDPOINT_METRICS.lowConfidence, {
    family: 'scones_endpoint_low_confidence_predictions_total',
    help: 'Predictions under the confidence threshold.',
    type: 'counter',
  }),
  endpoint(ENDPOINT_METRICS.classPredictions, {
    family: 'scones_endpoint_class_predictions_total',
    help: 'Predictions per predicted class.',
    type: 'counter',
  }),
  fn(FUNCTION_METRICS.invocations, {
    family: 'scones_function_invocations_total',
    help: 'Function invocations.',
    type: 'counter',
  }),
  fn(FUNCTION_METRICS.errors, {
    family: 'scones_function_errors_total',
    help: 'Function invocations that failed or timed out.',
    type: 'counter',
  }),
  fn(FUNCTION_METRICS.throttles, {
    family: 'scones_function_throttles_total',
    help: 'Function invocations refused for concurrency.',
    type: 'counter',
  }),
  fn(FUNCTION_METRICS.duration, {
    family: 'scones_function_duration_seconds',
    help: 'Function run time.',
    ...ms,
  }),
  ...Object.entries(WORKFLOW_METRICS).map(([status, name]): [string, FamilySpec] => [
    key(NAMESPACES.workflows, name),
    {
      family: 'scones_workflow_executions_total',
      help: 'Workflow executions by status (filtered_out: failed with THRESHOLD_CONFIDENCE_NOT_MET).',
      type: 'counter',
      fixedLabels: { status: status.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase() },
    },
  ]),
  monitor(
    MONITOR_METRICS.violations,
    'scones_monitor_constraint_violations',
    'Constraint violations of the latest monitoring report.',
  ),
  monitor(
    MONITOR_METRICS.driftViolations,
    'scones_monitor_drift_violations',
    'Drift violations of the latest monitoring report.',
  ),
  monitor(
    MONITOR_METRICS.embeddingDrift,
    'scones_monitor_embedding_drift_mmd2',
    'Embedding drift (MMD^2) of the latest monitoring report.',
  ),
  monitor(
    MONITOR_METRICS.lowConfidenceRate,
    'scones_monitor_low_confidence_rate',
    'Low-confidence rate of the latest monitoring report.',
  ),
  monitor(
    MONITOR_METRICS.records,
    'scones_monitor_records_analyzed',
    'Capture records read by the latest monitoring report.',
  ),
]);

/** Metrics Scones does not know (PutMetricData from users): the latest value, dimensions in one label. */
export const CUSTOM_FAMILY: FamilySpec = {
  family: 'scones_custom_metric',
  help: 'Latest value of a metric put through the API, by namespace, name and dimensions.',
  type: 'gauge',
};

export function knownFamilies(): FamilySpec[] {
  return [...FAMILIES.values()];
}

export function familyOf(namespace: string, name: string): FamilySpec | undefined {
  return FAMILIES.get(key(namespace, name));
}
