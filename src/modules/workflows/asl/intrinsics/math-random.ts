// States.MathRandom: an integer in [start, end); an optional seed makes it repeatable.
import { intrinsicError } from '../errors.js';
import { seededRandom } from '../random.js';
import { type IntrinsicFunction, integerArg } from './definition.js';

export const mathRandom: IntrinsicFunction = {
  name: 'States.MathRandom',
  minArgs: 2,
  maxArgs: 3,
  apply(args, context) {
    const start = integerArg(this.name, args, 0);
    const end = integerArg(this.name, args, 1);
    if (end <= start) throw intrinsicError(`States.MathRandom needs start < end, got ${start} and ${end}`);
    const source = args.length === 3 ? seededRandom(String(integerArg(this.name, args, 2))) : context.random;
    return start + Math.floor(source.next() * (end - start));
  },
};
