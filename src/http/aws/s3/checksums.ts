// Checksums S3 clients send with bodies: Content-MD5, x-amz-content-sha256 and x-amz-checksum-<algorithm>.
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** Incremental digest with S3's output encoding (base64 of the big-endian bytes, or hex for content-sha256). */
export interface Digest {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

export function createDigest(algorithm: ChecksumAlgorithm | 'md5'): Digest {
  switch (algorithm) {
    case 'crc32':
      return crcDigest((data, value) => crc32(data, value));
    case 'crc32c':
      return crcDigest(crc32c);
    default:
      return hashDigest(createHash(algorithm));
  }
}

function hashDigest(hash: Hash): Digest {
  return { update: (data) => hash.update(data), digest: () => hash.digest() };
}

function crcDigest(step: (data: Uint8Array, value: number) => number): Digest {
  let value = 0;
  return {
    update: (data) => {
      value = step(data, value);
    },
    digest: () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out;
    },
  };
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), continuing from `previous` like zlib's crc32. */
export function crc32c(data: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++)
    c = (CRC32C_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
