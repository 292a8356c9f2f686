// Encryption at rest between the object store and the blob port: seal on put, check the key and open on get/head.
//
// The blob port stores the sealed bytes and the encryption record; callers of the object store see the object as it
// was written (plaintext size, S3's ETag) and never the sealed bytes.
import { createHash } from 'node:crypto';
import type {
  BlobBody,
  BlobEncryption,
  BlobInfo,
  BlobStore,
  ByteRange,
  GetResult,
} from '../../../platform/blob/port.js';
import { resolveRange } from '../../../platform/blob/port.js';
import { storageError } from '../errors.js';
import { CHUNK_BYTES, openChunks, sealChunks, sealedRange, sealedSize } from './chunk-cipher.js';
import { customerKeyHmac, dataKey, type HomeKeys, newSalt, sameHmac } from './object-keys.js';

/** How to encrypt an object: with the home's key (SSE-S3) or with the client's 32-byte key (SSE-C). */
export type ObjectEncryption = { readonly kind: 'sse-s3' } | { readonly kind: 'sse-c'; readonly key: Buffer };

export interface SealedPut {
  readonly body: AsyncIterable<Uint8Array>;
  readonly maxBytes: number;
  readonly record: () => BlobEncryption | undefined;
  /** SSE-S3: the plaintext's MD5 (S3's ETag) for the blob port to store instead of hashing the sealed bytes. */
  readonly etag?: () => string;
}

export function sealForPut(
  keys: HomeKeys,
  encryption: ObjectEncryption,
  body: BlobBody,
  maxBytes: number,
): SealedPut {
  const salt = newSalt();
  const root = encryption.kind === 'sse-c' ? encryption.key : keys.homeKey();
  const keyHmac = encryption.kind === 'sse-c' ? customerKeyHmac(keys, encryption.key, salt) : undefined;
  // SSE-C ETags are not the MD5 of the data in S3 either: skip the hash, the sealed bytes' MD5 stands in.
  const md5 = encryption.kind === 'sse-s3' ? createHash('md5') : undefined;
  let size = 0;
  let done = false;
  let digest: string | undefined;
  const plainMd5 = () => {
    if (!md5 || !done) throw new Error('the plaintext MD5 is known only once the whole body has been sealed');
    digest ??= md5.digest('hex');
    return digest;
  };
  const source =
    body instanceof Uint8Array
      ? (async function* () {
          yield body;
        })()
      : body;
  const sealed = sealChunks(source, dataKey(root, salt), (piece) => {
    size += piece.byteLength;
    md5?.update(piece);
  });
  return {
    body: (async function* () {
      yield* sealed;
      done = true;
    })(),
    maxBytes: sealedSize(maxBytes),
    record: () =>
      done
        ? {
            kind: encryption.kind,
            salt: salt.toString('base64'),
            chunkBytes: CHUNK_BYTES,
            size,
            ...(md5 ? { etag: plainMd5() } : {}),
            ...(keyHmac ? { keyHmac } : {}),
          }
        : undefined,
    ...(md5 ? { etag: plainMd5 } : {}),
  };
}

/** The record of an object assembled from parts: S3 shows the parts' ETag, not the MD5 of the whole plaintext. */
export function withPartsEtag(
  record: () => BlobEncryption | undefined,
  partsEtag: string | undefined,
): () => BlobEncryption | undefined {
  if (partsEtag === undefined) return record;
  return () => {
    const made = record();
    return made && { ...made, etag: partsEtag };
  };
}

/** The object as written: plaintext size and S3's ETag instead of the sealed bytes'. */
export function plainInfo(info: BlobInfo): BlobInfo {
  const sealed = info.encryption;
  if (!sealed) return info;
  return { ...info, size: sealed.size, etag: sealed.etag ?? info.etag };
}

/**
 * The data key for reading the object, or undefined for a plaintext one. SSE-C objects need the same key as
 * written (missing: KEY_REQUIRED, another: KEY_MISMATCH); a key sent for any other object is refused as S3 does.
 */
