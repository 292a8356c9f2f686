// Errors the S3 protocol edge raises itself (bad XML, digests, chunk encoding, multipart state) with stable codes.
import { defineErrors } from '../../../kernel/errors.js';

export const s3Error = defineErrors('S3', {
  MALFORMED_XML: 'invalid',
  INVALID_ARGUMENT: 'invalid',
  INVALID_REQUEST: 'invalid',
  INVALID_DIGEST: 'invalid',
  BAD_DIGEST: 'invalid',
  CONTENT_SHA256_MISMATCH: 'invalid',
  INCOMPLETE_BODY: 'invalid',
  INVALID_CHUNK: 'invalid',
  NOT_IMPLEMENTED: 'invalid',
  METHOD_NOT_ALLOWED: 'invalid',
  ENTITY_TOO_SMALL: 'invalid',
  ACCESS_DENIED: 'forbidden',
  BUCKET_TAKEN: 'conflict',
  BUCKET_OWNED_BY_YOU: 'conflict',
  PRECONDITION_FAILED: 'invalid',
  CONDITIONAL_REQUEST_CONFLICT: 'conflict',
  KEY_TOO_LONG: 'invalid',
  MISSING_CONTENT_LENGTH: 'invalid',
  INVALID_PART_NUMBER: 'invalid',
  INVALID_ENCRYPTION_ALGORITHM: 'invalid',
  MALFORMED_POLICY: 'invalid',
  POLICY_TOO_LARGE: 'invalid',
  NO_SUCH_BUCKET_POLICY: 'not_found',
  NO_SUCH_PUBLIC_ACCESS_BLOCK: 'not_found',
  NO_SUCH_OWNERSHIP_CONTROLS: 'not_found',
  NO_SUCH_CORS: 'not_found',
  ACL_NOT_SUPPORTED: 'invalid',
  INVALID_BUCKET_ACL_WITH_OWNERSHIP: 'invalid',
  CORS_FORBIDDEN: 'forbidden',
  MALFORMED_POST: 'invalid',
  ENTITY_TOO_LARGE: 'invalid',
});

export const S3_ERROR_CODES = s3Error.codes;
