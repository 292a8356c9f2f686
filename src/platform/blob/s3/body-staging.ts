// Reads a put's body once, hashing it as it goes and holding at most one part in memory: a small body stays in
// memory for one PutObject, a larger one is sent as a native multipart upload onto the object's own key, which the
// commit completes (so the bytes are written once; a conditional commit retries Complete, not the body).
import { createHash } from 'node:crypto';
import type { BlobBody } from '../port.js';
import type { NativeUploads, Started } from './native-upload.js';
import type { Location } from './s3-options.js';

export type Staged =
  | { readonly kind: 'memory'; readonly bytes: Buffer; readonly size: number; readonly md5: string }
  | {
      readonly kind: 'upload';
      readonly upload: Started;
      readonly parts: readonly {
        readonly partNumber: number;
        readonly etag: string;
        readonly size: number;
      }[];
      readonly size: number;
      readonly md5: string;
    };

export async function stageBody(
  uploads: NativeUploads,
  at: Location,
  body: BlobBody,
  limits: { readonly partBytes: number; readonly maxBytes?: number | undefined },
  etag?: () => string,
): Promise<Staged | 'too_large' | 'no_bucket'> {
  // A writer that computed the ETag itself spares the second pass over the body.
  const md5 = etag ? undefined : createHash('md5');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  let upload: Started | undefined;
  let sent = 0;
  const parts: { partNumber: number; etag: string; size: number }[] = [];
  // One part on the wire while the next is read from the client: receiving and sending overlap, and at most two
  // parts are in memory.
  let inflight: Promise<void> = Promise.resolve();
  const send = async (started: Started, partNumber: number, bytes: Buffer) => {
    const etag = await uploads.part(at, started.uploadId, partNumber, bytes);
    if (typeof etag !== 'string') throw uploads.failure(etag);
    parts.push({ partNumber, etag, size: bytes.byteLength });
  };
  const flush = async (started: Started) => {
    const bytes = Buffer.concat(pending);
    const partNumber = ++sent;
    pending = [];
    pendingBytes = 0;
    await inflight;
    inflight = send(started, partNumber, bytes);
    // Observed by the next flush or the end; marked handled now so a failure meanwhile is not an unhandled rejection.
    inflight.catch(() => undefined);
  };
  try {
    for await (const chunk of body instanceof Uint8Array ? [body] : body) {
      size += chunk.byteLength;
      if (limits.maxBytes !== undefined && size > limits.maxBytes) {
        await inflight.catch(() => undefined);
        if (upload) await uploads.abort(at, upload.uploadId);
        return 'too_large';
      }
      md5?.update(chunk);
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      pendingBytes += chunk.byteLength;
      if (pendingBytes > limits.partBytes) {
        if (!upload) {
          const started = await uploads.create(at);
          if (!started.ok) {
            if (started.status === 404) return 'no_bucket';
            throw uploads.failure(started);
          }
          upload = started;
        }
        await flush(upload);
      }
    }
    const digest = md5 ? md5.digest('hex') : (etag as () => string)();
    if (!upload) return { kind: 'memory', bytes: Buffer.concat(pending), size, md5: digest };
    if (pendingBytes > 0) await flush(upload);
    await inflight;
    parts.sort((a, b) => a.partNumber - b.partNumber);
    return { kind: 'upload', upload, parts, size, md5: digest };
  } catch (error) {
    await inflight.catch(() => undefined);
    if (upload) await uploads.abort(at, upload.uploadId);
    throw error;
  }
}
