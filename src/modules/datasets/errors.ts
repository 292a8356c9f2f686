// Stable error codes of dataset preparation.
import { defineErrors } from '../../kernel/errors.js';

export const datasetError = defineErrors('DATASET', {
  INVALID_ARGUMENT: 'invalid',
  SOURCE_NOT_FOUND: 'not_found',
  OFFLINE: 'unavailable',
  DOWNLOAD_FAILED: 'unavailable',
  CHECKSUM_MISMATCH: 'invalid',
  CORRUPT_ARCHIVE: 'invalid',
  ARCHIVE_TOO_LARGE: 'too_large',
  UNKNOWN_FORMAT: 'invalid',
  PICKLE_FORBIDDEN_GLOBAL: 'invalid',
  PICKLE_INVALID: 'invalid',
  UNKNOWN_CLASS: 'invalid',
  NO_MATCHING_CLASS: 'invalid',
  INVALID_IMAGE: 'invalid',
  INVALID_LABELS: 'invalid',
});

export const DATASET_ERROR_CODES = datasetError.codes;
