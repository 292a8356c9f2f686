// CORS: Put/Get/DeleteBucketCors, the preflight OPTIONS (answered per rule, 403 CORSResponse when none matches)
// and the Access-Control-* headers of actual requests that carry an Origin.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSconesError } from '../../../kernel/errors.js';
import type { BucketInfo } from '../../../modules/storage/index.js';
import type { BucketConfig } from './bucket-config.js';
import { type BucketDocument, deleteDocument, getDocument, putDocument } from './bucket-document.js';
import {
  type CorsRule,
  corsConfigurationXml,
  corsHeaders,
  matchCorsRule,
  parseCorsConfiguration,
} from './cors-config.js';
import { header, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

/** 100 rules of a few origins and headers each. */
const MAX_BODY_BYTES = 256 * 1024;

const CORS: BucketDocument<readonly CorsRule[]> = {
  setting: 'cors',
  maxBodyBytes: MAX_BODY_BYTES,
  parse: parseCorsConfiguration,
  read: corsRules,
  toXml: corsConfigurationXml,
  missing: noCors,
};

export const putBucketCors = putDocument(CORS);
export const getBucketCors = getDocument(CORS);
export const deleteBucketCors = deleteDocument('cors');

/** A preflight: no credentials are sent or needed; the bucket's rules alone answer it. */
export async function preflight(call: S3Call) {
  const origin = header(call, 'origin');
  const method = header(call, 'access-control-request-method');
  if (!origin || !method)
    throw s3Error(
      'INVALID_REQUEST',
      origin
        ? 'Invalid Access-Control-Request-Method: null'
        : 'Insufficient information. Origin request header needed.',
    );
  const bucket = await call.services.store.headBucket(call.bucket);
  const rules = await corsRules(call.services.config, bucket);
  if (!rules)
    throw s3Error('CORS_FORBIDDEN', 'CORSResponse: CORS is not enabled for this bucket.', {
      method,
      resourceType: resourceType(call),
    });
  const requested = (header(call, 'access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const rule = matchCorsRule(rules, origin, method, requested);
  if (!rule)
    throw s3Error(
      'CORS_FORBIDDEN',
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      { method, resourceType: resourceType(call) },
    );
  call.reply.headers(corsHeaders(rule, origin));
  if (requested.length > 0) call.reply.header('access-control-allow-headers', requested.join(', '));
  return call.reply.status(200).send();
}

function resourceType(call: S3Call): string {
  return call.key === '' ? 'BUCKET' : 'OBJECT';
}

/** For an actual request with an Origin: the matching rule's headers, on success and error answers alike. */
export async function addCorsHeaders(
  config: BucketConfig,
  request: FastifyRequest,
  reply: FastifyReply,
  bucketName: string | undefined,
): Promise<void> {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || !bucketName || request.method === 'OPTIONS') return;
  const bucket = await config.settings.store.headBucket(bucketName).catch(ignoreStorageError);
  if (!bucket) return;
  const rules = await corsRules(config, bucket);
  const rule = rules && matchCorsRule(rules, origin, request.method);
  if (rule) reply.headers(corsHeaders(rule, origin));
}

async function corsRules(config: BucketConfig, bucket: BucketInfo): Promise<readonly CorsRule[] | undefined> {
  return (await config.settings.get(bucket, 'cors')) as readonly CorsRule[] | undefined;
}

function ignoreStorageError(error: unknown): undefined {
  if (isSconesError(error)) return undefined;
  throw error;
}

function noCors(bucket: string) {
  return s3Error('NO_SUCH_CORS', 'The CORS configuration does not exist', { bucket });
}
