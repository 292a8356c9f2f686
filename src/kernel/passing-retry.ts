// Work that met a failure which passes (a typed `unavailable` error: a dropped database connection, a server
// restarting, a deadlock) is tried again after a growing pause, instead of failing what depends on it.
import { setTimeout as sleep } from 'node:timers/promises';
import { isSconesError } from './errors.js';

/** About 25 s in all: longer than a PostgreSQL restart or failover usually takes, short of a real outage. */
const DEFAULT_DELAYS_MS = [50, 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000];

export interface PassingRetryOptions {
  /** Pauses between attempts, in ms; the error of the attempt after the last pause is thrown. */
  readonly delaysMs?: readonly number[];
  /** Stop trying (e.g. the owner is closing): the last error is thrown. */
  readonly stopped?: () => boolean;
  readonly retrying?: (error: unknown, attempt: number) => void;
}

/** Only for work that is safe to run again after it failed: a read, or a transaction that rolled back. */
export async function retryWhilePassing<T>(
  work: () => Promise<T>,
  options: PassingRetryOptions = {},
): Promise<T> {
  const delays = options.delaysMs ?? DEFAULT_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isPassing(error) || options.stopped?.()) throw error;
      options.retrying?.(error, attempt + 1);
      await sleep(delay);
    }
  }
}

function isPassing(error: unknown): boolean {
  return isSconesError(error) && error.kind === 'unavailable';
}
