// Error codes of the file-cache port.
import { defineErrors } from '../../kernel/errors.js';

export const fileCacheError = defineErrors('FILE_CACHE', {
  /** What was read to fill an entry does not have the checksum its source recorded: nothing was kept. */
  CHECKSUM_MISMATCH: 'internal',
  /** A key that is not a plain file name (letters, digits, `.`, `_`, `-`). */
  INVALID_KEY: 'invalid',
});
