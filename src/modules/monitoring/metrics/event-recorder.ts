// The MetricsRecorder port over the minute aggregator: maps endpoint, function and workflow events to their
// series, keeping each producer's series handles so a call costs a map lookup and a few additions.
import type { Clock } from '../../../kernel/clock.js';
import { monitoringError } from '../errors.js';
import type {
  EndpointInvocationEvent,
  FunctionInvocationEvent,
  MetricDatum,
  MetricsRecorder,
  WorkflowExecutionEvent,
} from '../ports.js';
import {
  DIMENSIONS,
  ENDPOINT_METRICS,
  FUNCTION_METRICS,
  NAMESPACES,
  THRESHOLD_ERROR,
  WORKFLOW_METRICS,
} from './metric-names.js';
import type { MinuteAggregator, SeriesAccumulator } from './minute-aggregator.js';
import { checkIdentity } from './series-identity.js';

interface EndpointSeries {
  readonly dimensions: Readonly<Record<string, string>>;
  readonly invocations: SeriesAccumulator;
  readonly errors4xx: SeriesAccumulator;
  readonly errors5xx: SeriesAccumulator;
  readonly modelLatency: SeriesAccumulator;
  readonly overheadLatency: SeriesAccumulator;
  readonly confidence: SeriesAccumulator;
  readonly lowConfidence: SeriesAccumulator;
  readonly classes: Map<string, SeriesAccumulator>;
}

export class EventRecorder implements MetricsRecorder {
  readonly #endpoints = new Map<string, EndpointSeries>();
  readonly #others = new Map<string, SeriesAccumulator>();

  constructor(
    private readonly aggregator: MinuteAggregator,
    private readonly clock: Clock,
    /** Top-1 confidence under this counts as a low-confidence prediction. */
    private readonly threshold: number,
  ) {}

  endpointInvocation(event: EndpointInvocationEvent): void {
    const at = event.at ?? this.clock.now();
    const series = this.#endpoint(event.endpoint, event.variant);
    series.invocations.add(1, at);
    series.errors4xx.add(event.status === '4xx' ? 1 : 0, at);
    series.errors5xx.add(event.status === '5xx' ? 1 : 0, at);
    if (event.status !== '2xx') return;
    series.modelLatency.add(event.modelLatencyMs, at);
    series.overheadLatency.add(event.overheadLatencyMs, at);
    if (event.top1Confidence !== undefined) {
      series.confidence.add(event.top1Confidence, at);
      series.lowConfidence.add(event.top1Confidence < this.threshold ? 1 : 0, at);
    }
    if (event.predictedClass !== undefined) this.#classSeries(series, event.predictedClass).add(1, at);
  }

  functionInvocation(event: FunctionInvocationEvent): void {
    const at = event.at ?? this.clock.now();
    const dimensions = { [DIMENSIONS.function]: event.functionName };
    if (event.status === 'throttled') {
      this.#other(NAMESPACES.functions, FUNCTION_METRICS.throttles, dimensions).add(1, at);
      return;
    }
    this.#other(NAMESPACES.functions, FUNCTION_METRICS.invocations, dimensions).add(1, at);
    this.#other(NAMESPACES.functions, FUNCTION_METRICS.errors, dimensions).add(
      event.status === 'success' ? 0 : 1,
      at,
    );
    if (event.durationMs !== undefined)
      this.#other(NAMESPACES.functions, FUNCTION_METRICS.duration, dimensions).add(event.durationMs, at);
  }

  workflowExecution(event: WorkflowExecutionEvent): void {
    const at = event.at ?? this.clock.now();
    const dimensions = { [DIMENSIONS.stateMachine]: event.stateMachine };
    this.#other(NAMESPACES.workflows, WORKFLOW_METRICS[event.status], dimensions).add(1, at);
    if (event.status === 'Failed' && event.error === THRESHOLD_ERROR)
      this.#other(NAMESPACES.workflows, WORKFLOW_METRICS.FilteredOut, dimensions).add(1, at);
  }

  /** PutMetricData: validated, since it comes from users. */
  put(datum: MetricDatum): void {
    const identity = { namespace: datum.namespace, name: datum.name, dimensions: datum.dimensions ?? {} };
    checkIdentity(identity);
    if (!Number.isFinite(datum.value) || (datum.at !== undefined && !Number.isFinite(datum.at)))
      throw monitoringError(
        'INVALID_METRIC',
        `${datum.namespace}/${datum.name}: value and time must be finite numbers`,
      );
    this.aggregator.series(identity).add(datum.value, datum.at ?? this.clock.now());
  }

  #endpoint(endpoint: string, variant: string): EndpointSeries {
    const key = `${endpoint}\u0000${variant}`;
    let series = this.#endpoints.get(key);
    if (!series) {
      const dimensions = { [DIMENSIONS.endpoint]: endpoint, [DIMENSIONS.variant]: variant };
      const of = (name: string) =>
        this.aggregator.series({ namespace: NAMESPACES.endpoints, name, dimensions });
      series = {
        dimensions,
        invocations: of(ENDPOINT_METRICS.invocations),
        errors4xx: of(ENDPOINT_METRICS.errors4xx),
        errors5xx: of(ENDPOINT_METRICS.errors5xx),
        modelLatency: of(ENDPOINT_METRICS.modelLatency),
        overheadLatency: of(ENDPOINT_METRICS.overheadLatency),
        confidence: of(ENDPOINT_METRICS.confidence),
        lowConfidence: of(ENDPOINT_METRICS.lowConfidence),
        classes: new Map(),
      };
      this.#endpoints.set(key, series);
    }
    return series;
  }

  #classSeries(series: EndpointSeries, className: string): SeriesAccumulator {
    let accumulator = series.classes.get(className);
    if (!accumulator) {
      const dimensions = { ...series.dimensions, [DIMENSIONS.className]: className };
      accumulator = this.aggregator.series({
        namespace: NAMESPACES.endpoints,
        name: ENDPOINT_METRICS.classPredictions,
        dimensions,
      });
      series.classes.set(className, accumulator);
    }
    return accumulator;
  }

  #other(namespace: string, name: string, dimensions: Readonly<Record<string, string>>): SeriesAccumulator {
    const key = `${namespace}\u0000${name}\u0000${Object.values(dimensions).join('\u0000')}`;
    let series = this.#others.get(key);
    if (!series) {
      series = this.aggregator.series({ namespace, name, dimensions });
      this.#others.set(key, series);
    }
    return series;
  }
}
