// States.ArrayPartition: splits an array into chunks of a given size (the last may be shorter).
import { intrinsicError } from '../errors.js';
import type { Json } from '../json.js';
import { ARRAY, INTEGER, intrinsic } from './definition.js';

export const arrayPartition = intrinsic('States.ArrayPartition', [ARRAY, INTEGER], ([items, size]) => {
  if (size <= 0)
    throw intrinsicError(`The chunk size of States.ArrayPartition must be positive, but was ${size}`);
  const chunks: Json[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
});
