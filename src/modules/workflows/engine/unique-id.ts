// Unique ids in the form of random (v4) UUIDs, for Lambda request ids and EXPRESS execution names and ARNs.
import { randomUUID } from 'node:crypto';

/** Random per process: `xxxxxxxx-xxxx-4xxx-yxxx-`, the first 18 of a UUID's 32 hex digits. */
const prefix = randomUUID().slice(0, 24);
let counter = 0;

/**
 * A process-random prefix and a counter in the last 12 hex digits: unique like randomUUID, without its cost
 * (writing a UUID's text makes about twenty intermediate strings: most of an EXPRESS execution's garbage).
 * Not for secrets: the ids are unique, not unguessable.
 */
export function uniqueId(): string {
  counter = (counter + 1) % 0x1_0000_0000_0000;
  return prefix + counter.toString(16).padStart(12, '0');
}
