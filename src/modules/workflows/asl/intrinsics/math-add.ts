// States.MathAdd: sum of two numbers, each first rounded to an integer (as AWS does: 1.5 -> 2, -1.5 -> -1).
import { intrinsic, NUMBER } from './definition.js';

export const mathAdd = intrinsic(
  'States.MathAdd',
  [NUMBER, NUMBER],
  ([a, b]) => Math.round(a) + Math.round(b),
);
