// Errors the platform itself reports for an invocation, in the words AWS Lambda uses.
import type { FunctionErrorSummary } from '../invocation.js';

/** Lambda's limit on a synchronous response, and the figure its error message quotes. */
export const MAX_RESPONSE_BYTES = 6_291_556;

export function timeoutError(requestId: string, timeoutSeconds: number): FunctionErrorSummary {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

export function outOfMemoryError(requestId: string): FunctionErrorSummary {
  return {
    errorType: 'Runtime.OutOfMemory',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
  };
}

export function exitError(
  requestId: string,
  code: number | null,
  signal: NodeJS.Signals | null,
): FunctionErrorSummary {
  let reason = 'Runtime exited without providing a reason';
  if (signal) reason = `Runtime exited with error: signal: ${SIGNAL_WORDS[signal] ?? signal}`;
  else if (code) reason = `Runtime exited with error: exit status ${code}`;
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

export function responseTooLargeError(): FunctionErrorSummary {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  };
}

// Lambda's runtime manager is written in Go and words signals as Go does.
const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGBUS: 'bus error',
  SIGINT: 'interrupt',
};
