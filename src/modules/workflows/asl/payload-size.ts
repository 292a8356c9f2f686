// Payload size checks without writing the JSON text, for runs that record no history.
import { type Json, toJsonText, utf8Length } from './json.js';

/** JSON.stringify writes no number longer than this (`-2.2250738585072014e-308` is 24 characters). */
const MAX_NUMBER_CHARS = 24;
/** A UTF-16 unit takes at most 6 bytes of JSON text (`\u001f`); a surrogate pair, 4 bytes for 2 units. */
const MAX_BYTES_PER_UNIT = 6;
/** Deeper values than this are measured by writing them out (and JSON.stringify's own limits apply). */
const MAX_DEPTH = 512;

/**
 * Whether the compact JSON text of `value` has more than `limit` UTF-8 bytes, as
 * `exceedsBytes(toJsonText(value), limit)` says, but without writing the text when an upper bound of its size,
 * summed while walking the value, stays within the limit (every payload well under 256 KiB).
 */
export function jsonExceedsBytes(value: Json, limit: number): boolean {
  const bound = sizeBound(value, limit, 0);
  return bound > limit && utf8Length(toJsonText(value)) > limit;
}

/** An upper bound of the JSON text's size; stops adding (returning something over `budget`) once past it. */
function sizeBound(value: Json, budget: number, depth: number): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return 2 + value.length * MAX_BYTES_PER_UNIT;
    case 'number':
      return MAX_NUMBER_CHARS;
    case 'boolean':
      return 5;
  }
  if (depth > MAX_DEPTH) return Number.POSITIVE_INFINITY;
  let size = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && size <= budget; i++) {
      size += 1 + sizeBound(value[i] as Json, budget - size, depth + 1);
    }
    return size;
  }
  for (const key in value) {
    size += 4 + key.length * MAX_BYTES_PER_UNIT + sizeBound(value[key] as Json, budget - size, depth + 1);
    if (size > budget) return size;
  }
  return size;
}
