// Our pickle reader against byte strings CPython 3.11 / NumPy wrote (protocols 2 and 4), and hostile input.
import { describe, expect, it } from 'vitest';
import {
  DATASET_ERROR_CODES as CODES,
  type PickleValue,
  unpickle,
} from '../../../src/modules/datasets/index.js';

// pickle.dumps({'a':[1,2,3],'b':(1,'x'),'c':2**70,'d':-5,'e':1.5,'f':None,'g':True,'h':b'bytes',
//               'i':[{'n':300},{'n':70000}],'j':'é'}, protocol=P)
const PLAIN_P2 =
  '80027d71002858010000006171015d7102284b014b024b036558010000006271034b01580100000078710486710558010000006371068a0900000000000000004058010000006471074afbffffff5801000000657108473ff800000000000058010000006671094e580100000067710a88580100000068710b635f636f646563730a656e636f64650a710c58050000006279746573710d58060000006c6174696e31710e86710f52711058010000006971115d7112287d711358010000006e71144d2c01737d711568144a70110100736558010000006a71165802000000c3a97117752e';
const PLAIN_P4 =
  '8004957f000000000000007d94288c0161945d94284b014b024b03658c0162944b018c01789486948c0163948a090000000000000000408c0164944afbffffff8c016594473ff80000000000008c0166944e8c016794888c01689443056279746573948c0169945d94287d948c016e944d2c01737d9468104a7011010073658c016a948c02c3a994752e';
// pickle.dumps({'data': np.arange(6, dtype=np.uint8).reshape(2, 3)}, protocol=P)
const NUMPY_P2 =
  '80027d71005804000000646174617101636e756d70792e5f636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7102636e756d70790a6e6461727261790a71034b00857104635f636f646563730a656e636f64650a7105580100000062710658060000006c6174696e31710786710852710987710a52710b284b014b024b0386710c636e756d70790a64747970650a710d58020000007531710e898887710f527110284b0358010000007c71114e4e4e4affffffff4affffffff4b007471126289680558060000000001020304057113680786711452711574711662732e';
const NUMPY_P4 =
  '8004959b000000000000007d948c0464617461948c166e756d70792e5f636f72652e6d756c74696172726179948c0c5f7265636f6e7374727563749493948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b014b024b03869468058c0564747970659493948c02753194898887945294284b038c017c944e4e4e4affffffff4affffffff4b0074946289430600010203040594749462732e';

const read = (hex: string) => unpickle(Buffer.from(hex, 'hex'), 'test') as Map<string, PickleValue>;

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('expected a failure');
}

describe('unpickle', () => {
  for (const [protocol, hex] of [
    ['2', PLAIN_P2],
    ['4', PLAIN_P4],
  ] as const) {
    it(`reads plain values written with protocol ${protocol}`, () => {
      const value = read(hex);
      expect(value.get('a')).toEqual([1, 2, 3]);
      expect(value.get('b')).toEqual({ kind: 'tuple', items: [1, 'x'] });
      expect(value.get('c')).toBe(2n ** 70n);
      expect(value.get('d')).toBe(-5);
      expect(value.get('e')).toBe(1.5);
      expect(value.get('f')).toBeNull();
      expect(value.get('g')).toBe(true);
      expect(Buffer.from(value.get('h') as Uint8Array).toString()).toBe('bytes');
      expect(value.get('i')).toEqual([new Map([['n', 300]]), new Map([['n', 70000]])]);
      expect(value.get('j')).toBe('é');
    });
  }

  for (const [protocol, hex] of [
    ['2', NUMPY_P2],
    ['4', NUMPY_P4],
  ] as const) {
    it(`rebuilds a NumPy uint8 array written with protocol ${protocol}`, () => {
      const array = read(hex).get('data');
      expect(array).toMatchObject({ kind: 'ndarray', shape: [2, 3], dtype: 'u1' });
      expect([...(array as { data: Uint8Array }).data]).toEqual([0, 1, 2, 3, 4, 5]);
    });
  }

  it('refuses globals outside the NumPy allow-list, naming them', () => {
    const evil = Buffer.from('\x80\x02csubprocess\ncheck_output\nq\x00.', 'latin1');
    expect(codeOf(() => unpickle(evil, 'evil'))).toBe(CODES.PICKLE_FORBIDDEN_GLOBAL);
    const stackGlobal = Buffer.from('\x80\x04\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94.', 'latin1');
    expect(codeOf(() => unpickle(stackGlobal, 'evil'))).toBe(CODES.PICKLE_FORBIDDEN_GLOBAL);
  });

  it('refuses truncated, unknown and ill-formed pickles with the byte offset', () => {
    expect(codeOf(() => unpickle(Buffer.from(PLAIN_P2.slice(0, 100), 'hex'), 't'))).toBe(
      CODES.PICKLE_INVALID,
    );
    expect(codeOf(() => unpickle(Buffer.from('\x80\x02\xff.', 'latin1'), 't'))).toBe(CODES.PICKLE_INVALID);
    expect(codeOf(() => unpickle(Buffer.from('0.', 'latin1'), 't'))).toBe(CODES.PICKLE_INVALID);
    expect(codeOf(() => unpickle(Buffer.from('K\x01K\x02R.', 'latin1'), 't'))).toBe(CODES.PICKLE_INVALID);
    expect(codeOf(() => unpickle(Buffer.from('T\xff\xff\xff\xff.', 'latin1'), 't'))).toBe(
      CODES.PICKLE_INVALID,
    );
    expect(codeOf(() => unpickle(new Uint8Array(0), 't'))).toBe(CODES.PICKLE_INVALID);
  });

  it('survives random bytes and mutated real pickles without crashing or hanging', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const base = Buffer.from(NUMPY_P2, 'hex');
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(base);
      for (let j = 0; j < 1 + Math.floor(random() * 4); j++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      try {
        unpickle(bytes, 'fuzz');
      } catch (error) {
        expect(Object.values(CODES)).toContain((error as { code?: string }).code);
      }
    }
  });
});
