// Hand-assembled pickles (the opcodes Python's pickle writes) for hostile dataset archives.

const op = (code: number) => Buffer.from([code]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
};

export const PROTO2 = Buffer.from([0x80, 0x02]);
export const STOP = op(0x2e);
export const MARK = op(0x28);
export const REDUCE = op(0x52);
export const TUPLE1 = op(0x85);
export const BUILD = op(0x62);
export const EMPTY_DICT = op(0x7d);

/** BINUNICODE: a str. */
export function str(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([op(0x58), u32(bytes.length), bytes]);
}

/** GLOBAL `module name` (text protocol form). */
export function global(module: string, name: string): Buffer {
  return Buffer.from(`c${module}\n${name}\n`, 'latin1');
}

/** STACK_GLOBAL (protocol 4): module and name as SHORT_BINUNICODE on the stack. */
export function stackGlobal(module: string, name: string): Buffer {
  const short = (text: string) => Buffer.concat([op(0x8c), Buffer.from([text.length]), Buffer.from(text)]);
  return Buffer.concat([short(module), short(name), op(0x93)]);
}

/** `module.name(arg)` through GLOBAL + REDUCE: what `pickle.loads` would call. */
export function call(module: string, name: string, arg: string): Buffer {
  return Buffer.concat([PROTO2, global(module, name), str(arg), TUPLE1, REDUCE, STOP]);
}

/** A dict of str keys to lists of str, e.g. CIFAR-100's meta `{'fine_label_names': [...]}`. */
export function dictOfLists(entries: Readonly<Record<string, readonly string[]>>): Buffer {
  const parts: Buffer[] = [PROTO2, EMPTY_DICT, MARK];
  for (const [key, values] of Object.entries(entries))
    parts.push(str(key), op(0x5d), MARK, ...values.map(str), op(0x65));
  parts.push(op(0x75), STOP);
  return Buffer.concat(parts);
}
