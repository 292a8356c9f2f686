// What every S3 operation handler gets: the parsed request, the reply, the services, and reply helpers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessRequest } from '../../../modules/iam/index.js';
import type { MultipartUploads, ObjectStore } from '../../../modules/storage/index.js';
import type { EdgeAuth } from '../../auth/edge-auth.js';
import type { BucketConfig } from './bucket-config.js';
import { metadataValue } from './metadata-encoding.js';
import { MULTIPART_ETAG_METADATA } from './object-view.js';
import { s3Error } from './s3-errors.js';

export interface S3Services {
  readonly store: ObjectStore;
  readonly uploads: MultipartUploads;
  /** Bucket policies, Block Public Access, ownership controls, ACLs and CORS. */
  readonly config: BucketConfig;
  /** Present when the server authenticates: POST object verifies its form's signature itself. */
  readonly auth?: EdgeAuth | undefined;
}

export interface S3Call {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly services: S3Services;
  /** Empty for the service (ListBuckets). */
  readonly bucket: string;
  /** Empty for bucket-level operations. */
  readonly key: string;
  /** First value of each query parameter; subresources such as `?uploads` map to ''. */
  readonly query: Readonly<Record<string, string>>;
  /** The region the client signed for (us-east-1 when unsigned); buckets have no region of their own. */
  readonly region: string;
  readonly accessKeyId: string | undefined;
  /** Who owns what the caller creates: its principal's ARN (a role session: the role's); none with auth off. */
  readonly owner: string | undefined;
  /** Throws IAM_ACCESS_DENIED unless the caller may make every request; a no-op when auth is off. */
  readonly authorize: (requests: readonly AccessRequest[]) => Promise<void>;
}

export type S3Handler = (call: S3Call) => Promise<FastifyReply>;

export function sendXml(reply: FastifyReply, xml: string, status = 200): FastifyReply {
  return reply.status(status).header('content-type', 'application/xml').send(xml);
}

export function header(call: S3Call, name: string): string | undefined {
  const value = call.request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** `x-amz-meta-*` request headers as user metadata; the plugin's reserved entry may not be set by clients. */
export function metadataFromHeaders(call: S3Call): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.request.headers)) {
    if (!name.startsWith('x-amz-meta-') || typeof value !== 'string') continue;
    const key = name.slice('x-amz-meta-'.length);
    if (key === MULTIPART_ETAG_METADATA)
      throw s3Error('INVALID_ARGUMENT', `the metadata name ${key} is reserved by Scones`);
    metadata[key] = metadataValue(value);
  }
  return metadata;
}

/** Integer query parameter within bounds, or the fallback when absent. */
export function integerParam(call: S3Call, name: string, fallback: number, max: number): number {
  const text = call.query[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw s3Error('INVALID_ARGUMENT', `${name} must be a non-negative integer`);
  return Math.min(Number(text), max);
}
