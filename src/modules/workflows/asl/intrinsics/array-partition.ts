// States.ArrayPartition: splits an array into chunks of a given size (the last may be shorter).
import { intrinsicError } from '../errors.js';
import type { Json } from '../json.js';
import { arrayArg, type IntrinsicFunction, integerArg } from './definition.js';

export const arrayPartition: IntrinsicFunction = {
  name: 'States.ArrayPartition',
  minArgs: 2,
  maxArgs: 2,
  apply(args) {
    const items = arrayArg(this.name, args, 0);
    const size = integerArg(this.name, args, 1);
    if (size <= 0)
      throw intrinsicError(`The chunk size of States.ArrayPartition must be positive, but was ${size}`);
    const chunks: Json[] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    return chunks;
  },
};
