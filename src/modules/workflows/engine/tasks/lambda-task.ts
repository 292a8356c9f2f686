// Lambda tasks (the function ARN itself, or `lambda:invoke`): the request, and the answer in Lambda's shape.
import type { Json } from '../../asl/json.js';
import { parseJsonText } from '../../asl/json.js';
import { lambdaFailure, lambdaInvokeResult } from '../../asl/task/integration-results.js';
import type { InvokeFunctionRequest } from '../ports.js';
import type { Reporter, TaskEvent, TaskPorts } from './task-report.js';

/** The dispatcher's request for a function, with the qualifier only when one was given. */
export function functionRequest(
  functionName: string,
  qualifier: string | undefined,
  payload: Json,
  signal: AbortSignal,
): Mutable<InvokeFunctionRequest> {
  const request: Mutable<InvokeFunctionRequest> = { functionName, payload, signal };
  if (qualifier !== undefined) request.qualifier = qualifier;
  return request;
}

/**
 * A Lambda invocation. `wrap` (`lambda:invoke`) gives Lambda's response shape, and for `InvocationType: Event`
 * (the function is queued) Step Functions' StatusCode 202 without a payload; else the function's output as is.
 */
export function invoke(
  ports: TaskPorts,
  request: InvokeFunctionRequest,
  wrap: boolean,
  report: Reporter,
): Promise<TaskEvent> {
  return ports.dispatcher.invokeFunction(request).then(
    (result) => {
      if (!result.ok) return report.failure(lambdaFailure(result.error));
      if (!wrap) return report.value(result.payload);
      const requestId = result.requestId ?? ports.newRequestId();
      const date = httpDate(ports.now());
      if (request.invocationType === 'Event')
        return report.value({ ...lambdaInvokeResult('', { requestId, date }), StatusCode: 202 });
      const version = result.executedVersion;
      const meta =
        version === undefined ? { requestId, date } : { requestId, date, executedVersion: version };
      return report.value(lambdaInvokeResult(result.payload, meta));
    },
    (error: unknown) => report.thrown(error),
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A string Payload holding JSON is sent as that JSON, as Step Functions does; other values as they are. */
export function payloadOf(payload: Json | undefined): Json {
  if (payload === undefined) return {};
  if (typeof payload !== 'string') return payload;
  try {
    return parseJsonText(payload);
  } catch {
    return payload;
  }
}

let lastSecond = Number.NaN;
let lastDate = '';

/** The HTTP Date header of a moment; the text changes once a second, so it is reused within one. */
function httpDate(millis: number): string {
  const second = Math.floor(millis / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastDate = new Date(second * 1000).toUTCString();
  }
  return lastDate;
}
