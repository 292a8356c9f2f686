// The only pickle globals we accept: the ones NumPy arrays are rebuilt from. Everything else is refused.
import type { AllowedGlobal, DType, NdArray, PickleValue } from './values.js';
import { isTagged } from './values.js';

type Rebuild = (args: PickleValue[]) => PickleValue;

const reconstruct: Rebuild = () =>
  ({ kind: 'ndarray', shape: [], dtype: 'u1', data: new Uint8Array(0) }) satisfies NdArray;

const dtype: Rebuild = (args) => {
  const [name] = args;
  if (typeof name !== 'string' && !(name instanceof Uint8Array))
    throw new Error('numpy.dtype expects a type name');
  const text = typeof name === 'string' ? name : Buffer.from(name).toString('latin1');
  return { kind: 'dtype', name: text, byteOrder: '|' } satisfies DType;
};

/** Python 3 pickles bytes for protocol 2 as `_codecs.encode(text, 'latin1')`. */
const codecsEncode: Rebuild = (args) => {
  const [text, encoding] = args;
  if (typeof text !== 'string') throw new Error('_codecs.encode expects a string');
  const name = typeof encoding === 'string' ? encoding.toLowerCase() : 'utf-8';
  if (name !== 'latin1' && name !== 'latin-1' && name !== 'iso-8859-1')
    throw new Error(`unsupported codec ${name}`);
  return new Uint8Array(Buffer.from(text, 'latin1'));
};

const ndarrayClass: Rebuild = () => {
  throw new Error('numpy.ndarray cannot be called directly');
};

const TABLE: Readonly<Record<string, Rebuild>> = {
  'numpy.core.multiarray._reconstruct': reconstruct,
  'numpy._core.multiarray._reconstruct': reconstruct,
  'numpy.ndarray': ndarrayClass,
  'numpy.dtype': dtype,
  '_codecs.encode': codecsEncode,
};

export function lookupGlobal(module: string, name: string): AllowedGlobal | undefined {
  const qualified = `${module}.${name}`;
  const call = TABLE[qualified];
  return call ? { kind: 'global', name: qualified, call } : undefined;
}

/** Applies a BUILD state to the objects that accept one (ndarray and dtype); refuses the rest. */
export function applyState(target: PickleValue, state: PickleValue): void {
  if (isTagged(target, 'dtype')) {
    const items = isTagged(state, 'tuple') ? state.items : [];
    const order = items[1];
    if (typeof order === 'string') target.byteOrder = order;
    return;
  }
  if (isTagged(target, 'ndarray')) {
    buildNdArray(target, state);
    return;
  }
  throw new Error('BUILD is only allowed on numpy arrays and dtypes');
}

/** ndarray state: (version, shape, dtype, is_fortran, raw bytes). */
function buildNdArray(target: NdArray, state: PickleValue): void {
  if (!isTagged(state, 'tuple') || state.items.length < 5) throw new Error('unexpected ndarray state');
  const [, shape, type, fortran, raw] = state.items;
  if (!isTagged(shape as PickleValue, 'tuple')) throw new Error('ndarray shape must be a tuple');
  if (!isTagged(type as PickleValue, 'dtype')) throw new Error('ndarray dtype missing');
  if (fortran === true) throw new Error('Fortran-ordered arrays are not supported');
  const dims = (shape as { items: PickleValue[] }).items.map(Number);
  const data = typeof raw === 'string' ? new Uint8Array(Buffer.from(raw, 'latin1')) : raw;
  if (!(data instanceof Uint8Array)) throw new Error('ndarray data must be bytes');
  const dt = type as DType;
  const itemSize = Number(/\d+$/.exec(dt.name)?.[0] ?? '1');
  if (dims.reduce((a, b) => a * b, 1) * itemSize !== data.byteLength)
    throw new Error('ndarray data does not match its shape');
  target.shape = dims;
  target.dtype = dt.name;
  target.data = data;
}
