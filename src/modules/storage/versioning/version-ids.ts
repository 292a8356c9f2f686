// Version ids (opaque, as S3's) and the order key that sorts a key's archived versions newest first.
import { randomBytes } from 'node:crypto';

/** The version of objects written while versioning was off or suspended. */
export const NULL_VERSION = 'null';

const VERSION_ID = /^[A-Za-z0-9_-]{32}$/;

export function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

/** S3 refuses a malformed version id (InvalidArgument) before looking for it. */
export function isVersionId(text: string): boolean {
  return text === NULL_VERSION || VERSION_ID.test(text);
}

// Microseconds since the epoch, strictly increasing within the process, so two versions archived in one
// millisecond still sort by the order they were archived in.
let lastTick = 0;
const LATEST = 9_000_000_000_000_000;

/** Sorts before every order key made earlier in this process (and, clocks allowing, in others). */
export function newestFirstOrder(now: number): string {
  lastTick = Math.max(now * 1000, lastTick + 1);
  return String(LATEST - lastTick).padStart(16, '0');
}
