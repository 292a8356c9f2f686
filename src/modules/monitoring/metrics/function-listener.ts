// The functions platform's invocation listener, feeding the metrics recorder (Invocations, Errors,
// Duration, Throttles per function).
import type { InvocationListener } from '../../functions/index.js';
import type { MetricsRecorder } from '../ports.js';

export function functionMetricsListener(recorder: MetricsRecorder): InvocationListener {
  return {
    onInvocation: (result) =>
      recorder.functionInvocation({
        functionName: result.functionName,
        status: result.status,
        durationMs: result.durationMs,
      }),
    onThrottle: (functionName) => recorder.functionInvocation({ functionName, status: 'throttled' }),
  };
}
