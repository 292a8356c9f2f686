// The blob port's multipart capability on S3: the backend's own multipart upload onto the object's key, so
// CompleteMultipartUpload assembles the object where it lives and no byte is copied (see native-upload.ts).
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { Clock } from '../../../kernel/clock.js';
import type { BlobBody, BlobInfo, BlobMultipart, BlobUploadedPart, PutOptions } from '../port.js';
import { putInfo } from '../put-info.js';
import type { BucketRecords } from './bucket-records.js';
import type { NativeUploads } from './native-upload.js';
import type { Expected, S3Backend } from './s3-backend.js';
import type { S3Layout } from './s3-options.js';
import { settledBucket } from './settled-bucket.js';

export class S3Multipart implements BlobMultipart {
  constructor(
    private readonly backend: S3Backend,
    private readonly layout: S3Layout,
    private readonly buckets: BucketRecords,
    private readonly uploads: NativeUploads,
    private readonly clock: Clock,
  ) {}

  async create(bucket: string, key: string): Promise<string | 'no_bucket'> {
    const found = await this.buckets.get(bucket);
    if (!found || found.record.deleting) return 'no_bucket';
    const started = await this.uploads.create(this.layout.object(bucket, key));
    if (!started.ok) return this.#expected(started, 'no_bucket');
    // Our id carries the record's reference (a UUID, no dot) before the backend's id (any characters).
    return `${started.reference}.${started.uploadId}`;
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: BlobBody,
    options: { readonly maxBytes?: number },
  ): Promise<BlobUploadedPart | 'no_upload' | 'too_large'> {
    const bytes = await readPart(body, options.maxBytes);
    if (bytes === 'too_large') return bytes;
    const sent = await this.uploads.part(
      this.layout.object(bucket, key),
      backendId(uploadId),
      partNumber,
      bytes,
    );
    if (typeof sent !== 'string') return this.#expected(sent, 'no_upload');
    return { partNumber, etag: sent, size: bytes.byteLength, lastModified: this.clock.now() };
  }

  async listParts(bucket: string, key: string, uploadId: string): Promise<BlobUploadedPart[] | 'no_upload'> {
    const parts = await this.uploads.listParts(this.layout.object(bucket, key), backendId(uploadId));
    return Array.isArray(parts) ? parts : this.#expected(parts, 'no_upload');
  }

  async complete(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
    options: Omit<PutOptions, 'maxBytes'>,
  ): Promise<BlobInfo | 'no_bucket' | 'no_upload'> {
    const found = await this.buckets.get(bucket);
    if (!found || found.record.deleting) return 'no_bucket';
    const info = putInfo(key, options, {
      size: (options.parts ?? []).reduce((sum, part) => sum + part.size, 0),
      etag: options.etag?.() ?? '',
      lastModified: this.clock.now(),
    });
    const at = this.layout.object(bucket, key);
    const upload = { uploadId: backendId(uploadId), reference: uploadId.slice(0, uploadId.indexOf('.')) };
    const done = await this.uploads.complete(at, upload, parts, info, options.condition);
    if (!done.ok) return done.name === 'NoSuchUpload' ? 'no_upload' : this.#expected(done, 'no_bucket');
    if (await settledBucket(this.buckets, bucket)) return info;
    // The bucket was deleted while this upload completed: take the object back out, as a put does.
    await this.backend.attempt((c) => c.send(new DeleteObjectCommand({ ...at, IfMatch: done.backendEtag })));
    return 'no_bucket';
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.uploads.abort(this.layout.object(bucket, key), backendId(uploadId));
  }

  /** A 404 is the caller's answer; anything else the backend said is a typed failure. */
  #expected<T>(result: Expected, missing: T): T {
    if (result.status === 404) return missing;
    throw this.backend.failure(result);
  }
}

function backendId(uploadId: string): string {
  return uploadId.slice(uploadId.indexOf('.') + 1);
}

/** A part is sent with its length, so it is read whole first (bounded by maxBytes). */
async function readPart(body: BlobBody, maxBytes: number | undefined): Promise<Buffer | 'too_large'> {
  if (body instanceof Uint8Array)
    return maxBytes !== undefined && body.byteLength > maxBytes
      ? 'too_large'
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (maxBytes !== undefined && size > maxBytes) return 'too_large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
