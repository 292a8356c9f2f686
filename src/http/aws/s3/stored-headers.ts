// The standard HTTP headers S3 stores with an object and returns on GET and HEAD (Cache-Control, Expires, ...).
import type { FastifyReply } from 'fastify';
import type { ObjectInfo } from '../../../modules/storage/index.js';
import { header, type S3Call } from './s3-call.js';

const STORED = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

/** The stored headers a PutObject, CreateMultipartUpload or CopyObject (REPLACE) request sets. */
export function storedHeadersFrom(call: S3Call): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of STORED) {
    const value = name === 'content-encoding' ? contentEncoding(call) : header(call, name);
    if (value !== undefined && value !== '') headers[name] = value;
  }
  return headers;
}

/** `aws-chunked` only frames the upload; S3 stores the encodings that remain (`aws-chunked,gzip` is `gzip`). */
function contentEncoding(call: S3Call): string | undefined {
  const value = header(call, 'content-encoding');
  if (value === undefined) return undefined;
  const rest = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '' && item.toLowerCase() !== 'aws-chunked');
  return rest.length > 0 ? rest.join(',') : undefined;
}

export function writeStoredHeaders(reply: FastifyReply, info: ObjectInfo): void {
  for (const [name, value] of Object.entries(info.headers ?? {})) reply.header(name, value);
}
