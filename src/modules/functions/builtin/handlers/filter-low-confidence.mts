// Built-in function filterLowConfidence: passes the event through when its highest inference reaches
// THRESHOLD (default 0.93), otherwise fails with the error name THRESHOLD_CONFIDENCE_NOT_MET.
import { bodyOf, namedError, probabilities } from './pipeline-event.mjs';

const DEFAULT_THRESHOLD = 0.93;

export async function handler(event: unknown) {
  const threshold = thresholdOf(process.env.THRESHOLD);
  const inferences = probabilities(bodyOf(event).inferences, 'event.body.inferences');
  const highest = inferences.length > 0 ? Math.max(...inferences) : Number.NaN;
  if (highest >= threshold) return event;
  throw namedError(
    'THRESHOLD_CONFIDENCE_NOT_MET',
    inferences.length > 0
      ? `highest confidence ${highest} is below the threshold ${threshold}`
      : `no inferences to compare with the threshold ${threshold}`,
  );
}

function thresholdOf(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_THRESHOLD;
  const value = Number(text);
  if (!(Number.isFinite(value) && value >= 0 && value <= 1))
    throw namedError('ConfigurationError', `THRESHOLD must be a number from 0 to 1, not '${text}'`);
  return value;
}
