// States.ArrayRange: integers from start to end inclusive by step (at most 1000 items, as AWS limits).
import { intrinsicError } from '../errors.js';
import { type IntrinsicFunction, integerArg } from './definition.js';

const MAX_ITEMS = 1000;

export const arrayRange: IntrinsicFunction = {
  name: 'States.ArrayRange',
  minArgs: 3,
  maxArgs: 3,
  apply(args) {
    const start = integerArg(this.name, args, 0);
    const end = integerArg(this.name, args, 1);
    const step = integerArg(this.name, args, 2);
    if (step === 0) throw intrinsicError('The step of States.ArrayRange must not be 0');
    const count = Math.floor((end - start) / step) + 1;
    if (count > MAX_ITEMS) {
      throw intrinsicError(`States.ArrayRange would produce ${count} items; the limit is ${MAX_ITEMS}`);
    }
    return Array.from({ length: Math.max(0, count) }, (_, i) => start + i * step);
  },
};
