// Pickles with forbidden globals and hostile opcodes in CIFAR-100 python archives, fed to dataset preparation
// (the path `scones data prepare --source <archive>` takes). The reader never runs code: each is a typed refusal.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { silentProgress } from '../../../src/kernel/progress.js';
import { packTarGz } from '../../support/archives.js';
import { type HostileCase, hostileSuite } from '../support/hostile-cases.js';
import {
  BUILD,
  call,
  dictOfLists,
  EMPTY_DICT,
  global,
  MARK,
  PROTO2,
  REDUCE,
  STOP,
  stackGlobal,
  str,
  TUPLE1,
} from '../support/pickles.js';

const META = dictOfLists({ fine_label_names: ['bicycle', 'motorcycle'] });
const FORBIDDEN = { code: 'DATASET_PICKLE_FORBIDDEN_GLOBAL' } as const;
const INVALID = { code: 'DATASET_PICKLE_INVALID' } as const;

const GLOBALS: readonly (readonly [string, string])[] = [
  ['os', 'system'],
  ['posix', 'system'],
  ['nt', 'system'],
  ['builtins', 'eval'],
  ['builtins', 'exec'],
  ['builtins', '__import__'],
  ['builtins', 'getattr'],
  ['__builtin__', 'eval'],
  ['subprocess', 'Popen'],
  ['subprocess', 'check_output'],
  ['pty', 'spawn'],
  ['shutil', 'rmtree'],
  ['webbrowser', 'open'],
  ['copyreg', '_reconstructor'],
  ['functools', 'partial'],
  ['operator', 'attrgetter'],
  ['numpy.testing._private.utils', 'runstring'],
  ['numpy', 'load'],
  ['numpy.core.multiarray', 'scalar'],
  ['torch', 'load'],
];

const global_cases = GLOBALS.map(([module, name]) => ({
  what: `${module}.${name} called through GLOBAL + REDUCE`,
  bytes: call(module, name, 'touch /tmp/scones-pickle-pwned'),
  refuse: FORBIDDEN,
}));

const OTHERS: readonly { what: string; bytes: Buffer; refuse: { code: string } }[] = [
  {
    what: 'os.system through STACK_GLOBAL (protocol 4)',
    bytes: Buffer.concat([
      Buffer.from([0x80, 0x04]),
      stackGlobal('os', 'system'),
      str('id'),
      TUPLE1,
      REDUCE,
      STOP,
    ]),
    refuse: FORBIDDEN,
  },
  {
    what: 'os.system through INST',
    bytes: Buffer.concat([PROTO2, MARK, str('id'), Buffer.from('ios\nsystem\n', 'latin1'), STOP]),
    // INST is not among the opcodes the reader knows: refused before its global is even looked up.
    refuse: INVALID,
  },
  {
    what: 'os.system through OBJ',
    bytes: Buffer.concat([PROTO2, MARK, global('os', 'system'), str('id'), Buffer.from('o'), STOP]),
    refuse: FORBIDDEN,
  },
  {
    what: 'subprocess.Popen through NEWOBJ',
    bytes: Buffer.concat([
      PROTO2,
      global('subprocess', 'Popen'),
      str('id'),
      TUPLE1,
      Buffer.from([0x81]),
      STOP,
    ]),
    refuse: FORBIDDEN,
  },
  {
    what: 'an extension-registry global (EXT1)',
    bytes: Buffer.concat([PROTO2, Buffer.from([0x82, 0x01]), STOP]),
    refuse: INVALID,
  },
  {
    what: 'a persistent id (PERSID)',
    bytes: Buffer.concat([PROTO2, Buffer.from('Pos.system\n', 'latin1'), STOP]),
    refuse: INVALID,
  },
  {
    what: 'a persistent id (BINPERSID)',
    bytes: Buffer.concat([PROTO2, str('x'), Buffer.from('Q'), STOP]),
    refuse: INVALID,
  },
  {
    what: '_codecs.encode asked for another codec',
    bytes: Buffer.concat([
      PROTO2,
      global('_codecs', 'encode'),
      MARK,
      str('x'),
      str('rot13'),
      Buffer.from('t'),
      REDUCE,
      STOP,
    ]),
    refuse: INVALID,
  },
  {
    what: 'BUILD on a dict (__setstate__ gadget)',
    bytes: Buffer.concat([PROTO2, EMPTY_DICT, EMPTY_DICT, BUILD, STOP]),
    refuse: INVALID,
  },
  { what: 'a truncated pickle', bytes: call('os', 'system', 'id').subarray(0, 12), refuse: INVALID },
  {
    what: 'a BINUNICODE8 claiming 2^62 bytes',
    bytes: Buffer.concat([PROTO2, Buffer.from([0x8d, 0, 0, 0, 0, 0, 0, 0, 0x40]), STOP]),
    refuse: INVALID,
  },
  {
    what: 'a FRAME claiming 2^56 bytes',
    bytes: Buffer.concat([Buffer.from([0x80, 0x04, 0x95, 0, 0, 0, 0, 0, 0, 0, 1]), STOP]),
    refuse: INVALID,
  },
  {
    what: 'a LONG4 claiming 2 GB',
    bytes: Buffer.concat([PROTO2, Buffer.from([0x8b, 0xff, 0xff, 0xff, 0x7f]), STOP]),
    refuse: INVALID,
  },
  { what: 'an unknown opcode', bytes: Buffer.concat([PROTO2, Buffer.from([0xff]), STOP]), refuse: INVALID },
  {
    what: 'a stack underflow (REDUCE on nothing)',
    bytes: Buffer.concat([PROTO2, REDUCE, STOP]),
    refuse: INVALID,
  },
  {
    what: 'a memo reference that was never stored',
    bytes: Buffer.concat([PROTO2, Buffer.from([0x68, 0x07]), STOP]),
    refuse: INVALID,
  },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scones-pickles-'));
});
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
});

function archiveCase(what: string, members: Record<string, Buffer>, refuse: { code: string }): HostileCase {
  return {
    name: `data prepare of an archive whose ${what}`,
    act: async (server) => {
      const file = path.join(dir, `${what.replace(/[^a-z0-9]+/gi, '-')}.tar.gz`);
      await writeFile(
        file,
        await packTarGz(
          Object.entries(members).map(([name, bytes]) => ({ name: `cifar-100-python/${name}`, bytes })),
        ),
      );
      try {
        await server.app.datasets.prepare(
          { source: file, classes: ['bicycle', 'motorcycle'], bucket: 'prepared' },
          silentProgress,
        );
        return { thrown: new Error('the archive was accepted') };
      } catch (error) {
        return { thrown: error };
      }
    },
    refuse,
  };
}

const cases: HostileCase[] = [...global_cases, ...OTHERS].flatMap(({ what, bytes, refuse }) => [
  archiveCase(`meta pickle holds ${what}`, { meta: bytes, train: META, test: META }, refuse),
  archiveCase(`train pickle holds ${what}`, { meta: META, train: bytes, test: META }, refuse),
]);

export const suite = hostileSuite('pickles with forbidden globals', cases);
