// States.ArrayRange: integers from start to end inclusive by step (at most 1000 items, as AWS limits).
import { intrinsicError } from '../errors.js';
import { INTEGER, intrinsic } from './definition.js';

const MAX_ITEMS = 1000;

export const arrayRange = intrinsic(
  'States.ArrayRange',
  [INTEGER, INTEGER, INTEGER],
  ([start, end, step]) => {
    if (step === 0) throw intrinsicError('The step of States.ArrayRange must not be 0');
    const count = Math.floor((end - start) / step) + 1;
    if (count > MAX_ITEMS) {
      throw intrinsicError(`States.ArrayRange would produce ${count} items; the limit is ${MAX_ITEMS}`);
    }
    return Array.from({ length: Math.max(0, count) }, (_, i) => start + i * step);
  },
);
