// The last key copied of a table, kept in the target as text: JSON with bigint and binary values tagged, since
// JSON has neither and a key must come back exactly to resume after it.
export type KeyValue = bigint | number | string | Buffer | null;

type Encoded = { readonly int: string } | { readonly bytes: string } | number | string | null;

export function encodeKey(values: readonly KeyValue[]): string {
  return JSON.stringify(values.map(encodeValue));
}

export function decodeKey(text: string): KeyValue[] {
  return (JSON.parse(text) as Encoded[]).map(decodeValue);
}

function encodeValue(value: KeyValue): Encoded {
  if (typeof value === 'bigint') return { int: value.toString() };
  if (Buffer.isBuffer(value)) return { bytes: value.toString('base64') };
  return value;
}

function decodeValue(value: Encoded): KeyValue {
  if (value === null || typeof value !== 'object') return value;
  return 'int' in value ? BigInt(value.int) : Buffer.from(value.bytes, 'base64');
}
