// Unique ids in the form of random (v4) UUIDs, for Lambda request ids and EXPRESS execution names and ARNs.
import { randomUUID } from 'node:crypto';

/** Random per process: `xxxxxxxx-xxxx-4xxx-yxxx-`, the first 20 of a UUID's 32 hex digits. */
const prefix = randomUUID().slice(0, 24);
/** The counter stays within [16^11, 16^12): always 12 hex digits, with no padding to write. */
const FIRST = 16 ** 11;
const END = 16 ** 12;
let counter = FIRST + Math.floor(Math.random() * (END - FIRST));

/**
 * A process-random prefix and a counter in the last 12 hex digits: unique like randomUUID, without its cost
 * (writing a UUID's text makes about twenty intermediate strings: most of an EXPRESS execution's garbage).
 * Not for secrets: the ids are unique, not unguessable.
 */
export function uniqueId(): string {
  counter = counter + 1 === END ? FIRST : counter + 1;
  return prefix + counter.toString(16);
}
