// How stored objects look through S3: ETags (older homes kept a multipart ETag in reserved metadata), user metadata.
import { Readable } from 'node:stream';
import type { ObjectInfo } from '../../../modules/storage/index.js';

/**
 * The store now records a multipart object's ETag (`md5(part md5s)-N`) itself; objects completed before that kept
 * it in this reserved metadata entry, which is still read, never shown as x-amz-meta-*, and refused from clients.
 */
export const MULTIPART_ETAG_METADATA = 'scones-multipart-etag';

export function s3Etag(info: Pick<ObjectInfo, 'etag' | 'metadata'>): string {
  return info.metadata[MULTIPART_ETAG_METADATA] ?? info.etag;
}

export function quotedEtag(info: ObjectInfo): string {
  return `"${s3Etag(info)}"`;
}

export function userMetadata(info: ObjectInfo): Record<string, string> {
  const { [MULTIPART_ETAG_METADATA]: _hidden, ...rest } = info.metadata;
  return rest;
}

/** S3 XML timestamps: ISO 8601 with milliseconds. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** HTTP header dates (Last-Modified). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** `"abc"` or `abc` or `W/"abc"` to `abc`. */
export function unquoteEtag(value: string): string {
  return value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

/** A store body as a Node stream, for Fastify to send. */
export function bodyStream(body: AsyncIterable<Uint8Array>): Readable {
  return body instanceof Readable ? body : Readable.from(body);
}

/** Releases a body we opened but will not send (closes its file). */
export function discardBody(body: AsyncIterable<Uint8Array>): void {
  if (body instanceof Readable) body.destroy();
  else void body[Symbol.asyncIterator]().return?.();
}
