// S3's rules for tag sets: how many tags, how long keys and values may be, unique keys, no `aws:` prefix.
import { storageError } from './errors.js';

export type TagSet = Readonly<Record<string, string>>;

export const MAX_OBJECT_TAGS = 10;
export const MAX_BUCKET_TAGS = 50;
const MAX_KEY_CHARS = 128;
const MAX_VALUE_CHARS = 256;

/** Checks a tag list as given (pairs, so a repeated key is seen) and returns it as a set, in order. */
export function tagSetOf(tags: readonly (readonly [string, string])[], max: number): TagSet {
  if (tags.length > max) throw invalidTag(`a tag set holds at most ${max} tags (got ${tags.length})`);
  const set: Record<string, string> = {};
  for (const [key, value] of tags) {
    const keyChars = [...key].length;
    if (keyChars === 0 || keyChars > MAX_KEY_CHARS)
      throw invalidTag(`a tag key must be 1 to ${MAX_KEY_CHARS} characters long`);
    if ([...value].length > MAX_VALUE_CHARS)
      throw invalidTag(`a tag value must be at most ${MAX_VALUE_CHARS} characters long`);
    if (key.toLowerCase().startsWith('aws:')) throw invalidTag('a tag key cannot start with aws:');
    if (Object.hasOwn(set, key)) throw invalidTag(`the tag key ${key} is given more than once`);
    set[key] = value;
  }
  return set;
}

function invalidTag(message: string) {
  return storageError('INVALID_TAG', message);
}
