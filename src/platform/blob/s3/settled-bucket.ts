// After a put commits: is its bucket still there once any deleteBucket in progress has decided?
import type { BucketRecords } from './bucket-records.js';

/** A deleteBucket takes a few requests; one that crashed leaves its mark, and a put gives up waiting on it. */
const GIVE_UP_MS = 30_000;

/**
 * True when the bucket exists and is not being deleted. While a deleteBucket is checking emptiness, waits for its
 * outcome: restored (it saw this put's object: not_empty) or removed (it did not: the put must not survive).
 */
export async function settledBucket(records: BucketRecords, name: string): Promise<boolean> {
  const started = Date.now();
  for (let pause = 5; ; pause = Math.min(pause * 2, 250)) {
    const found = await records.get(name);
    if (!found) return false;
    if (!found.record.deleting) return true;
    if (Date.now() - started > GIVE_UP_MS) return false;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
