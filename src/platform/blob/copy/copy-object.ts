// One object of `store migrate`: skipped when the target already holds it, else streamed over and read back.
import { blobError } from '../errors.js';
import type { BlobInfo, BlobStore, PutOptions } from '../port.js';
import { measureBody, sameObject } from './object-match.js';

export type ObjectOutcome =
  | { readonly kind: 'copied' | 'skipped'; readonly size: number }
  /** Deleted from the source between the listing and the read. */
  | { readonly kind: 'vanished' };

export async function copyObject(
  source: BlobStore,
  target: BlobStore,
  bucket: string,
  listed: BlobInfo,
): Promise<ObjectOutcome> {
  const there = await target.head(bucket, listed.key);
  if (typeof there === 'object' && sameObject(listed, there)) return { kind: 'skipped', size: listed.size };
  const got = await source.get(bucket, listed.key);
  if (got.status !== 'ok') return { kind: 'vanished' };
  const written = await target.put(bucket, listed.key, got.body, putOptions(got.info));
  if (typeof written !== 'object')
    throw blobError(
      'COPY_VERIFY_FAILED',
      `${target.location} answered ${written} to s3://${bucket}/${got.info.key}`,
      {
        bucket,
        key: got.info.key,
      },
    );
  await verify(target, bucket, got.info);
  return { kind: 'copied', size: got.info.size };
}

/** The source's record as the target's put takes it: the stored bytes carry the same MD5, so the ETag follows. */
function putOptions(info: BlobInfo): PutOptions {
  const { checksum, encryption } = info;
  return {
    contentType: info.contentType,
    metadata: info.metadata,
    lastModified: info.lastModified,
    ...(info.headers ? { headers: info.headers } : {}),
    ...(info.tags ? { tags: info.tags } : {}),
    ...(info.parts ? { parts: info.parts } : {}),
    ...(checksum ? { checksum: () => checksum } : {}),
    ...(encryption ? { encryption: () => encryption } : {}),
  };
}

/** Reads the object back from the target: its bytes must have the source's size and MD5, its record the same. */
async function verify(target: BlobStore, bucket: string, source: BlobInfo): Promise<void> {
  const got = await target.get(bucket, source.key);
  const where = `s3://${bucket}/${source.key} on ${target.location}`;
  if (got.status !== 'ok')
    throw verifyFailed(`${where} is missing after the copy (${got.status})`, bucket, source);
  const read = await measureBody(got.body);
  if (read.size !== source.size || read.md5 !== source.etag)
    throw verifyFailed(
      `${where} reads back ${read.size} bytes with MD5 ${read.md5}; the source has ${source.size} bytes with MD5 ${source.etag}`,
      bucket,
      source,
    );
  if (!sameObject(source, got.info))
    throw verifyFailed(`${where} reads back with a record other than the source's`, bucket, source);
}

function verifyFailed(message: string, bucket: string, source: BlobInfo) {
  return blobError('COPY_VERIFY_FAILED', message, { bucket, key: source.key });
}
