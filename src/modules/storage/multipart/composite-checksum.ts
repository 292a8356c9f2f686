// S3's checksum of a multipart object (type COMPOSITE): the algorithm applied to the concatenated binary checksums
// of the parts, in base64, then a dash and the part count. Only CRC32, CRC32C, SHA-1 and SHA-256 have it (S3 gives
// CRC64NVME uploads a FULL_OBJECT checksum, which would need every byte read again: not kept here).
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32cJs } from '@aws-sdk/checksums/crc';
import type { BlobChecksum } from '../../../platform/blob/port.js';

export const COMPOSITE_ALGORITHMS = ['crc32', 'crc32c', 'sha1', 'sha256'] as const;

/** Whether a stored checksum is a composite one (its value ends in `-N`). */
export function isComposite(checksum: BlobChecksum): boolean {
  return /-\d+$/.test(checksum.value);
}

/**
 * The object's checksum from its parts', when the upload asked for an algorithm with a composite form and every
 * part was sent with a checksum of it; otherwise none.
 */
export async function compositeChecksum(
  algorithm: string | undefined,
  parts: readonly { readonly checksum?: BlobChecksum | undefined }[],
): Promise<BlobChecksum | undefined> {
  if (!algorithm || !(COMPOSITE_ALGORITHMS as readonly string[]).includes(algorithm)) return undefined;
  const digests: Buffer[] = [];
  for (const part of parts) {
    if (part.checksum?.algorithm !== algorithm) return undefined;
    digests.push(Buffer.from(part.checksum.value, 'base64'));
  }
  const joined = Buffer.concat(digests);
  return { algorithm, value: `${(await digestOf(algorithm, joined)).toString('base64')}-${parts.length}` };
}

async function digestOf(algorithm: string, data: Buffer): Promise<Buffer> {
  if (algorithm === 'crc32') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(data) >>> 0);
    return out;
  }
  if (algorithm === 'crc32c') {
    const crc = new Crc32cJs();
    crc.update(data);
    return Buffer.from(await crc.digest());
  }
  return createHash(algorithm).update(data).digest();
}
