// Whether an object already at the target is the source's object: what `store migrate` skips when resumed.
import { createHash } from 'node:crypto';
import type { BlobInfo } from '../port.js';

/** Everything the port keeps of an object but its key, with object keys sorted so equal records compare equal. */
export function recordFingerprint(info: BlobInfo): string {
  const { key: _key, ...record } = info;
  return JSON.stringify(sorted(record));
}

/** Same size, same checksum (the stored bytes' MD5) and the same record (metadata, encryption, tags, ...). */
export function sameObject(source: BlobInfo, target: BlobInfo): boolean {
  return (
    source.size === target.size &&
    source.etag === target.etag &&
    recordFingerprint(source) === recordFingerprint(target)
  );
}

/** Size and hex MD5 of a body, read once as it streams. */
export async function measureBody(body: AsyncIterable<Uint8Array>): Promise<{ size: number; md5: string }> {
  const md5 = createHash('md5');
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    md5.update(chunk);
  }
  return { size, md5: md5.digest('hex') };
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries.map(([k, v]) => [k, sorted(v)]));
}
