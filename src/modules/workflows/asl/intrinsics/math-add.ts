// States.MathAdd: sum of two numbers, each first rounded to an integer (as AWS does: 1.5 -> 2, -1.5 -> -1).
import { type IntrinsicFunction, numberArg } from './definition.js';

export const mathAdd: IntrinsicFunction = {
  name: 'States.MathAdd',
  minArgs: 2,
  maxArgs: 2,
  apply(args) {
    return Math.round(numberArg(this.name, args, 0)) + Math.round(numberArg(this.name, args, 1));
  },
};
