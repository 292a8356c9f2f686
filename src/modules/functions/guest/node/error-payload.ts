// Shapes a thrown value as the Node.js Lambda runtime reports it: {errorType, errorMessage, trace}.
import { types } from 'node:util';

export interface NodeErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];
}

export function errorPayload(error: unknown): NodeErrorPayload {
  try {
    if (types.isNativeError(error) || looksLikeError(error)) {
      const { name, message, stack } = error as Error;
      return {
        errorType: String(name),
        errorMessage: String(message),
        trace: typeof stack === 'string' ? stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

/** An error the runtime itself raises, with Lambda's `Runtime.*` name. */
export function runtimeError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

function looksLikeError(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && 'name' in value && 'message' in value && 'stack' in value
  );
}
