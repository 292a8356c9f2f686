// Writes a stream to a file while hashing it, and keeps the file only when the digest is the one expected: how a
// cache entry is checked against the checksum its object recorded.
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { fileCacheError } from './errors.js';

export interface ExpectedDigest {
  readonly algorithm: 'sha256' | 'md5';
  /** Lower-case hex. */
  readonly hex: string;
}

/** Writes `body` to `file` (which must not exist); returns its size. Throws FILE_CACHE_CHECKSUM_MISMATCH. */
export async function writeVerified(
  body: AsyncIterable<Uint8Array>,
  file: string,
  expected: ExpectedDigest,
): Promise<number> {
  const hash = createHash(expected.algorithm);
  const handle = await open(file, 'wx', 0o644);
  let size = 0;
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      await handle.write(chunk);
      size += chunk.byteLength;
    }
  } finally {
    await handle.close();
  }
  const actual = hash.digest('hex');
  if (actual !== expected.hex.toLowerCase()) {
    await rm(file, { force: true });
    throw fileCacheError(
      'CHECKSUM_MISMATCH',
      `${file}: ${expected.algorithm} ${actual} read, ${expected.hex} expected; nothing was kept`,
      { algorithm: expected.algorithm, actual, expected: expected.hex },
    );
  }
  return size;
}
