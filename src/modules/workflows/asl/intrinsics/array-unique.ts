// States.ArrayUnique: the array without duplicates (deep equality), keeping first occurrences.
import { isObject, type Json } from '../json.js';
import { ARRAY, intrinsic } from './definition.js';

export const arrayUnique = intrinsic('States.ArrayUnique', [ARRAY], ([items]) => {
  // One pass with a set of canonical texts: comparing each item with every one kept was quadratic, and
  // 40,000 distinct numbers (a 256 KiB input) held the server's thread for half a minute.
  const seen = new Set<string>();
  const unique: Json[] = [];
  for (const item of items) {
    const key = canonicalText(item);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(item);
  }
  return unique;
});

/** JSON text with object keys sorted: equal for deeply equal values, whatever their key order. */
function canonicalText(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalText(value[key] as Json)}`).join(',')}}`;
}
