// How Step Functions shapes integration results and Lambda errors (pure; the engine applies them).
import type { Json, JsonObject } from '../json.js';

/** The error payload a Lambda function reports: errorType, errorMessage and whatever else its runtime adds. */
export interface FunctionErrorPayload {
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly [key: string]: Json | undefined;
}

/**
 * A Lambda error as a task failure, exactly as AWS reports it: the error name is the function's errorType
 * and the cause is the error payload as compact JSON text.
 */
export function lambdaFailure(payload: FunctionErrorPayload): { error: string; cause: string } {
  const error =
    typeof payload.errorType === 'string' && payload.errorType !== '' ? payload.errorType : 'Lambda.Unknown';
  return { error, cause: JSON.stringify(payload) };
}

/** The result of `arn:aws:states:::lambda:invoke`, so `OutputPath: "$.Payload"` picks the function's output. */
export function lambdaInvokeResult(
  payload: Json,
  meta: { executedVersion?: string; requestId: string; date: string },
): JsonObject {
  const headers = {
    Connection: 'keep-alive',
    'Content-Type': 'application/json',
    Date: meta.date,
    'X-Amz-Executed-Version': meta.executedVersion ?? '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': meta.requestId,
  };
  return {
    ExecutedVersion: meta.executedVersion ?? '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: meta.requestId },
    StatusCode: 200,
  };
}
