// Assembles a small WebAssembly module (flat text instructions, SIMD included) that imports an existing memory.

export type ValType = 'i32' | 'f32' | 'f64' | 'v128';

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly (readonly [string, ValType])[];
  readonly locals?: readonly (readonly [string, ValType])[];
  readonly results?: readonly ValType[];
  /** Flat instructions, one mnemonic and its immediates; `;;` starts a comment; labels and locals are `$names`. */
  readonly body: string;
}

type Immediate =
  | 'none'
  | 'local'
  | 'label'
  | 'block'
  | 'memarg'
  | 'i32'
  | 'f32'
  | 'lane'
  | 'shuffle'
  | 'func';

interface OpInfo {
  readonly code: readonly number[];
  readonly imm: Immediate;
  /** Natural alignment (log2 bytes) of loads and stores. */
  readonly align?: number;
}

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

const simd = (code: number, imm: Immediate = 'none', align?: number): OpInfo => ({
  code: [0xfd, ...uleb(code)],
  imm,
  ...(align === undefined ? {} : { align }),
});
const op = (code: number, imm: Immediate = 'none', align?: number): OpInfo => ({
  code: [code],
  imm,
  ...(align === undefined ? {} : { align }),
});

const OPS: Record<string, OpInfo> = {
  block: op(0x02, 'block'),
  loop: op(0x03, 'block'),
  if: op(0x04, 'block'),
  else: op(0x05),
  end: op(0x0b),
  br: op(0x0c, 'label'),
  br_if: op(0x0d, 'label'),
  return: op(0x0f),
  call: op(0x10, 'func'),
  drop: op(0x1a),
  select: op(0x1b),
  'local.get': op(0x20, 'local'),
  'local.set': op(0x21, 'local'),
  'local.tee': op(0x22, 'local'),
  'i32.load': op(0x28, 'memarg', 2),
  'f32.load': op(0x2a, 'memarg', 2),
  'f64.load': op(0x2b, 'memarg', 3),
  'i32.store': op(0x36, 'memarg', 2),
  'f32.store': op(0x38, 'memarg', 2),
  'f64.store': op(0x39, 'memarg', 3),
  'i32.const': op(0x41, 'i32'),
  'f32.const': op(0x43, 'f32'),
  'i32.eqz': op(0x45),
  'i32.eq': op(0x46),
  'i32.ne': op(0x47),
  'i32.lt_s': op(0x48),
  'i32.lt_u': op(0x49),
  'i32.gt_s': op(0x4a),
  'i32.gt_u': op(0x4b),
  'i32.le_s': op(0x4c),
  'i32.ge_s': op(0x4e),
  'i32.ge_u': op(0x4f),
  'f32.gt': op(0x5e),
  'i32.add': op(0x6a),
  'i32.sub': op(0x6b),
  'i32.mul': op(0x6c),
  'i32.div_u': op(0x6e),
  'i32.rem_u': op(0x70),
  'i32.and': op(0x71),
  'i32.or': op(0x72),
  'i32.shl': op(0x74),
  'i32.shr_u': op(0x76),
  'f32.abs': op(0x8b),
  'f32.sqrt': op(0x91),
  'f32.add': op(0x92),
  'f32.sub': op(0x93),
  'f32.mul': op(0x94),
  'f32.div': op(0x95),
  'f32.min': op(0x96),
  'f32.max': op(0x97),
  'f64.add': op(0xa0),
  'f64.sub': op(0xa1),
  'f64.mul': op(0xa2),
  'f32.demote_f64': op(0xb6),
  'f64.promote_f32': op(0xbb),
  'v128.load': simd(0x00, 'memarg', 4),
  'v128.store': simd(0x0b, 'memarg', 4),
  'i8x16.shuffle': simd(0x0d, 'shuffle'),
  'f32x4.splat': simd(0x13),
  'f32x4.extract_lane': simd(0x1f, 'lane'),
  'f32x4.replace_lane': simd(0x20, 'lane'),
  'f64x2.extract_lane': simd(0x21, 'lane'),
  'f32x4.eq': simd(0x41),
  'f32x4.lt': simd(0x43),
  'f32x4.gt': simd(0x44),
  'v128.not': simd(0x4d),
  'v128.and': simd(0x4e),
  'v128.or': simd(0x50),
  'v128.bitselect': simd(0x52),
  'f64x2.promote_low_f32x4': simd(0x5f),
  'f32x4.abs': simd(0xe0),
  'f32x4.neg': simd(0xe1),
  'f32x4.sqrt': simd(0xe3),
  'f32x4.add': simd(0xe4),
  'f32x4.sub': simd(0xe5),
  'f32x4.mul': simd(0xe6),
  'f32x4.div': simd(0xe7),
  'f32x4.min': simd(0xe8),
  'f32x4.max': simd(0xe9),
  'f64x2.add': simd(0xf0),
  'f64x2.mul': simd(0xf2),
};

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
const name = (text: string): number[] => [...uleb(utf8(text).length), ...utf8(text)];
const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

