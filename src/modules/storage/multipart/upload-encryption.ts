// Encryption of a multipart upload: chosen at Create (asked for, or the bucket's default), held by every staged part
// and by the completed object. An SSE-C upload needs the same key on every UploadPart and on Complete: a tiny
// object sealed with the key at Create checks it, so the key itself is never stored.
import { isSconesError } from '../../../kernel/errors.js';
import type { ObjectEncryption } from '../encryption/sealed-objects.js';
import { STORAGE_ERROR_CODES, storageError } from '../errors.js';
import type { ObjectStore } from '../object-store.js';
import type { UploadEncryption } from './upload-records.js';

/** What Create records: the encryption asked for, else the bucket's default. */
export async function uploadEncryptionOf(
  store: ObjectStore,
  bucket: string,
  requested: ObjectEncryption | undefined,
): Promise<UploadEncryption | undefined> {
  if (requested) return requested.kind;
  try {
    await store.getBucketEncryption(bucket);
    return 'sse-s3';
  } catch (error) {
    if (isSconesError(error) && error.code === STORAGE_ERROR_CODES.NO_ENCRYPTION_CONFIGURATION)
      return undefined;
    throw error;
  }
}

/** How staged parts and the completed object are sealed; throws unless the key fits the upload. */
export function sealingOf(
  encryption: UploadEncryption | undefined,
  customerKey: Buffer | undefined,
): ObjectEncryption | undefined {
  if (encryption !== 'sse-c') {
    if (customerKey)
      throw storageError(
        'ENCRYPTION_NOT_APPLICABLE',
        'The encryption parameters are not applicable to this object.',
      );
    return encryption ? { kind: 'sse-s3' } : undefined;
  }
  if (!customerKey)
    throw storageError(
      'ENCRYPTION_KEY_REQUIRED',
      'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
    );
  return { kind: 'sse-c', key: customerKey };
}

/** Seals the key check at Create. */
export async function writeKeyCheck(
  store: ObjectStore,
  bucket: string,
  key: string,
  sealing: ObjectEncryption,
) {
  if (sealing.kind === 'sse-c') await store.putObject(bucket, key, Buffer.alloc(0), { encryption: sealing });
}

/** Throws ENCRYPTION_KEY_MISMATCH unless `customerKey` is the key the SSE-C upload was created with. */
export async function checkUploadKey(
  store: ObjectStore,
  bucket: string,
  key: string,
  sealing: ObjectEncryption | undefined,
): Promise<void> {
  if (sealing?.kind === 'sse-c') await store.headObject(bucket, key, { customerKey: sealing.key });
}
