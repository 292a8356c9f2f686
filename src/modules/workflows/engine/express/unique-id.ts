// Unique ids in the form of random (v4) UUIDs, for Lambda request ids and EXPRESS execution names and ARNs.
import { randomUUID } from 'node:crypto';

/** The counter stays within [10^8, 10^9): nine decimal digits (hex digits too), a small integer to write. */
const FIRST = 100_000_000;
const END = 1_000_000_000;
/** Random: a UUID's first 23 hex digits, `xxxxxxxx-xxxx-4xxx-yxxx-xxx`, new whenever the counter wraps. */
let prefix = '';
let counter = END - 1;

/**
 * A random prefix and a counter in the last 9 digits: unique like randomUUID, without its cost (writing a
 * UUID's text makes about twenty intermediate strings: most of an EXPRESS execution's garbage, and a counter
 * written in hex is a slow radix conversion). Not for secrets: the ids are unique, not unguessable.
 */
export function uniqueId(): string {
  counter += 1;
  if (counter === END) {
    prefix = randomUUID().slice(0, 27);
    counter = FIRST;
  }
  return prefix + counter;
}
