// States.ArrayGetItem: the item at an index.
import { intrinsicError } from '../errors.js';
import { arrayArg, type IntrinsicFunction, integerArg } from './definition.js';

export const arrayGetItem: IntrinsicFunction = {
  name: 'States.ArrayGetItem',
  minArgs: 2,
  maxArgs: 2,
  apply(args) {
    const items = arrayArg(this.name, args, 0);
    const index = integerArg(this.name, args, 1);
    const item = index >= 0 ? items[index] : undefined;
    if (item === undefined) {
      throw intrinsicError(`Index ${index} is out of bounds for an array of length ${items.length}`);
    }
    return item;
  },
};
