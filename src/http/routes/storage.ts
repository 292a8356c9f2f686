// REST resource for the object store: /api/v1/buckets and /api/v1/buckets/{bucket}/objects/{key}.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  type ObjectInfo,
  type ObjectStore,
  S3_MAX_SINGLE_PUT_BYTES,
  storageError,
} from '../../modules/storage/index.js';
import { DOWNLOAD_HEADERS } from '../download-headers.js';
import { parseRangeHeader } from '../range-header.js';
import { ErrorBody } from './error-schemas.js';
import { Bucket, BucketList, ObjectList, ObjectSummary } from './storage-schemas.js';

const BucketParams = Type.Object({ bucket: Type.String() });
const ObjectParams = Type.Object({ bucket: Type.String(), '*': Type.String() });

export const storageRoutes: FastifyPluginAsyncTypebox<{ store: ObjectStore }> = async (app, { store }) => {
  app.get('/buckets', { schema: { tags: ['storage'], response: { 200: BucketList } } }, async () => ({
    buckets: (await store.listBuckets()).map((b) => ({ name: b.name, createdAt: iso(b.createdAt) })),
  }));

  app.put(
    '/buckets/:bucket',
    { schema: { tags: ['storage'], params: BucketParams, response: { 201: Bucket, 409: ErrorBody } } },
    async (request, reply) => {
      const created = await store.createBucket(request.params.bucket);
      return reply.status(201).send({ name: created.name, createdAt: iso(created.createdAt) });
    },
  );

  app.get(
    '/buckets/:bucket',
    { schema: { tags: ['storage'], params: BucketParams, response: { 200: Bucket, 404: ErrorBody } } },
    async (request) => {
      const info = await store.headBucket(request.params.bucket);
      return { name: info.name, createdAt: iso(info.createdAt) };
    },
  );

  app.delete(
    '/buckets/:bucket',
    { schema: { tags: ['storage'], params: BucketParams } },
    async (request, reply) => {
      await store.deleteBucket(request.params.bucket);
      return reply.status(204).send();
    },
  );

  app.get(
    '/buckets/:bucket/objects',
    {
      schema: {
        tags: ['storage'],
        params: BucketParams,
        querystring: Type.Object({
          prefix: Type.Optional(Type.String()),
          delimiter: Type.Optional(Type.String()),
          maxKeys: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          continuationToken: Type.Optional(Type.String()),
          startAfter: Type.Optional(Type.String()),
        }),
        response: { 200: ObjectList },
      },
    },
    async (request) => {
      const page = await store.listObjects(request.params.bucket, request.query);
      return {
        bucket: page.bucket,
        prefix: page.prefix,
        objects: page.contents.map(summary),
        commonPrefixes: [...page.commonPrefixes],
        isTruncated: page.isTruncated,
        ...(page.nextContinuationToken ? { nextContinuationToken: page.nextContinuationToken } : {}),
      };
    },
  );

  await app.register(objectRoutes, { store });
};

/** Object bodies are raw bytes of any content type, so this scope replaces the JSON body parsers. */
const objectRoutes: FastifyPluginAsyncTypebox<{ store: ObjectStore }> = async (app, { store }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.put(
    '/buckets/:bucket/objects/*',
    { schema: { tags: ['storage'], params: ObjectParams, response: { 200: ObjectSummary } } },
    async (request) => {
      const metadata = Object.fromEntries(
        Object.entries(request.headers)
          .filter(([name, value]) => name.startsWith('x-amz-meta-') && typeof value === 'string')
          .map(([name, value]) => [name.slice('x-amz-meta-'.length), value as string]),
      );
      // A declared length over the limit is refused before any byte is written (not after 5 GB of them).
      const declared = Number(request.headers['content-length']);
      if (declared > S3_MAX_SINGLE_PUT_BYTES)
        throw storageError(
          'ENTITY_TOO_LARGE',
          `the body is ${declared} bytes; objects may be at most ${S3_MAX_SINGLE_PUT_BYTES}`,
        );
      const body = (request.body as AsyncIterable<Uint8Array> | undefined) ?? new Uint8Array(0);
      const info = await store.putObject(request.params.bucket, request.params['*'], body, {
        contentType: request.headers['content-type'],
        metadata,
      });
      return summary(info);
    },
  );

  app.get(
    '/buckets/:bucket/objects/*',
    { exposeHeadRoute: false, schema: { tags: ['storage'], params: ObjectParams } },
    async (request, reply) => {
      const range = parseRangeHeader(request.headers.range);
      const out = await store.getObject(request.params.bucket, request.params['*'], range ? { range } : {});
      objectHeaders(reply, out.info);
      if (out.range) {
        reply
          .status(206)
          .header('content-range', `bytes ${out.range.start}-${out.range.end}/${out.info.size}`);
        reply.header('content-length', out.range.end - out.range.start + 1);
      } else reply.header('content-length', out.info.size);
      return reply.send(out.body);
    },
  );

  app.head(
    '/buckets/:bucket/objects/*',
    { schema: { tags: ['storage'], params: ObjectParams } },
    async (request, reply) => {
      const info = await store.headObject(request.params.bucket, request.params['*']);
      objectHeaders(reply, info);
      return reply.header('content-length', info.size).send();
    },
  );

  app.delete(
    '/buckets/:bucket/objects/*',
    { schema: { tags: ['storage'], params: ObjectParams } },
    async (request, reply) => {
      await store.deleteObject(request.params.bucket, request.params['*']);
      return reply.status(204).send();
    },
  );
};

function objectHeaders(reply: FastifyReply, info: ObjectInfo): void {
  reply
    .type(info.contentType)
    .header('etag', `"${info.etag}"`)
    .header('last-modified', new Date(info.lastModified).toUTCString())
    .header('accept-ranges', 'bytes')
    .headers(DOWNLOAD_HEADERS);
  for (const [name, value] of Object.entries(info.metadata)) reply.header(`x-amz-meta-${name}`, value);
}

function summary(info: ObjectInfo) {
  return {
    key: info.key,
    size: info.size,
    etag: info.etag,
    lastModified: iso(info.lastModified),
    contentType: info.contentType,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
