// The values our pickle reader produces: plain data only, never live objects.

/** A NumPy array rebuilt from its pickled state: raw bytes plus dtype and shape. */
export interface NdArray {
  readonly kind: 'ndarray';
  shape: number[];
  dtype: string;
  data: Uint8Array;
}

/** A NumPy dtype as pickled (`dtype('u1')` then its state). */
export interface DType {
  readonly kind: 'dtype';
  readonly name: string;
  byteOrder: string;
}

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleTuple
  | Map<string, PickleValue>
  | NdArray
  | DType
  | AllowedGlobal;

/** Tuples are arrays tagged so they can be told from lists. */
export interface PickleTuple {
  readonly kind: 'tuple';
  readonly items: PickleValue[];
}

/** A reference to one of the few globals we allow, resolved to our own rebuild function. */
export interface AllowedGlobal {
  readonly kind: 'global';
  readonly name: string;
  call(args: PickleValue[]): PickleValue;
}

export function isTagged<K extends string>(
  value: PickleValue,
  kind: K,
): value is Extract<PickleValue, { kind: K }> {
  return typeof value === 'object' && value !== null && 'kind' in value && value.kind === kind;
}
