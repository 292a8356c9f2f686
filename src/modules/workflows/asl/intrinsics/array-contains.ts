// States.ArrayContains: whether an array holds a value (deep JSON equality).
import { jsonEquals } from '../json.js';
import { argAt, arrayArg, type IntrinsicFunction } from './definition.js';

export const arrayContains: IntrinsicFunction = {
  name: 'States.ArrayContains',
  minArgs: 2,
  maxArgs: 2,
  apply(args) {
    const items = arrayArg(this.name, args, 0);
    const needle = argAt(this.name, args, 1);
    return items.some((item) => jsonEquals(item, needle));
  },
};
