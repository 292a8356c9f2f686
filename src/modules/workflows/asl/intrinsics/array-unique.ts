// States.ArrayUnique: the array without duplicates (deep equality), keeping first occurrences.
import { type Json, jsonEquals } from '../json.js';
import { arrayArg, type IntrinsicFunction } from './definition.js';

export const arrayUnique: IntrinsicFunction = {
  name: 'States.ArrayUnique',
  minArgs: 1,
  maxArgs: 1,
  apply(args) {
    const unique: Json[] = [];
    for (const item of arrayArg(this.name, args, 0)) {
      if (!unique.some((seen) => jsonEquals(seen, item))) unique.push(item);
    }
    return unique;
  },
};
