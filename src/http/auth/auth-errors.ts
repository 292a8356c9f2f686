// Stable error codes of the edge's own authentication (dashboard sessions); IAM's codes cover the rest.
import { defineErrors } from '../../kernel/errors.js';

export const authError = defineErrors('AUTH', {
  /** A cookie-authenticated request that changes state without the session's X-CSRF-Token header. */
  CSRF_TOKEN_INVALID: 'forbidden',
  /** The session cookie names no live session (expired, logged out, or the server restarted). */
  SESSION_INVALID: 'unauthorized',
  INVALID_LOGIN: 'invalid',
  /** Too many failed logins from one address in a minute (answered 429 with Retry-After). */
  TOO_MANY_ATTEMPTS: 'unavailable',
});
