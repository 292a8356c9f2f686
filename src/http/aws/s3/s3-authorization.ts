// IAM at the S3 edge: verifies the signature (chunk signatures included) and checks the operation's permissions.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import {
  type AccessRequest,
  type ChunkVerifier,
  S3_OPERATIONS,
  type S3Operation,
  s3Access,
} from '../../../modules/iam/index.js';
import { callerOf, type EdgeAuth, verifyAws } from '../../auth/edge-auth.js';
import { authorizeS3 } from './bucket-access.js';
import { copySource } from './copy-operations.js';
import type { S3Call, S3Services } from './s3-call.js';

const chunkVerifiers = new WeakMap<IncomingMessage, ChunkVerifier>();
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** The chunk-signature chain a verified streaming upload must follow, read by the body decoder. */
export function chunkVerifierOf(raw: IncomingMessage): ChunkVerifier | undefined {
  return chunkVerifiers.get(raw);
}

/** Verifies the request's signature; S3 clients sign x-amz-content-sha256, which the body reader checks later. */
export async function authenticateS3(auth: EdgeAuth, request: FastifyRequest): Promise<void> {
  const bodiless =
    request.headers['x-amz-content-sha256'] === undefined &&
    request.headers['transfer-encoding'] === undefined &&
    Number(request.headers['content-length'] ?? 0) === 0;
  const verified = await verifyAws(auth, request, bodiless ? EMPTY_SHA256 : undefined);
  if (verified.chunks) chunkVerifiers.set(request.raw, verified.chunks);
}

/** What an S3 call must be allowed to do (DeleteObjects checks each key as it deletes it). */
export function s3Permissions(named: string, call: S3Call): AccessRequest[] {
  const operation = call.query.versionId === undefined ? named : (VERSION_ACTIONS[named] ?? named);
  // PostObject authorizes once its form (the key, the signed policy) has been read.
  if (!isS3Operation(operation) || operation === 'DeleteObjects' || operation === 'PostObject') return [];
  const copy =
    operation === 'CopyObject' || operation === 'UploadPartCopy' ? { copySource: copySource(call) } : {};
  const maxKeys = call.query['max-keys'];
  return s3Access(operation, {
    bucket: call.bucket,
    key: call.key,
    ...copy,
    ...(call.query.prefix === undefined ? {} : { prefix: call.query.prefix }),
    ...(call.query.delimiter === undefined ? {} : { delimiter: call.query.delimiter }),
    ...(maxKeys === undefined || !/^\d+$/.test(maxKeys) ? {} : { maxKeys: Number(maxKeys) }),
  });
}

/** Operations that, given a versionId, are authorized as AWS does with the version's own action. */
const VERSION_ACTIONS: Readonly<Record<string, string>> = {
  GetObject: 'GetObjectVersion',
  HeadObject: 'HeadObjectVersion',
  DeleteObject: 'DeleteObjectVersion',
  GetObjectTagging: 'GetObjectVersionTagging',
  PutObjectTagging: 'PutObjectVersionTagging',
  DeleteObjectTagging: 'DeleteObjectVersionTagging',
  GetObjectAttributes: 'GetObjectVersionAttributes',
};

/**
 * The `authorize` of an S3 call: identity policies, the bucket's policy and ACLs (bucket-access.ts); a no-op when
 * the server does not authenticate (then everything is allowed, anonymous callers included).
 */
export function s3Authorizer(auth: EdgeAuth | undefined, request: FastifyRequest, services: S3Services) {
  return async (requests: readonly AccessRequest[]): Promise<void> => {
    if (auth === undefined || requests.length === 0) return;
    await authorizeS3({ auth, request, store: services.store, config: services.config }, requests);
  };
}

function isS3Operation(name: string): name is S3Operation {
  return (S3_OPERATIONS as readonly string[]).includes(name);
}

/** The owner of the buckets a verified caller creates: a user's ARN, or the role's ARN for a role session. */
export function ownerOf(request: FastifyRequest): string | undefined {
  const principal = callerOf(request)?.principal;
  if (!principal) return undefined;
  return principal.type === 'user' ? principal.arn : principal.roleArn;
}
