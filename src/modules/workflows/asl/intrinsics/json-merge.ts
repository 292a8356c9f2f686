// States.JsonMerge: merges two objects, the second winning; deep merge when the flag is true.

import { intrinsicError } from '../errors.js';
import { copyObject, isObject, type Json, type JsonObject, setOwn } from '../json.js';
import { argAt, booleanArg, type IntrinsicFunction } from './definition.js';

export const jsonMerge: IntrinsicFunction = {
  name: 'States.JsonMerge',
  minArgs: 3,
  maxArgs: 3,
  apply(args) {
    const left = argAt(this.name, args, 0);
    const right = argAt(this.name, args, 1);
    const deep = booleanArg(this.name, args, 2);
    if (!isObject(left) || !isObject(right)) {
      throw intrinsicError('States.JsonMerge expects its first two arguments to be JSON objects');
    }
    return merge(left, right, deep);
  },
};

function merge(left: JsonObject, right: JsonObject, deep: boolean): JsonObject {
  const out = copyObject(left);
  for (const [key, value] of Object.entries(right)) {
    const existing: Json | undefined = Object.hasOwn(out, key) ? out[key] : undefined;
    const next = deep && isObject(existing) && isObject(value) ? merge(existing, value, true) : value;
    setOwn(out, key, next);
  }
  return out;
}
