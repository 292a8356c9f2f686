// Error codes of the function runtime; handler failures are results, not these.
import { defineErrors } from '../../kernel/errors.js';

export const functionsError = defineErrors('FUNCTIONS', {
  /** A function definition breaks a rule (name, handler, timeout, memory, environment). */
  INVALID_CONFIG: 'invalid',
  /** The invocation payload is not JSON. */
  INVALID_PAYLOAD: 'invalid',
  /** The payload exceeds what Lambda accepts for this invocation type. */
  REQUEST_TOO_LARGE: 'too_large',
  /** Reserved or account concurrency is exhausted (Lambda's TooManyRequestsException). */
  TOO_MANY_REQUESTS: 'unavailable',
  /** An asynchronous invocation names a function the resolver does not know. */
  FUNCTION_NOT_FOUND: 'not_found',
  /** An asynchronous invocation id that the queue does not hold. */
  INVOCATION_NOT_FOUND: 'not_found',
  /** A function version's code folder or file does not exist. */
  CODE_NOT_FOUND: 'not_found',
  /** The language runtime (python3, node) or the guest bootstrap could not be started. */
  RUNTIME_UNAVAILABLE: 'unavailable',
  /** The runtime was closed. */
  CLOSED: 'unavailable',
});
