// States.ArrayContains: whether an array holds a value (deep JSON equality).
import { jsonEquals } from '../json.js';
import { ANY, ARRAY, intrinsic } from './definition.js';

export const arrayContains = intrinsic('States.ArrayContains', [ARRAY, ANY], ([items, needle]) =>
  items.some((item) => jsonEquals(item, needle)),
);
