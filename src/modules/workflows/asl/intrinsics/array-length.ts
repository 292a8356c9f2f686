// States.ArrayLength: the number of items in an array.
import { ARRAY, intrinsic } from './definition.js';

export const arrayLength = intrinsic('States.ArrayLength', [ARRAY], ([items]) => items.length);
