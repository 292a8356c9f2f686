// The table of intrinsic functions by name.
import { array } from './array.js';
import { arrayContains } from './array-contains.js';
import { arrayGetItem } from './array-get-item.js';
import { arrayLength } from './array-length.js';
import { arrayPartition } from './array-partition.js';
import { arrayRange } from './array-range.js';
import { arrayUnique } from './array-unique.js';
import { base64Decode } from './base64-decode.js';
import { base64Encode } from './base64-encode.js';
import type { IntrinsicFunction } from './definition.js';
import { format } from './format.js';
import { hash } from './hash.js';
import { jsonMerge } from './json-merge.js';
import { jsonToString } from './json-to-string.js';
import { mathAdd } from './math-add.js';
import { mathRandom } from './math-random.js';
import { stringSplit } from './string-split.js';
import { stringToJson } from './string-to-json.js';
import { uuid } from './uuid.js';

export const INTRINSICS: ReadonlyMap<string, IntrinsicFunction> = new Map(
  [
    format,
    stringToJson,
    jsonToString,
    array,
    arrayPartition,
    arrayContains,
    arrayRange,
    arrayGetItem,
    arrayLength,
    arrayUnique,
    base64Encode,
    base64Decode,
    hash,
    jsonMerge,
    mathRandom,
    mathAdd,
    stringSplit,
    uuid,
  ].map((fn) => [fn.name, fn]),
);
