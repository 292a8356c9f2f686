// Minimal protocol-buffers encoding: the field kinds an ONNX model uses.

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

const tag = (field: number, wire: number) => varint((field << 3) | wire);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Field encoders; a message is the concatenation of its fields. */
export const pb = {
  int(field: number, value: number | bigint): Uint8Array {
    return new Uint8Array([...tag(field, 0), ...varint(value)]);
  },
  ints(field: number, values: readonly (number | bigint)[]): Uint8Array {
    return concatBytes(values.map((v) => pb.int(field, v)));
  },
  float(field: number, value: number): Uint8Array {
    const out = new Uint8Array([...tag(field, 5), 0, 0, 0, 0]);
    new DataView(out.buffer).setFloat32(out.length - 4, value, true);
    return out;
  },
  bytes(field: number, value: Uint8Array): Uint8Array {
    return concatBytes([new Uint8Array([...tag(field, 2), ...varint(value.length)]), value]);
  },
  string(field: number, value: string): Uint8Array {
    return pb.bytes(field, new TextEncoder().encode(value));
  },
  message(field: number, fields: readonly Uint8Array[]): Uint8Array {
    return pb.bytes(field, concatBytes(fields));
  },
};
