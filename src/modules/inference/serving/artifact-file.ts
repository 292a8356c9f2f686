// Model artifacts read through this node's file cache: an endpoint that loads (or reloads) a model it loaded before
// reads it from local disk instead of the object store, which on an S3 backend may be far away.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isSconesError } from '../../../kernel/errors.js';
import { fileCacheError } from '../../../platform/file-cache/errors.js';
import type { FileCache } from '../../../platform/file-cache/port.js';
import { writeVerified } from '../../../platform/file-cache/verified-write.js';
import type { ObjectStore } from '../../storage/index.js';

const PLAIN_MD5 = /^[0-9a-f]{32}$/;

/** The object's bytes, kept in `files` as the entry `model-<ETag>` when its ETag is the MD5 of its bytes. */
export async function readArtifact(
  store: ObjectStore,
  files: FileCache | undefined,
  bucket: string,
  key: string,
): Promise<Buffer> {
  if (!files) return store.getObjectBytes(bucket, key);
  const info = await store.headObject(bucket, key);
  // Only a plain, unencrypted object's ETag addresses and verifies its content (not md5-of-md5s-N, not SSE).
  if (!PLAIN_MD5.test(info.etag) || info.encryption) return store.getObjectBytes(bucket, key);
  try {
    const folder = await files.folder(`model-${info.etag}`, async ({ dir }) => {
      const { body } = await store.getObject(bucket, key);
      await writeVerified(body, path.join(dir, 'artifact'), { algorithm: 'md5', hex: info.etag });
    });
    return await readFile(path.join(folder, 'artifact'));
  } catch (error) {
    // Overwritten between the HEAD and the GET: the new bytes, read directly.
    if (isSconesError(error) && error.code === fileCacheError.codes.CHECKSUM_MISMATCH)
      return store.getObjectBytes(bucket, key);
    throw error;
  }
}
