// Checksums S3 clients send with bodies: Content-MD5, x-amz-content-sha256 and x-amz-checksum-<algorithm>.
// CRC32C comes from the AWS SDK's own checksum package (the implementation its clients send), CRC64NVME from
// hash-wasm (crc64-nvme.ts: several times faster, and every upload without a checksum of its own pays for it).
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32cJs } from '@aws-sdk/checksums/crc';
import { crc64NvmeDigest } from './crc64-nvme.js';

/** Incremental digest with S3's output encoding (base64 of the big-endian bytes, or hex for content-sha256). */
export interface Digest {
  update(data: Uint8Array): void;
  digest(): Promise<Buffer>;
}

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Digest sizes in bytes, to check the base64 values clients send. */
export const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = {
  crc32: 4,
  crc32c: 4,
  crc64nvme: 8,
  sha1: 20,
  sha256: 32,
};

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

/** S3's name of an algorithm in XML elements and headers' values: ChecksumCRC64NVME, CRC64NVME. */
export function checksumName(algorithm: string): string {
  return algorithm.toUpperCase();
}

export function createDigest(algorithm: ChecksumAlgorithm | 'md5'): Digest {
  switch (algorithm) {
    case 'crc32':
      return crc32Digest();
    case 'crc32c':
      return sdkDigest(new Crc32cJs());
    case 'crc64nvme':
      return crc64NvmeDigest();
    default:
      return hashDigest(createHash(algorithm));
  }
}

function hashDigest(hash: Hash): Digest {
  return { update: (data) => hash.update(data), digest: async () => hash.digest() };
}

function sdkDigest(checksum: { update(data: Uint8Array): void; digest(): Promise<Uint8Array> }): Digest {
  return {
    update: (data) => checksum.update(data),
    digest: async () => Buffer.from(await checksum.digest()),
  };
}

function crc32Digest(): Digest {
  let value = 0;
  return {
    update: (data) => {
      value = crc32(data, value);
    },
    digest: async () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out;
    },
  };
}
