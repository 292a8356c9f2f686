// States.MathRandom: an integer in [start, end); an optional seed makes it repeatable.
import { intrinsicError } from '../errors.js';
import { seededRandom } from '../random.js';
import { INTEGER, type IntrinsicFunction, typedArg } from './definition.js';

export const mathRandom: IntrinsicFunction = {
  name: 'States.MathRandom',
  minArgs: 2,
  maxArgs: 3,
  apply(args, context) {
    const start = typedArg(this.name, args, 0, INTEGER);
    const end = typedArg(this.name, args, 1, INTEGER);
    if (end <= start) throw intrinsicError(`States.MathRandom needs start < end, got ${start} and ${end}`);
    const source =
      args.length === 3 ? seededRandom(String(typedArg(this.name, args, 2, INTEGER))) : context.random;
    return start + Math.floor(source.next() * (end - start));
  },
};
