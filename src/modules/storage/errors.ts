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
  /** A version id that names no version of the key. */
  NO_SUCH_VERSION: 'not_found',
  /** A read of a version that is a delete marker (S3: 405 MethodNotAllowed). */
  VERSION_IS_DELETE_MARKER: 'invalid',
  NO_SUCH_LIFECYCLE_CONFIGURATION: 'not_found',
  /** The object is SSE-C encrypted and the request sent no key. */
  ENCRYPTION_KEY_REQUIRED: 'invalid',
  /** The request's SSE-C key is not the one the object was written with. */
  ENCRYPTION_KEY_MISMATCH: 'forbidden',
  /** An SSE-C key was sent for an object not encrypted with one. */
  ENCRYPTION_NOT_APPLICABLE: 'invalid',
  /** Encryption asked of a store built without keys (a tool that opened the store without its home). */
  ENCRYPTION_UNAVAILABLE: 'internal',
  /** Stored encrypted bytes failed authentication. */
  OBJECT_DAMAGED: 'internal',
  NO_ENCRYPTION_CONFIGURATION: 'not_found',
  /** The home key file cannot be read or is not private. */
  KEY_FILE_UNREADABLE: 'internal',
  /** The multipart upload does not exist (never made, aborted or completed). */
  NO_SUCH_UPLOAD: 'not_found',
  /** A part listed on Complete was not uploaded, or its ETag differs. */
  INVALID_PART: 'invalid',
  INVALID_PART_ORDER: 'invalid',
  /** A part other than the last is under the minimum part size. */
  ENTITY_TOO_SMALL: 'invalid',
});

export const STORAGE_ERROR_CODES = storageError.codes;
