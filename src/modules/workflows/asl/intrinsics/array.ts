// States.Array: its arguments as an array.
import type { IntrinsicFunction } from './definition.js';

export const array: IntrinsicFunction = {
  name: 'States.Array',
  minArgs: 0,
  maxArgs: Number.POSITIVE_INFINITY,
  apply(args) {
    return args.map((arg) => arg.value);
  },
};
