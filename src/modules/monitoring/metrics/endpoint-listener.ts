// The inference module's invocation listener, feeding the metrics recorder (SageMaker's endpoint metrics plus
// top-1 confidence and predicted class). ModelError answers 424 (a 4xx, as SageMaker counts it); throttled
// and failed requests answer 503/500.
import {
  DEFAULT_VARIANT_NAME,
  type InvocationListener,
  type InvocationOutcome,
} from '../../inference/index.js';
import type { MetricsRecorder, StatusClass } from '../ports.js';

const STATUS: Readonly<Record<InvocationOutcome, StatusClass>> = {
  ok: '2xx',
  client_error: '4xx',
  model_error: '4xx',
  throttled: '5xx',
  error: '5xx',
};

export function endpointMetricsListener(recorder: MetricsRecorder): InvocationListener {
  return {
    onInvocation: (record) =>
      recorder.endpointInvocation({
        endpoint: record.endpoint,
        variant: record.variant ?? DEFAULT_VARIANT_NAME,
        at: record.time,
        modelLatencyMs: record.modelLatencyMs,
        overheadLatencyMs: record.overheadLatencyMs,
        status: STATUS[record.outcome],
        ...(record.confidence === null ? {} : { top1Confidence: record.confidence }),
        ...(record.predictedClass === null ? {} : { predictedClass: record.predictedClass }),
      }),
  };
}
