// A round's commit that meets a passing database failure (a dropped connection, a server restarting, a deadlock)
// is tried again before the round is given up. Giving up reloads its executions from what was committed, and a
// task whose outcome was in that round is then failed as lost although its function ran.
import { setTimeout as sleep } from 'node:timers/promises';
import { isSconesError } from '../../../../kernel/errors.js';

/** About 25 s in all: longer than a PostgreSQL restart or failover usually takes, short of a real outage. */
const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000];

export interface CommitRetryHost {
  /** Stop trying: the engine is closing. */
  isClosed(): boolean;
  retrying(error: unknown, attempt: number): void;
}

export async function commitRetrying(commit: () => Promise<void>, host: CommitRetryHost): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await commit();
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isPassing(error) || host.isClosed()) throw error;
      host.retrying(error, attempt + 1);
      await sleep(delay);
    }
  }
}

/** The database's typed failure that may pass (DB_TRANSIENT and DB_UNREACHABLE are `unavailable`). */
function isPassing(error: unknown): boolean {
  return isSconesError(error) && error.kind === 'unavailable';
}
