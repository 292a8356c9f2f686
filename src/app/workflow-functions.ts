// Maps the workflow engine's function invoker onto the functions service (Lambda tasks run real functions).
import { isSconesError } from '../kernel/errors.js';
import { type FunctionsService, functionsError, parseFunctionName } from '../modules/functions/index.js';
import { type FunctionInvoker, workflowError } from '../modules/workflows/index.js';

/** How Step Functions names failures of the Lambda service itself, by our functions error code. */
const SERVICE_FAILURES: Readonly<Record<string, Parameters<typeof workflowError>[0]>> = {
  FUNCTIONS_FUNCTION_NOT_FOUND: 'FUNCTION_NOT_FOUND',
  FUNCTIONS_QUALIFIER_NOT_FOUND: 'FUNCTION_NOT_FOUND',
  FUNCTIONS_ALIAS_NOT_FOUND: 'FUNCTION_NOT_FOUND',
  FUNCTIONS_TOO_MANY_REQUESTS: 'FUNCTION_THROTTLED',
  FUNCTIONS_INVALID_PAYLOAD: 'FUNCTION_INVALID_REQUEST',
  FUNCTIONS_REQUEST_TOO_LARGE: 'FUNCTION_INVALID_REQUEST',
  FUNCTIONS_INVALID_PARAMETER: 'FUNCTION_INVALID_REQUEST',
  FUNCTIONS_RUNTIME_UNAVAILABLE: 'FUNCTION_UNAVAILABLE',
  FUNCTIONS_CODE_NOT_FOUND: 'FUNCTION_UNAVAILABLE',
  FUNCTIONS_CLOSED: 'FUNCTION_UNAVAILABLE',
};

/** Error types Step Functions reports as `Lambda.Unknown`: the function never returned an error of its own. */
const SANDBOX_FAILURES = new Set(['Sandbox.Timedout', 'Runtime.OutOfMemory', 'Runtime.ExitError']);

export function workflowFunctionInvoker(functions: FunctionsService): FunctionInvoker {
  return {
    async invoke(invocation) {
      try {
        // The definition may name the function by ARN (with a qualifier), as the classic exercise does.
        const target = parseFunctionName(invocation.functionName, invocation.qualifier);
        const qualifier = target.qualifier === undefined ? {} : { qualifier: target.qualifier };
        if (invocation.invocationType === 'Event') {
          const queued = await functions.invokeAsync(target.name, {
            ...qualifier,
            payload: invocation.payload,
          });
          return { payload: '', executedVersion: '$LATEST', requestId: queued.requestId };
        }
        const result = await functions.invoke(target.name, {
          ...qualifier,
          payload: invocation.payload,
        });
        if (result.error && SANDBOX_FAILURES.has(result.error.errorType)) {
          // Not a workflow error code: the engine reports it as Lambda.Unknown, with this message as the cause.
          throw functionsError('INVOCATION_FAILED', result.error.errorMessage, {
            requestId: result.requestId,
          });
        }
        return {
          payload: result.payload,
          executedVersion: result.executedVersion,
          requestId: result.requestId,
          ...(result.functionError ? { functionError: result.functionError } : {}),
        };
      } catch (error) {
        const code = isSconesError(error) ? SERVICE_FAILURES[error.code] : undefined;
        if (code) throw workflowError(code, (error as Error).message, {}, error);
        throw error;
      }
    },
  };
}
