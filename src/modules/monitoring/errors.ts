// Error codes of the monitoring module (baselines, reports, metrics, alarms).
import { defineErrors } from '../../kernel/errors.js';

export const monitoringError = defineErrors('MONITORING', {
  INVALID_ARGUMENT: 'invalid',
  INVALID_CONSTRAINTS: 'invalid',
  INVALID_CRON: 'invalid',
  INVALID_ALARM: 'invalid',
  INVALID_METRIC: 'invalid',
  NO_BASELINE: 'not_found',
  NO_SCHEDULE: 'not_found',
  NO_ALARM: 'not_found',
  NO_IMAGES: 'not_found',
  NO_PREDICTOR: 'unavailable',
  PREDICTOR_FAILED: 'unavailable',
  ACTION_UNAVAILABLE: 'unavailable',
});

export const MONITORING_ERROR_CODES = monitoringError.codes;
