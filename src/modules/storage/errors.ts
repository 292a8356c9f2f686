// Stable error codes of the object store (S3 semantics without HTTP).
import { defineErrors } from '../../kernel/errors.js';

export const storageError = defineErrors('STORAGE', {
  INVALID_BUCKET_NAME: 'invalid',
  INVALID_KEY: 'invalid',
  INVALID_ARGUMENT: 'invalid',
  INVALID_TOKEN: 'invalid',
  METADATA_TOO_LARGE: 'invalid',
  NO_SUCH_BUCKET: 'not_found',
  NO_SUCH_KEY: 'not_found',
  BUCKET_EXISTS: 'conflict',
  BUCKET_NOT_EMPTY: 'conflict',
  INVALID_RANGE: 'invalid',
  ENTITY_TOO_LARGE: 'too_large',
  INVALID_TAG: 'invalid',
  NO_SUCH_TAG_SET: 'not_found',
});

export const STORAGE_ERROR_CODES = storageError.codes;
