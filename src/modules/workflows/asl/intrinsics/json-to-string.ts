// States.JsonToString: compact JSON text of any value.
import { argAt, type IntrinsicFunction } from './definition.js';

export const jsonToString: IntrinsicFunction = {
  name: 'States.JsonToString',
  minArgs: 1,
  maxArgs: 1,
  apply(args) {
    return JSON.stringify(argAt(this.name, args, 0));
  },
};
