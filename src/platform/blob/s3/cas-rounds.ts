// Bounded compare-and-swap rounds: a write that keeps losing races (or a backend whose If-Match never matches)
// ends in a typed error instead of spinning.
import { blobError } from '../errors.js';

/** Far more than any real contention needs; each lost round means another writer committed. */
const MAX_ROUNDS = 100;

/** Runs `round` until it returns a value other than undefined. */
export async function casRounds<T>(
  endpoint: string,
  what: string,
  round: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; attempt <= MAX_ROUNDS; attempt++) {
    const done = await round();
    if (done !== undefined) return done;
  }
  throw blobError(
    'BACKEND_FAILED',
    `S3 backend ${endpoint}: ${what} lost ${MAX_ROUNDS} compare-and-swap rounds in a row`,
    { endpoint, what },
  );
}