export function readKey(keys: HomeKeys, info: BlobInfo, customerKey: Buffer | undefined): Buffer | undefined {
  const sealed = info.encryption;
  if (sealed?.kind !== 'sse-c') {
    if (customerKey)
      throw storageError(
        'ENCRYPTION_NOT_APPLICABLE',
        'The encryption parameters are not applicable to this object.',
        {
          key: info.key,
        },
      );
    return sealed ? dataKey(keys.homeKey(), Buffer.from(sealed.salt, 'base64')) : undefined;
  }
  if (!customerKey)
    throw storageError(
      'ENCRYPTION_KEY_REQUIRED',
      'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
      { key: info.key },
    );
  const salt = Buffer.from(sealed.salt, 'base64');
  if (!sealed.keyHmac || !sameHmac(customerKeyHmac(keys, customerKey, salt), sealed.keyHmac))
    throw storageError('ENCRYPTION_KEY_MISMATCH', 'The SSE-C key provided does not match the object.', {
      key: info.key,
    });
  return dataKey(customerKey, salt);
}

/** A whole sealed body opened. */
export function openWhole(body: AsyncIterable<Uint8Array>, sealed: BlobEncryption, key: Buffer) {
  return openChunks(body, {
    key,
    chunkBytes: sealed.chunkBytes,
    plainSize: sealed.size,
    firstChunk: 0,
    start: 0,
    end: sealed.size - 1,
  });
}

/** The ranged read of a sealed object whose head was `head`: only the chunks under the range are read. */
export async function getSealedRange(
  blobs: BlobStore,
  bucket: string,
  head: BlobInfo & { readonly encryption: BlobEncryption },
  key: Buffer,
  range: ByteRange,
): Promise<GetResult | 'changed'> {
  const sealed = head.encryption;
  const resolved = resolveRange(range, sealed.size);
  if (!resolved) return { status: 'bad_range', size: sealed.size };
  const where = sealedRange(resolved.start, resolved.end, sealed.size, sealed.chunkBytes);
  const result = await blobs.get(bucket, head.key, where.stored);
  if (result.status !== 'ok') return result;
  if (result.info.encryption?.salt !== sealed.salt) {
    release(result.body);
    return 'changed';
  }
  const body = openChunks(result.body, {
    key,
    chunkBytes: sealed.chunkBytes,
    plainSize: sealed.size,
    firstChunk: where.firstChunk,
    ...resolved,
  });
  return { status: 'ok', info: plainInfo(result.info), body, range: resolved };
}

/** Closes a body opened but not read (its file). */
export function release(body: AsyncIterable<Uint8Array>): void {
  const closable = body as { destroy?: () => void };
  if (typeof closable.destroy === 'function') closable.destroy();
  else void body[Symbol.asyncIterator]().return?.();
}

const MAX_ATTEMPTS = 3;

/**
 * GetObject below the store's S3 checks: plaintext objects as the blob port gives them, sealed ones checked against
 * the key and opened. A ranged read looks at the head first (the range is of the plaintext), and retries if the key
 * was rewritten between the head and the read.
 */
export async function readObject(
  blobs: BlobStore,
  keys: HomeKeys,
  target: { readonly bucket: string; readonly key: string },
  range: ByteRange | undefined,
  customerKey: Buffer | undefined,
): Promise<GetResult> {
  if (range === undefined) {
    const result = await blobs.get(target.bucket, target.key);
    if (result.status !== 'ok') return result;
    const key = keyOrRelease(keys, result, customerKey);
    if (!key || !result.info.encryption) return result;
    return {
      ...result,
      info: plainInfo(result.info),
      body: openWhole(result.body, result.info.encryption, key),
    };
  }
  for (let attempt = 1; ; attempt++) {
    const head = await blobs.head(target.bucket, target.key);
    if (typeof head === 'string') return { status: head };
    const key = readKey(keys, head, customerKey);
    if (!key || !head.encryption) return blobs.get(target.bucket, target.key, range);
    const result = await getSealedRange(
      blobs,
      target.bucket,
      { ...head, encryption: head.encryption },
      key,
      range,
    );
    if (result !== 'changed') return result;
    if (attempt >= MAX_ATTEMPTS)
      throw storageError('INVALID_ARGUMENT', 'the object kept changing while being read', target);
  }
}

function keyOrRelease(
  keys: HomeKeys,
  result: { readonly info: BlobInfo; readonly body: AsyncIterable<Uint8Array> },
  customerKey: Buffer | undefined,
): Buffer | undefined {
  try {
    return readKey(keys, result.info, customerKey);
  } catch (error) {
    release(result.body);
    throw error;
  }
}
