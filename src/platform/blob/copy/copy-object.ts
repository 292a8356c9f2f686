// One object of `store migrate`: skipped when the target already holds it, else streamed over and read back.
import { createHash, type Hash } from 'node:crypto';
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
  const sent = { size: 0, md5: createHash('md5') };
  const written = await target.put(bucket, listed.key, measured(got.body, sent), putOptions(got.info));
  if (typeof written !== 'object')
    throw blobError(
      'COPY_VERIFY_FAILED',
      `${target.location} answered ${written} to s3://${bucket}/${got.info.key}`,
      {
        bucket,
        key: got.info.key,
      },
    );
  await verify(target, bucket, got.info, sent.md5.digest('hex'));
  return { kind: 'copied', size: got.info.size };
}

/** Passes the body on, hashing what went by, so the copy is checked against the bytes sent. */
async function* measured(
  body: AsyncIterable<Uint8Array>,
  sent: { size: number; md5: Hash },
): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    sent.size += chunk.byteLength;
    sent.md5.update(chunk);
    yield chunk;
  }
}

/**
 * The source's record as the target's put takes it, ETag included: it is not always the stored bytes' MD5 (a
 * multipart object's `md5-of-md5s-N`, an SSE-S3 object's plaintext MD5), so it is handed over as it is.
 */
function putOptions(info: BlobInfo): PutOptions {
  const { checksum, encryption, etag } = info;
  return {
    etag: () => etag,
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

/** Reads the object back from the target: its bytes must have the size and MD5 sent, its record the source's. */
async function verify(target: BlobStore, bucket: string, source: BlobInfo, sentMd5: string): Promise<void> {
  const got = await target.get(bucket, source.key);
  const where = `s3://${bucket}/${source.key} on ${target.location}`;
  if (got.status !== 'ok')
    throw verifyFailed(`${where} is missing after the copy (${got.status})`, bucket, source);
  const read = await measureBody(got.body);
  if (read.size !== source.size || read.md5 !== sentMd5)
    throw verifyFailed(
      `${where} reads back ${read.size} bytes with MD5 ${read.md5}; the source has ${source.size} bytes with MD5 ${sentMd5}`,
      bucket,
      source,
    );
  if (!sameObject(source, got.info))
    throw verifyFailed(`${where} reads back with a record other than the source's`, bucket, source);
}

function verifyFailed(message: string, bucket: string, source: BlobInfo) {
  return blobError('COPY_VERIFY_FAILED', message, { bucket, key: source.key });
}
