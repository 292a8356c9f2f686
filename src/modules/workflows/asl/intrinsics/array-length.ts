// States.ArrayLength: the number of items in an array.
import { arrayArg, type IntrinsicFunction } from './definition.js';

export const arrayLength: IntrinsicFunction = {
  name: 'States.ArrayLength',
  minArgs: 1,
  maxArgs: 1,
  apply(args) {
    return arrayArg(this.name, args, 0).length;
  },
};
