// A small, safe pickle reader: plain data and NumPy arrays only. It never runs code and refuses unknown globals.
import { datasetError } from '../errors.js';
import { applyState, lookupGlobal } from './allowed-globals.js';
import { isTagged, type PickleValue } from './values.js';

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  take(count: number): Uint8Array {
    if (count < 0 || this.offset + count > this.bytes.length)
      throw new Error('pickle ends early (truncated data)');
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }
  u8 = () => this.take(1)[0] as number;
  u16 = () => Buffer.from(this.take(2)).readUInt16LE(0);
  u32 = () => Buffer.from(this.take(4)).readUInt32LE(0);
  i32 = () => Buffer.from(this.take(4)).readInt32LE(0);
  u64 = () => Number(Buffer.from(this.take(8)).readBigUInt64LE(0));
  line(): string {
    const end = this.bytes.indexOf(0x0a, this.offset);
    if (end < 0) throw new Error('pickle ends early (unterminated line)');
    return Buffer.from(this.take(end - this.offset + 1))
      .toString('latin1')
      .slice(0, -1);
  }
}

/** Parses one pickle. `what` names the input in errors (e.g. the archive member). */
export function unpickle(bytes: Uint8Array, what: string): PickleValue {
  const machine = new Machine(new Reader(bytes));
  try {
    return machine.run();
  } catch (error) {
    if ((error as { code?: string }).code) throw error;
    throw datasetError(
      'PICKLE_INVALID',
      `${what}: not a readable pickle at byte ${machine.position}: ${(error as Error).message}`,
      {
        what,
        offset: machine.position,
      },
    );
  }
}

class Machine {
  readonly stack: StackItem[] = [];
  readonly memo = new Map<number, PickleValue>();
  position = 0;
  constructor(private readonly reader: Reader) {}

  run(): PickleValue {
    for (;;) {
      this.position = this.reader.offset;
      const op = this.reader.u8();
      if (op === 0x2e /* STOP */) return this.pop();
      this.execute(op);
    }
  }