function f32Bytes(value: number): number[] {
  return [...new Uint8Array(new Float32Array([value]).buffer)];
}

interface Scope {
  readonly locals: ReadonlyMap<string, number>;
  readonly funcs: ReadonlyMap<string, number>;
  readonly labels: (string | undefined)[];
}

function fail(fn: string, message: string): never {
  throw new Error(`wasm assembler, function ${fn}: ${message}`);
}

/** Encodes one instruction and the immediates it takes from `tokens`, advancing the cursor. */
function encodeInstruction(fn: string, tokens: string[], cursor: { i: number }, scope: Scope): number[] {
  const mnemonic = tokens[cursor.i++] as string;
  const info = OPS[mnemonic] ?? fail(fn, `unknown instruction '${mnemonic}'`);
  const next = (): string => tokens[cursor.i++] ?? fail(fn, `'${mnemonic}' lacks an immediate`);
  const bytes = [...info.code];
  switch (info.imm) {
    case 'none':
      if (mnemonic === 'end') scope.labels.pop();
      return bytes;
    case 'block': {
      const label = tokens[cursor.i]?.startsWith('$') ? next() : undefined;
      scope.labels.push(label);
      return [...bytes, 0x40];
    }
    case 'label': {
      const label = next();
      const depth = scope.labels.length - 1 - scope.labels.lastIndexOf(label);
      if (depth >= scope.labels.length) fail(fn, `unknown label ${label}`);
      return [...bytes, ...uleb(depth)];
    }
    case 'local': {
      const local = next();
      const index = scope.locals.get(local) ?? fail(fn, `unknown local ${local}`);
      return [...bytes, ...uleb(index)];
    }
    case 'func': {
      const callee = next();
      return [...bytes, ...uleb(scope.funcs.get(callee) ?? fail(fn, `unknown function ${callee}`))];
    }
    case 'memarg': {
      let offset = 0;
      while (tokens[cursor.i]?.startsWith('offset=')) offset = Number(next().slice(7));
      return [...bytes, ...uleb(info.align ?? 0), ...uleb(offset)];
    }
    case 'i32':
      return [...bytes, ...sleb(Number(next()))];
    case 'f32':
      return [...bytes, ...f32Bytes(Number(next()))];
    case 'lane':
      return [...bytes, Number(next())];
    case 'shuffle':
      return [...bytes, ...Array.from({ length: 16 }, () => Number(next()))];
  }
}

function encodeBody(fn: WasmFunction, funcs: ReadonlyMap<string, number>): number[] {
  const names = [...fn.params, ...(fn.locals ?? [])].map(([n]) => `$${n}`);
  const scope: Scope = { locals: new Map(names.map((n, i) => [n, i])), funcs, labels: [] };
  const tokens = fn.body
    .replace(/;;[^\n]*/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const code: number[] = [];
  const cursor = { i: 0 };
  while (cursor.i < tokens.length) code.push(...encodeInstruction(fn.name, tokens, cursor, scope));
  if (scope.labels.length !== 0) fail(fn.name, 'unbalanced block/loop/if and end');
  const locals = (fn.locals ?? []).map(([, type]) => [1, VALTYPE[type]]);
  const body = [...vec(locals), ...code, 0x0b];
  return [...uleb(body.length), ...body];
}

/** Builds a module importing `env.memory` and exporting every function by name. */
export function assembleModule(functions: readonly WasmFunction[]): Uint8Array {
  const funcs = new Map(functions.map((f, i) => [`$${f.name}`, i]));
  const types = functions.map((f) => [
    0x60,
    ...vec(f.params.map(([, t]) => [VALTYPE[t]])),
    ...vec((f.results ?? []).map((t) => [VALTYPE[t]])),
  ]);
  const imports = [[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]];
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(functions.map((f) => encodeBody(f, funcs)))),
  ];
  return new Uint8Array(bytes);
}
