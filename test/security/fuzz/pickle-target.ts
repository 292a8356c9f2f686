// Pickle reader fuzz target: damaged pickles (plain data, NumPy arrays, forbidden globals) give a value or a
// DATASET_PICKLE_* error; nothing else escapes and nothing runs.
import { unpickle } from '../../../src/modules/datasets/index.js';
import { call, dictOfLists, PROTO2, STOP, str } from '../support/pickles.js';
import { type FuzzFailure, fuzz, mutateBytes } from './fuzz-kit.js';

/** A NumPy uint8 array of shape (2, 3), pickled as numpy does with protocol 2. */
const NDARRAY = Buffer.concat([
  PROTO2,
  Buffer.from('cnumpy.core.multiarray\n_reconstruct\n', 'latin1'),
  Buffer.from('cnumpy\nndarray\n', 'latin1'),
  Buffer.from([0x4b, 0x00, 0x85]),
  Buffer.from('C', 'latin1'),
  Buffer.from([0x87, 0x52]),
  Buffer.from([0x28, 0x4b, 0x01, 0x4b, 0x02, 0x4b, 0x03, 0x86]),
  Buffer.from('cnumpy\ndtype\n', 'latin1'),
  str('u1'),
  Buffer.from([0x89, 0x88, 0x87, 0x52]),
  Buffer.from([0x28, 0x4b, 0x03]),
  str('|'),
  Buffer.from([
    0x4e, 0x4e, 0x4e, 0x4a, 0xff, 0xff, 0xff, 0xff, 0x4a, 0xff, 0xff, 0xff, 0xff, 0x4b, 0x00, 0x74, 0x62,
  ]),
  Buffer.from([0x89]),
  Buffer.from([0x43, 0x06, 1, 2, 3, 4, 5, 6]),
  Buffer.from([0x74, 0x62]),
  STOP,
]);

const SEEDS = [
  dictOfLists({ fine_label_names: ['bicycle', 'motorcycle'], filenames: ['a.png', 'b.png'] }),
  NDARRAY,
  call('os', 'system', 'id'),
  Buffer.concat([
    PROTO2,
    Buffer.from([0x5d, 0x28, 0x4b, 0x01, 0x4a, 0xff, 0xff, 0xff, 0x7f, 0x47]),
    Buffer.alloc(8, 0x40),
    Buffer.from([0x88, 0x89, 0x4e, 0x65]),
    STOP,
  ]),
];

export function fuzzPickles(seed: number, count: number): Promise<FuzzFailure[]> {
  return fuzz({
    seed,
    count,
    generate: (rng) => mutateBytes(rng, rng.pick(SEEDS)),
    show: (bytes) => Buffer.from(bytes).toString('hex'),
    accept: (error) => /^DATASET_PICKLE_/.test((error as { code?: string }).code ?? ''),
    target: (bytes) => unpickle(bytes, 'fuzz'),
  });
}
