// States.StringSplit: splits on any of the delimiter characters and drops empty pieces.
import { type IntrinsicFunction, stringArg } from './definition.js';

export const stringSplit: IntrinsicFunction = {
  name: 'States.StringSplit',
  minArgs: 2,
  maxArgs: 2,
  apply(args) {
    const text = stringArg(this.name, args, 0);
    const delimiters = new Set(stringArg(this.name, args, 1));
    const pieces: string[] = [];
    let current = '';
    for (const c of text) {
      if (delimiters.has(c)) {
        if (current !== '') pieces.push(current);
        current = '';
      } else {
        current += c;
      }
    }
    if (current !== '') pieces.push(current);
    return pieces;
  },
};
