// Stable error codes of identity and access (directory, policies, signatures, authorization).
import { defineErrors } from '../../kernel/errors.js';

export const iamError = defineErrors('IAM', {
  INVALID_NAME: 'invalid',
  INVALID_ARGUMENT: 'invalid',
  NO_SUCH_USER: 'not_found',
  NO_SUCH_ROLE: 'not_found',
  NO_SUCH_KEY: 'not_found',
  NO_SUCH_POLICY: 'not_found',
  ALREADY_EXISTS: 'conflict',
  DELETE_CONFLICT: 'conflict',
  LIMIT_EXCEEDED: 'conflict',
  /** A policy document is not valid JSON or breaks the IAM grammar; `details.problems` lists each. */
  MALFORMED_POLICY: 'invalid',
  INVALID_CONTEXT: 'invalid',
  KEY_FILE_INSECURE: 'forbidden',
  KEY_FILE_UNREADABLE: 'internal',
  SECRET_UNREADABLE: 'internal',
  // Authentication (SigV4 and API keys): kind `unauthorized`, plugins map each code to their wire error.
  MISSING_AUTHENTICATION: 'unauthorized',
  MALFORMED_AUTHORIZATION: 'unauthorized',
  UNSUPPORTED_ALGORITHM: 'unauthorized',
  INVALID_ACCESS_KEY_ID: 'unauthorized',
  INACTIVE_ACCESS_KEY: 'unauthorized',
  SIGNATURE_MISMATCH: 'unauthorized',
  REQUEST_TIME_SKEWED: 'unauthorized',
  REQUEST_EXPIRED: 'unauthorized',
  EXPIRED_TOKEN: 'unauthorized',
  INVALID_TOKEN: 'unauthorized',
  HEADERS_NOT_SIGNED: 'unauthorized',
  /** The credential scope names a region other than the server's (`details.region`, `details.expected`). */
  WRONG_REGION: 'unauthorized',
  CONTENT_SHA256_MISMATCH: 'invalid',
  INVALID_CONTENT_SHA256: 'invalid',
  /** The caller gave neither x-amz-content-sha256 nor the body's hash (a plugin bug, not the client's). */
  PAYLOAD_HASH_REQUIRED: 'internal',
  // Authorization.
  ACCESS_DENIED: 'forbidden',
  ASSUME_ROLE_DENIED: 'forbidden',
});

export const IAM_ERROR_CODES = iamError.codes;
