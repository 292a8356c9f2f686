// Reads a put's body once, hashing it as it goes and holding at most one part in memory: a small body stays in
// memory for one PutObject, a larger one is uploaded as a native multipart object under a staging key, from which
// the commit copies it server-side (so a conditional commit can be retried without the body).
import { createHash, randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { BlobBody } from '../port.js';
import type { S3Backend } from './s3-backend.js';
import type { Location, S3Layout } from './s3-options.js';

export type Staged =
  | { readonly kind: 'memory'; readonly bytes: Buffer; readonly size: number; readonly md5: string }
  | { readonly kind: 'staged'; readonly location: Location; readonly size: number; readonly md5: string };

export async function stageBody(
  backend: S3Backend,
  layout: S3Layout,
  body: BlobBody,
  limits: { readonly partBytes: number; readonly maxBytes?: number | undefined },
  etag?: () => string,
): Promise<Staged | 'too_large'> {
  // A writer that computed the ETag itself spares the second pass over the body.
  const md5 = etag ? undefined : createHash('md5');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  let upload: MultipartStaging | undefined;
  try {
    for await (const chunk of body instanceof Uint8Array ? [body] : body) {
      size += chunk.byteLength;
      if (limits.maxBytes !== undefined && size > limits.maxBytes) {
        await upload?.abort();
        return 'too_large';
      }
      md5?.update(chunk);
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      pendingBytes += chunk.byteLength;
      if (pendingBytes > limits.partBytes) {
        upload ??= await MultipartStaging.start(backend, layout.staging(randomUUID()));
        await upload.part(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
    }
    const digest = md5 ? md5.digest('hex') : (etag as () => string)();
    if (!upload) return { kind: 'memory', bytes: Buffer.concat(pending), size, md5: digest };
    if (pendingBytes > 0) await upload.part(Buffer.concat(pending));
    await upload.complete();
    return { kind: 'staged', location: upload.location, size, md5: digest };
  } catch (error) {
    await upload?.abort();
    throw error;
  }
}

class MultipartStaging {
  readonly #parts: { PartNumber: number; ETag: string }[] = [];

  private constructor(
    private readonly backend: S3Backend,
    readonly location: Location,
    private readonly uploadId: string,
  ) {}

  static async start(backend: S3Backend, location: Location): Promise<MultipartStaging> {
    const created = await backend.send((c) => c.send(new CreateMultipartUploadCommand(location)));
    return new MultipartStaging(backend, location, created.UploadId ?? '');
  }

  async part(bytes: Buffer): Promise<void> {
    const PartNumber = this.#parts.length + 1;
    const sent = await this.backend.send((c) =>
      c.send(new UploadPartCommand({ ...this.location, UploadId: this.uploadId, PartNumber, Body: bytes })),
    );
    this.#parts.push({ PartNumber, ETag: sent.ETag ?? '' });
  }

  async complete(): Promise<void> {
    await this.backend.send((c) =>
      c.send(
        new CompleteMultipartUploadCommand({
          ...this.location,
          UploadId: this.uploadId,
          MultipartUpload: { Parts: this.#parts },
        }),
      ),
    );
  }

  /** Nothing half-written stays behind; a failed abort leaves the upload to the backend's lifecycle rules. */
  async abort(): Promise<void> {
    await this.backend
      .attempt((c) => c.send(new AbortMultipartUploadCommand({ ...this.location, UploadId: this.uploadId })))
      .catch(() => undefined);
  }
}
