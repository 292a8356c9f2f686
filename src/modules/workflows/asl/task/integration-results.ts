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
  const version = meta.executedVersion ?? '$LATEST';
  return {
    ExecutedVersion: version,
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        Connection: ['keep-alive'],
        'Content-Type': ['application/json'],
        Date: [meta.date],
        'X-Amz-Executed-Version': [version],
        'x-amzn-Remapped-Content-Length': ['0'],
        'x-amzn-RequestId': [meta.requestId],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Type': 'application/json',
        Date: meta.date,
        'X-Amz-Executed-Version': version,
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': meta.requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: meta.requestId },
    StatusCode: 200,
  };
}
