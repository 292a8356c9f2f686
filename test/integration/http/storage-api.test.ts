// The REST API for the object store, through Fastify's in-process injection on the real fs adapter.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/http/http-app.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-http-'));
  const store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), systemClock));
  app = await buildHttpApp(
    { store },
    { version: 'test', logger: pino({ level: 'silent' }), bodyLimitBytes: 1 << 20 },
  );
});
afterAll(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

describe('storage REST API', () => {
  it('answers health and describes itself in OpenAPI', async () => {
    const health = await app.inject({ url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'ok', version: 'test' });
    const spec = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/api/v1/buckets',
        '/api/v1/buckets/{bucket}',
        '/api/v1/buckets/{bucket}/objects',
      ]),
    );
  });

  it('creates buckets, stores, reads, lists and deletes objects', async () => {
    expect((await app.inject({ method: 'PUT', url: '/api/v1/buckets/photos' })).statusCode).toBe(201);
    const conflict = await app.inject({ method: 'PUT', url: '/api/v1/buckets/photos' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('STORAGE_BUCKET_EXISTS');
    const body = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/buckets/photos/objects/2026/a%20b.png',
      headers: { 'content-type': 'image/png', 'x-amz-meta-camera': 'x100' },
      payload: body,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ key: '2026/a b.png', size: 8, contentType: 'image/png' });
    const get = await app.inject({ url: '/api/v1/buckets/photos/objects/2026/a%20b.png' });
    expect(get.rawPayload.equals(body)).toBe(true);
    expect(get.headers).toMatchObject({
      'content-type': 'image/png',
      'x-amz-meta-camera': 'x100',
      etag: `"${put.json().etag}"`,
    });
    const json = await app.inject({
      method: 'PUT',
      url: '/api/v1/buckets/photos/objects/doc.json',
      headers: { 'content-type': 'application/json' },
      payload: '{"raw": true',
    });
    expect(json.statusCode).toBe(200);
    const list = (await app.inject({ url: '/api/v1/buckets/photos/objects?delimiter=/' })).json();
    expect(list).toMatchObject({
      commonPrefixes: ['2026/'],
      objects: [{ key: 'doc.json', size: 12 }],
      isTruncated: false,
    });
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/buckets/photos/objects/doc.json' })).statusCode,
    ).toBe(204);
    const gone = await app.inject({ url: '/api/v1/buckets/photos/objects/doc.json' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('STORAGE_NO_SUCH_KEY');
  });

  it('serves byte ranges and HEAD', async () => {
    await app.inject({ method: 'PUT', url: '/api/v1/buckets/ranges' });
    await app.inject({
      method: 'PUT',
      url: '/api/v1/buckets/ranges/objects/r',
      payload: '0123456789',
      headers: { 'content-type': 'text/plain' },
    });
    const partial = await app.inject({
      url: '/api/v1/buckets/ranges/objects/r',
      headers: { range: 'bytes=2-5' },
    });
    expect(partial.statusCode).toBe(206);
    expect(partial.payload).toBe('2345');
    expect(partial.headers['content-range']).toBe('bytes 2-5/10');
    const suffix = await app.inject({
      url: '/api/v1/buckets/ranges/objects/r',
      headers: { range: 'bytes=-3' },
    });
    expect(suffix.payload).toBe('789');
    const bad = await app.inject({
      url: '/api/v1/buckets/ranges/objects/r',
      headers: { range: 'bytes=50-' },
    });
    expect(bad.statusCode).toBe(416);
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/buckets/ranges/objects/r' });
    expect(head.headers['content-length']).toBe('10');
  });

  it('answers bad input with a coded error and keeps serving', async () => {
    const badBucket = await app.inject({ method: 'PUT', url: '/api/v1/buckets/Bad_Name' });
    expect(badBucket.statusCode).toBe(400);
    expect(badBucket.json().error.code).toBe('STORAGE_INVALID_BUCKET_NAME');
    await app.inject({ method: 'PUT', url: '/api/v1/buckets/keys' });
    const traversal = await app.inject({
      method: 'PUT',
      url: '/api/v1/buckets/keys/objects/a/..%2F..%2Fescape',
      payload: 'x',
    });
    expect(traversal.statusCode).toBe(400);
    expect(traversal.json().error.code).toBe('STORAGE_INVALID_KEY');
    const badQuery = await app.inject({ url: '/api/v1/buckets/keys/objects?maxKeys=nope' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.code).toBe('HTTP_INVALID_REQUEST');
    const badToken = await app.inject({ url: '/api/v1/buckets/keys/objects?continuationToken=zzz' });
    expect(badToken.json().error.code).toBe('STORAGE_INVALID_TOKEN');
    expect((await app.inject({ url: '/api/nowhere' })).json().error.code).toBe('HTTP_NOT_FOUND');
    // An unsigned request for a path that is not Scones's is S3's: here, a bucket that does not exist.
    expect((await app.inject({ url: '/nowhere' })).body).toContain('<Code>NoSuchBucket</Code>');
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
