// States.ArrayGetItem: the item at an index.
import { intrinsicError } from '../errors.js';
import { ARRAY, INTEGER, intrinsic } from './definition.js';

export const arrayGetItem = intrinsic('States.ArrayGetItem', [ARRAY, INTEGER], ([items, index]) => {
  const item = index >= 0 ? items[index] : undefined;
  if (item === undefined) {
    throw intrinsicError(`Index ${index} is out of bounds for an array of length ${items.length}`);
  }
  return item;
});
