// The S3 protocol edge (path-style): one Fastify scope with raw bodies, S3 XML errors and the operation routes.
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { BucketSettings, MultipartUploads, type ObjectStore } from '../../../modules/storage/index.js';
import { carriesNoCredentials, type EdgeAuth } from '../../auth/edge-auth.js';
import { accessKeyOf, readAwsSignature } from '../sigv4.js';
import { BucketConfig } from './bucket-config.js';
import { refuseStagingBucket } from './bucket-operations.js';
import { addCorsHeaders, preflight } from './cors-operations.js';
import { isReservedBucket } from './reserved-buckets.js';
import { authenticateS3, ownerOf, s3Authorizer, s3Permissions } from './s3-authorization.js';
import type { S3Call, S3Services } from './s3-call.js';
import { selectOperation } from './s3-dispatch.js';
import { toS3WireError } from './s3-error-mapping.js';
import { s3Error } from './s3-errors.js';
import { refuseSigV2 } from './sigv2-refusal.js';
import { prepareWriteAcl, settleWriteAcl } from './write-acl.js';
import { textElement, xmlDocument } from './xml-writer.js';

export interface S3PluginOptions {
  readonly store: ObjectStore;
  /** When present, every request is verified (SigV4) and authorized (IAM). */
  readonly auth?: EdgeAuth | undefined;
}

const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS'] as const;
const DEFAULT_REGION = 'us-east-1';

export const s3Plugin: FastifyPluginAsync<S3PluginOptions> = async (app, { store, auth }) => {
  const services: S3Services = {
    store,
    uploads: new MultipartUploads(store),
    config: new BucketConfig(new BucketSettings(store)),
    auth,
  };
  // Bodies are object bytes (or small XML documents) that the operations stream themselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  // S3 takes an empty Content-Type; Fastify would refuse it (415) before our parser. The header is hidden from the
  // parser choice only, and is back before the signature (which may sign it) is checked.
  const emptyType = new WeakSet<FastifyRequest>();
  app.addHook('preParsing', async (request) => {
    if (request.headers['content-type'] !== '') return;
    emptyType.add(request);
    delete request.headers['content-type'];
  });
  app.addHook('preValidation', async (request) => {
    if (emptyType.has(request)) request.headers['content-type'] = '';
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-amz-request-id', request.id).header('x-amz-id-2', request.id);
  });
  // Whatever the outcome, unread request bytes are drained so the keep-alive connection can carry the next request.
  app.addHook('onSend', async (request, reply, payload) => {
    await settleWriteAcl(request, reply.statusCode, payload);
    await addCorsHeaders(services.config, request, reply, (request.params as { bucket?: string }).bucket);
    drainUnread(request);
  });
  app.setErrorHandler(sendS3Error);
  app.setNotFoundHandler((request, reply) =>
    sendS3Error(
      s3Error(
        'METHOD_NOT_ALLOWED',
        `The specified method ${request.method} is not allowed against this resource`,
      ),
      request,
      reply,
    ),
  );
  const handler = (request: FastifyRequest, reply: FastifyReply) => handle(services, auth, request, reply);
  for (const url of ['/', '/:bucket', '/:bucket/*'])
    app.route({ method: [...METHODS], url, handler, schema: { hide: true } });
};

async function handle(
  services: S3Services,
  auth: EdgeAuth | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const queryAt = request.url.indexOf('?');
  const rawQuery = queryAt < 0 ? '' : request.url.slice(queryAt + 1);
  const signature = readAwsSignature(request.headers, rawQuery);
  refuseSigV2(signature, rawQuery);
  // A request without credentials is an anonymous caller: the bucket's policy and ACLs alone may allow it.
  // A CORS preflight carries no credentials by design (browsers send none).
  const isPreflight = request.method === 'OPTIONS';
  const anonymous = auth !== undefined && !isPreflight && carriesNoCredentials(request);
  if (auth && !isPreflight && !anonymous) await authenticateS3(auth, request);
  const params = request.params as { bucket?: string; '*'?: string };
  const call: S3Call = {
    request,
    reply,
    services,
    bucket: params.bucket ?? '',
    key: params['*'] ?? '',
    query: firstValues(request.query),
    region: (signature.kind === 'sigv4' && signature.scope.region) || DEFAULT_REGION,
    accessKeyId: accessKeyOf(signature),
    owner: ownerOf(request),
    authorize: s3Authorizer(auth, request, services),
  };
  if (isPreflight) return preflight(call);
  const operation = selectOperation({
    ...call,
    method: request.method,
    hasCopySource: request.headers['x-amz-copy-source'] !== undefined,
  });
  request.log.debug({ operation: operation.name, accessKeyId: call.accessKeyId }, 's3 request');
  if (isReservedBucket(call.bucket)) refuseStagingBucket(call, operation.name === 'CreateBucket');
  const permissions = s3Permissions(operation.name, call);
  // An anonymous caller runs only what a bucket policy or ACL can grant (and POST object, which authorizes its
  // form itself); every other request of theirs, unknown and unimplemented ones included, is S3's AccessDenied.
  if (anonymous && permissions.length === 0 && !(operation.name === 'PostObject' && call.key === ''))
    throw s3Error('ACCESS_DENIED', 'Access Denied');
  await call.authorize(permissions);
  if (!operation.handler) throw s3Error('NOT_IMPLEMENTED', `${operation.name} is not implemented by Scones`);
  await prepareWriteAcl(call, operation.name);
  return operation.handler(call);
}

function sendS3Error(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const wire = toS3WireError(error);
  if (wire.status >= 500) request.log.error({ err: error }, 's3 request failed');
  reply.status(wire.status).header('content-type', 'application/xml');
  if (wire.headers) reply.headers(wire.headers);
  if (wire.code === 'InvalidRange' && wire.fields?.ActualObjectSize)
    reply.header('content-range', `bytes */${wire.fields.ActualObjectSize}`);
  // HEAD answers carry no body: clients read the status alone (404 for a missing key).
  if (request.method === 'HEAD') return reply.send();
  const queryAt = request.originalUrl.indexOf('?');
  const resource = queryAt < 0 ? request.originalUrl : request.originalUrl.slice(0, queryAt);
  const fields = Object.entries(wire.fields ?? {}).map(([name, value]) => textElement(name, value));
  return reply.send(
    xmlDocument(
      'Error',
      [
        textElement('Code', wire.code),
        textElement('Message', wire.message),
        ...fields,
        textElement('Resource', safeDecode(resource)),
        textElement('RequestId', request.id),
      ],
      false,
    ),
  );
}

function drainUnread(request: FastifyRequest): void {
  const raw = request.raw;
  if (raw.complete || raw.destroyed) return;
  raw.on('error', () => {});
  raw.resume();
}

function firstValues(query: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    result[name] = typeof first === 'string' ? first : '';
  }
  return result;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
