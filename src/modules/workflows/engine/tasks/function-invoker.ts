// The function invoker the workflow engine needs from a function runtime, and how its answers become task results.
import { isSconesError } from '../../../../kernel/errors.js';
import { type Json, parseJsonText } from '../../asl/json.js';
import type { FunctionErrorPayload } from '../../asl/task/integration-results.js';
import type { InvokeFunctionRequest, InvokeFunctionResult } from '../ports.js';

export interface FunctionInvocation {
  /** A function name, `name:qualifier`, or a (partial) Lambda ARN, as the definition names it. */
  readonly functionName: string;
  readonly qualifier?: string;
  /** The event as JSON text. */
  readonly payload: string;
  readonly invocationType: 'RequestResponse' | 'Event';
  readonly signal: AbortSignal;
}

export interface FunctionInvocationResult {
  /** JSON text: the handler's result, or its error payload when `functionError` is set. */
  readonly payload: string;
  /** Lambda's X-Amz-Function-Error (`Unhandled`, `Handled`). */
  readonly functionError?: string;
  readonly executedVersion: string;
  readonly requestId?: string;
}

/**
 * Invokes functions (Lambda). Implementations throw `workflowError('FUNCTION_NOT_FOUND' | 'FUNCTION_THROTTLED' |
 * 'FUNCTION_UNAVAILABLE' | 'FUNCTION_INVALID_REQUEST', ...)` for failures of the service rather than the handler;
 * handler errors are results with `functionError` set.
 */
export interface FunctionInvoker {
  invoke(invocation: FunctionInvocation): Promise<FunctionInvocationResult>;
}

/** The Lambda error names Step Functions reports for failures of the Lambda service itself. */
const LAMBDA_ERRORS: Readonly<Record<string, string>> = {
  WORKFLOW_FUNCTION_NOT_FOUND: 'Lambda.ResourceNotFoundException',
  WORKFLOW_FUNCTION_THROTTLED: 'Lambda.TooManyRequestsException',
  WORKFLOW_FUNCTION_UNAVAILABLE: 'Lambda.ServiceException',
  WORKFLOW_FUNCTION_INVALID_REQUEST: 'Lambda.InvalidRequestContentException',
};

/** `TaskDispatcher.invokeFunction` on a FunctionInvoker: JSON in and out, service errors as Lambda.* errors. */
export function invokeThrough(
  invoker: FunctionInvoker | undefined,
  request: InvokeFunctionRequest,
): Promise<InvokeFunctionResult> {
  if (invoker === undefined) {
    return Promise.resolve(
      failure(
        'States.TaskFailed',
        `No function runtime is configured for workflows, so function '${request.functionName}' cannot be invoked`,
      ),
    );
  }
  try {
    return invoker.invoke(invocationOf(request)).then(resultOf, serviceFailure);
  } catch (error) {
    return Promise.resolve(serviceFailure(error));
  }
}

/** Optional fields set one by one (trailing conditional spreads cost a runtime call each, every task). */
function invocationOf(request: InvokeFunctionRequest): FunctionInvocation {
  const invocation: { -readonly [K in keyof FunctionInvocation]: FunctionInvocation[K] } = {
    functionName: request.functionName,
    payload: JSON.stringify(request.payload ?? null),
    invocationType: request.invocationType ?? 'RequestResponse',
    signal: request.signal,
  };
  if (request.qualifier !== undefined) invocation.qualifier = request.qualifier;
  return invocation;
}

function resultOf(result: FunctionInvocationResult): InvokeFunctionResult {
  const { requestId } = result;
  if (result.functionError !== undefined) {
    const error = errorPayload(result.payload);
    return requestId === undefined ? { ok: false, error } : { ok: false, error, requestId };
  }
  let payload: Json;
  try {
    payload = result.payload === '' ? null : parseJsonText(result.payload);
  } catch (error) {
    return serviceFailure(error);
  }
  const executedVersion = result.executedVersion;
  return requestId === undefined
    ? { ok: true, payload, executedVersion }
    : { ok: true, payload, executedVersion, requestId };
}

function serviceFailure(error: unknown): InvokeFunctionResult {
  const name = isSconesError(error) ? LAMBDA_ERRORS[error.code] : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return failure(name ?? 'Lambda.Unknown', message);
}

function failure(errorType: string, errorMessage: string): InvokeFunctionResult {
  return { ok: false, error: { errorType, errorMessage } };
}

function errorPayload(text: string): FunctionErrorPayload {
  try {
    const parsed = JSON.parse(text) as Json;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // A runtime that answered with a non-JSON error body: keep it as the message.
  }
  return { errorType: 'Lambda.Unknown', errorMessage: text };
}