  execute(op: number): void {
    const r = this.reader;
    const handler = OPCODES[op];
    if (!handler) throw new Error(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
    handler(this, r);
  }

  push(value: StackItem): void {
    this.stack.push(value);
  }

  pop(): PickleValue {
    const value = this.stack.pop();
    if (value === undefined || value === MARK) throw new Error('stack underflow');
    return value;
  }

  top(): PickleValue {
    const value = this.stack.at(-1);
    if (value === undefined || value === MARK) throw new Error('stack underflow');
    return value;
  }

  popMark(): PickleValue[] {
    const at = this.stack.lastIndexOf(MARK);
    if (at < 0) throw new Error('no MARK on the stack');
    const items = this.stack.splice(at) as PickleValue[];
    items.shift();
    return items;
  }

  remember(index: number): void {
    this.memo.set(index, this.top());
  }

  recall(index: number): void {
    const value = this.memo.get(index);
    if (value === undefined) throw new Error(`memo entry ${index} missing`);
    this.push(value);
  }

  global(module: string, name: string): void {
    const found = lookupGlobal(module, name);
    if (!found) {
      throw datasetError(
        'PICKLE_FORBIDDEN_GLOBAL',
        `refusing pickle global ${module}.${name} at byte ${this.position}: only NumPy array data may be loaded`,
        { global: `${module}.${name}`, offset: this.position },
      );
    }
    this.push(found);
  }
}

type Op = (m: Machine, r: Reader) => void;

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

function dictKey(key: PickleValue): string {
  if (typeof key === 'string') return key;
  if (key instanceof Uint8Array) return latin1(key);
  if (typeof key === 'number' || typeof key === 'bigint') return String(key);
  throw new Error('unsupported dict key type');
}

function setItems(target: PickleValue, items: PickleValue[]): void {
  if (!(target instanceof Map)) throw new Error('SETITEMS on a non-dict');
  for (let i = 0; i + 1 < items.length; i += 2)
    target.set(dictKey(items[i] as PickleValue), items[i + 1] as PickleValue);
}

function appendItems(target: PickleValue, items: PickleValue[]): void {
  if (!Array.isArray(target)) throw new Error('APPENDS on a non-list');
  for (const item of items) target.push(item);
}

function call(callable: PickleValue, args: PickleValue): PickleValue {
  if (!isTagged(callable, 'global')) throw new Error('REDUCE on a value that is not an allowed global');
  if (!isTagged(args, 'tuple')) throw new Error('REDUCE arguments must be a tuple');
  return callable.call(args.items);
}

function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  if ((bytes[bytes.length - 1] as number) & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

const tuple = (items: PickleValue[]): PickleValue => ({ kind: 'tuple', items });

const OPCODES: Partial<Record<number, Op>> = {
  128: (_m, r) => void r.u8(), // PROTO
  149: (_m, r) => void r.take(8), // FRAME
  40: (m) => m.push(MARK), // MARK
  48: (m) => void m.pop(), // POP
  49: (m) => void m.popMark(), // POP_MARK
  50: (m) => m.push(m.top()), // DUP
  78: (m) => m.push(null), // NONE
  136: (m) => m.push(true), // NEWTRUE
  137: (m) => m.push(false), // NEWFALSE
  74: (m, r) => m.push(r.i32()), // BININT
  75: (m, r) => m.push(r.u8()), // BININT1
  77: (m, r) => m.push(r.u16()), // BININT2
  138: (m, r) => m.push(decodeLong(r.take(r.u8()))), // LONG1
  139: (m, r) => m.push(decodeLong(r.take(r.u32()))), // LONG4
  71: (m, r) => m.push(Buffer.from(r.take(8)).readDoubleBE(0)), // BINFLOAT
  84: (m, r) => m.push(r.take(r.i32()).slice()), // BINSTRING (Python 2 str: bytes)
  85: (m, r) => m.push(r.take(r.u8()).slice()), // SHORT_BINSTRING
  66: (m, r) => m.push(r.take(r.u32()).slice()), // BINBYTES
  67: (m, r) => m.push(r.take(r.u8()).slice()), // SHORT_BINBYTES
  142: (m, r) => m.push(r.take(r.u64()).slice()), // BINBYTES8
  88: (m, r) => m.push(utf8(r.take(r.u32()))), // BINUNICODE
  140: (m, r) => m.push(utf8(r.take(r.u8()))), // SHORT_BINUNICODE
  141: (m, r) => m.push(utf8(r.take(r.u64()))), // BINUNICODE8
  125: (m) => m.push(new Map()), // EMPTY_DICT
  93: (m) => m.push([]), // EMPTY_LIST
  41: (m) => m.push(tuple([])), // EMPTY_TUPLE
  116: (m) => m.push(tuple(m.popMark())), // TUPLE
  133: (m) => m.push(tuple([m.pop()])), // TUPLE1
  134: (m) => {
    const b = m.pop();
    m.push(tuple([m.pop(), b]));
  }, // TUPLE2
  135: (m) => {
    const c = m.pop();
    const b = m.pop();
    m.push(tuple([m.pop(), b, c]));
  }, // TUPLE3
  108: (m) => m.push(m.popMark()), // LIST
  100: (m) => {
    const dict = new Map<string, PickleValue>();
    setItems(dict, m.popMark());
    m.push(dict);
  }, // DICT
  97: (m) => {
    const item = m.pop();
    appendItems(m.top(), [item]);
  }, // APPEND
  101: (m) => {
    const items = m.popMark();
    appendItems(m.top(), items);
  }, // APPENDS
  115: (m) => {
    const value = m.pop();
    const key = m.pop();
    setItems(m.top(), [key, value]);
  }, // SETITEM
  117: (m) => {
    const items = m.popMark();
    setItems(m.top(), items);
  }, // SETITEMS
  113: (m, r) => m.remember(r.u8()), // BINPUT
  114: (m, r) => m.remember(r.u32()), // LONG_BINPUT
  148: (m) => m.remember(m.memo.size), // MEMOIZE
  112: (m, r) => m.remember(Number(r.line())), // PUT
  104: (m, r) => m.recall(r.u8()), // BINGET
  106: (m, r) => m.recall(r.u32()), // LONG_BINGET
  103: (m, r) => m.recall(Number(r.line())), // GET
  99: (m, r) => {
    const module = r.line();
    m.global(module, r.line());
  }, // GLOBAL
  147: (m) => {
    const name = m.pop();
    const module = m.pop();
    if (typeof module !== 'string' || typeof name !== 'string')
      throw new Error('STACK_GLOBAL needs two strings');
    m.global(module, name);
  }, // STACK_GLOBAL
  82: (m) => {
    const args = m.pop();
    m.push(call(m.pop(), args));
  }, // REDUCE
  129: (m) => {
    const args = m.pop();
    m.push(call(m.pop(), args));
  }, // NEWOBJ
  98: (m) => {
    const state = m.pop();
    applyState(m.top(), state);
  }, // BUILD
};
