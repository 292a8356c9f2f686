// Error codes of the blob port: failures of the store behind it, the same for every adapter that has a backend.
import { defineErrors } from '../../kernel/errors.js';

export const blobError = defineErrors('BLOB', {
  /** The backend could not be reached (connection refused, DNS, timeout) after the configured retries. */
  BACKEND_UNREACHABLE: 'unavailable',
  /** The backend refused the credentials or the request (403, signature mismatch, unknown access key). */
  BACKEND_DENIED: 'unavailable',
  /** The backend bucket Scones was configured with does not exist. */
  BACKEND_NO_BUCKET: 'unavailable',
  /** The backend refused a request as invalid (400), e.g. a key its own naming rules forbid. */
  BACKEND_INVALID: 'invalid',
  /** The backend kept failing (5xx, throttling) after the configured retries, or answered what S3 never does. */
  BACKEND_FAILED: 'unavailable',
  /** An object's record could not be read back (a sidecar lost, or written by something other than Scones). */
  BACKEND_CORRUPT: 'internal',
  /** `store migrate`: an object read back from the target differs in size or checksum from the source's. */
  COPY_VERIFY_FAILED: 'internal',
  /** `store migrate`: the target is the store being copied, or no S3 location. */
  COPY_INVALID_TARGET: 'invalid',
});
