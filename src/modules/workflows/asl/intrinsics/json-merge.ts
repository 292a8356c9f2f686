// States.JsonMerge: merges two objects, the second winning; deep merge when the flag is true.

import { intrinsicError } from '../errors.js';
import { copyObject, isObject, type Json, type JsonObject, setOwn } from '../json.js';
import { ANY, BOOLEAN, intrinsic } from './definition.js';

export const jsonMerge = intrinsic('States.JsonMerge', [ANY, ANY, BOOLEAN], ([left, right, deep]) => {
  if (!isObject(left) || !isObject(right)) {
    throw intrinsicError('States.JsonMerge expects its first two arguments to be JSON objects');
  }
  return merge(left, right, deep);
});

function merge(left: JsonObject, right: JsonObject, deep: boolean): JsonObject {
  const out = copyObject(left);
  for (const [key, value] of Object.entries(right)) {
    const existing: Json | undefined = Object.hasOwn(out, key) ? out[key] : undefined;
    const next = deep && isObject(existing) && isObject(value) ? merge(existing, value, true) : value;
    setOwn(out, key, next);
  }
  return out;
}
