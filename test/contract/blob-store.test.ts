// One contract for every BlobStore adapter: fs, memory, and the S3 adapter (both layouts) over real S3 servers
// (a second `scones serve` on an fs home, and Ceph's RADOS Gateway) must behave alike.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/kernel/clock.js';
import { compareUtf8 } from '../../src/kernel/utf8.js';
import { openFsBlobStore } from '../../src/platform/blob/fs/fs-blob-store.js';
import { MemoryBlobStore } from '../../src/platform/blob/memory/memory-blob-store.js';
import type { BlobStore, ListItem, ListQuery } from '../../src/platform/blob/port.js';
import { radosgwInstalled } from '../support/radosgw-server.js';
import { openOn, type S3Backend, startRadosBackend, startSconesBackend } from '../support/s3-backends.js';
import { tempFiles } from '../support/store-temp.js';

interface Adapter {
  name: string;
  /** Starts what the adapter's stores live on, once for its tests (a server, for the S3 adapter). */
  start?(): Promise<void>;
  create(): Promise<{ store: BlobStore; cleanup(): Promise<void>; root?: string }>;
  /** Keys the adapter's backend refuses by its own naming rules (an S3 adapter passes keys through as they are). */
  refusedKeys?: readonly string[];
}

const running: Array<Promise<S3Backend>> = [];
afterAll(async () => {
  for (const backend of running.splice(0)) await (await backend).stop();
});

/** The S3 adapter in both layouts over one backend server, started once and shared; each test gets a fresh prefix. */
function s3Adapters(server: string, start: () => Promise<S3Backend>): Adapter[] {
  let backend: Promise<S3Backend> | undefined;
  let runs = 0;
  const started = async () => {
    if (!backend) {
      backend = start();
      running.push(backend);
    }
    return backend;
  };
  const open = async (overrides: Parameters<typeof openOn>[1]) => {
    const store = await openOn(await started(), overrides);
    return { store, cleanup: () => store.close() };
  };
  return [
    {
      name: `s3 prefix on ${server}`,
      start: async () => void (await started()),
      create: () => open({ prefix: `t${++runs}/` }),
    },
    {
      name: `s3 bucket-per-bucket on ${server}`,
      // Scones's own S3 API refuses keys that would be absolute paths; AWS S3 and Ceph take them.
      ...(server === 'scones serve' ? { refusedKeys: ['/abs'] } : {}),
      start: async () => void (await started()),
      create: () => open({ prefix: `t${++runs}/`, mode: 'bucket-per-bucket', bucketPrefix: `t${runs}-` }),
    },
  ];
}

// CI installs radosgw (.ci/run); a developer machine without it runs the other backends.
const withRados = (await radosgwInstalled()) || process.env.CI === 'true';

const ADAPTERS: Adapter[] = [
  {
    name: 'fs',
    async create() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'scones-blob-'));
      const store = await openFsBlobStore(path.join(root, 'objects'), systemClock);
      return { store, root, cleanup: () => rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 'memory',
    create: async () => ({ store: new MemoryBlobStore(systemClock), cleanup: async () => {} }),
  },
  ...s3Adapters('scones serve', startSconesBackend),
  ...(withRados ? s3Adapters('radosgw', startRadosBackend) : []),
];

const PLAIN = { contentType: 'application/octet-stream', metadata: {} };

/** A body of `count` chunks that yields to the event loop between chunks, as a network upload does. */
async function* chunked(count: number, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    yield Buffer.alloc(size, i);
  }
}

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function bytes(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

/** S3's ETag of an object made of these parts. */
function multipartEtagOf(parts: readonly Uint8Array[]): string {
  const digest = createHash('md5');
  for (const part of parts) digest.update(createHash('md5').update(part).digest());
  return `${digest.digest('hex')}-${parts.length}`;
}

async function listAll(store: BlobStore, bucket: string, query: Omit<ListQuery, 'limit'>, limit = 1000) {
  const result = await store.list(bucket, { ...query, limit });
  if (result.status !== 'ok') throw new Error(result.status);
  return result.items.map((i: ListItem) => (i.kind === 'object' ? i.info.key : `P:${i.prefix}`));
}

for (const adapter of ADAPTERS) {
  describe(`BlobStore contract: ${adapter.name}`, () => {
    let store: BlobStore;
    let cleanup: () => Promise<void>;
    let root: string | undefined;

    beforeAll(async () => adapter.start?.());
    beforeEach(async () => {
      ({ store, cleanup, root } = await adapter.create());
      await store.createBucket('b');
    });
    afterEach(async () => cleanup());
    const tempLeft = async () => (root ? tempFiles(path.join(root, 'objects')) : []);

    it('creates, lists and deletes buckets', async () => {
      expect(await store.createBucket('b')).toBe('exists');
      expect(await store.createBucket('a')).toBe('created');
      expect((await store.listBuckets()).map((b) => b.name)).toEqual(['a', 'b']);
      await store.put('a', 'k', Buffer.from('x'), PLAIN);
      expect(await store.deleteBucket('a')).toBe('not_empty');
      await store.delete('a', 'k');
      expect(await store.deleteBucket('a')).toBe('deleted');
      expect(await store.deleteBucket('a')).toBe('no_bucket');
      expect(await store.headBucket('a')).toBeUndefined();
    });

    it('round-trips bytes, content type, metadata and an MD5 ETag', async () => {
      const body = Buffer.from('hello scones');
      const info = await store.put('b', 'dir/hello.txt', body, {
        contentType: 'text/plain',
        metadata: { owner: 'me' },
      });
      expect(info).toMatchObject({ key: 'dir/hello.txt', size: body.length, contentType: 'text/plain' });
      expect(typeof info === 'object' && info.etag).toBe(createHash('md5').update(body).digest('hex'));
      const got = await store.get('b', 'dir/hello.txt');
      if (got.status !== 'ok') throw new Error(got.status);
      expect(await text(got.body)).toBe('hello scones');
      expect(got.info.metadata).toEqual({ owner: 'me' });
      expect(await store.head('b', 'dir/hello.txt')).toMatchObject({ size: body.length });
      expect(await store.head('b', 'dir/missing')).toBe('no_key');
      expect(await store.head('nope', 'x')).toBe('no_bucket');
      expect(await store.put('nope', 'x', body, PLAIN)).toBe('no_bucket');
    });

    it('streams a body given as chunks and stores an empty object', async () => {
      async function* chunks() {
        for (let i = 0; i < 100; i++) yield Buffer.alloc(10_000, i);
      }
      const info = await store.put('b', 'big', chunks(), PLAIN);
      expect(info).toMatchObject({ size: 1_000_000 });
      expect(await store.put('b', 'empty', Buffer.alloc(0), PLAIN)).toMatchObject({ size: 0 });
      const got = await store.get('b', 'empty');
      expect(got.status === 'ok' && (await text(got.body))).toBe('');
    });

    it('serves byte ranges and refuses unsatisfiable ones', async () => {
      await store.put('b', 'r', Buffer.from('0123456789'), PLAIN);
      const cases: Array<[Parameters<BlobStore['get']>[2], string]> = [
        [{ start: 2, end: 4 }, '234'],
        [{ start: 7 }, '789'],
        [{ start: 8, end: 100 }, '89'],
        [{ suffix: 3 }, '789'],
        [{ suffix: 50 }, '0123456789'],
      ];
      for (const [range, expected] of cases) {
        const got = await store.get('b', 'r', range);
        if (got.status !== 'ok') throw new Error(got.status);
        expect(await text(got.body)).toBe(expected);
      }
      expect(await store.get('b', 'r', { start: 10 })).toEqual({ status: 'bad_range', size: 10 });
    });

    it('refuses a body over maxBytes and leaves nothing behind', async () => {
      expect(await store.put('b', 'k', Buffer.alloc(100), { ...PLAIN, maxBytes: 99 })).toBe('too_large');
      expect(await store.head('b', 'k')).toBe('no_key');
      if (root) expect(await tempFiles(path.join(root, 'objects'))).toEqual([]);
    });

    it('stores keys that look like paths, escapes and suffixes without collisions', async () => {
      const keys = [
        'a',
        'a/',
        'a//b',
        'a/b',
        'a/b/c',
        '/abs',
        '.',
        'x/./y',
        '%obj',
        'x%obj',
        '%bucket',
        '%+',
        '%2F',
        'tab\there',
        'ü/ñ',
        'emoji 🚲',
        `long/${'é'.repeat(400)}`,
        'z'.repeat(1000),
      ].filter((key) => !adapter.refusedKeys?.includes(key));
      for (const key of adapter.refusedKeys ?? [])
        await expect(store.put('b', key, Buffer.from(key), PLAIN)).rejects.toMatchObject({
          code: 'BLOB_BACKEND_INVALID',
        });
      for (const key of keys) await store.put('b', key, Buffer.from(key), PLAIN);
      for (const key of keys) {
        const got = await store.get('b', key);
        expect(got.status === 'ok' && (await text(got.body))).toBe(key);
      }
      expect(await listAll(store, 'b', { prefix: '' })).toEqual([...keys].sort(compareUtf8));
    });

    it('lists in UTF-8 binary order with prefix, delimiter, StartAfter and paging', async () => {
      const keys = ['a', 'a-b', 'a/b', 'a/b/c', 'a0', 'b/x', 'b/y/z', '\uE000', '\u{1F6B2}', 'a/c'];
      for (const key of keys) await store.put('b', key, Buffer.from('.'), PLAIN);
      // Every key in UTF-8 binary order, then the same with the folders under '/' rolled up ('P:' marks a prefix).
      const ordered = ['a', 'a-b', 'a/b', 'a/b/c', 'a/c', 'a0', 'b/x', 'b/y/z', '\uE000', '\u{1F6B2}'];
      const rolledUp = ['a', 'a-b', 'P:a/', 'a0', 'P:b/', '\uE000', '\u{1F6B2}'];
      expect(await listAll(store, 'b', { prefix: '' })).toEqual(ordered);
      expect(await listAll(store, 'b', { prefix: '', delimiter: '/' })).toEqual(rolledUp);
      expect(await listAll(store, 'b', { prefix: 'a/', delimiter: '/' })).toEqual(['a/b', 'P:a/b/', 'a/c']);
      expect(await listAll(store, 'b', { prefix: 'a/b' })).toEqual(['a/b', 'a/b/c']);
      expect(await listAll(store, 'b', { prefix: '', startAfter: 'a/b' })).toEqual(ordered.slice(3));
      expect(await listAll(store, 'b', { prefix: '', delimiter: '/', startAfter: 'a/b/c' })).toEqual(
        rolledUp.slice(2),
      );
      expect(
        await listAll(store, 'b', { prefix: '', delimiter: '/', startAfter: 'a/', skipPrefix: 'a/' }),
      ).toEqual(['a0', 'P:b/', '\uE000', '\u{1F6B2}']);
      const page = await store.list('b', { prefix: '', delimiter: '/', limit: 3 });
      expect(page.status === 'ok' && page.truncated).toBe(true);
      expect(await listAll(store, 'b', { prefix: 'b/', delimiter: 'y' })).toEqual(['b/x', 'P:b/y']);
    });

    it('deletes objects and forgets emptied folders', async () => {
      await store.put('b', 'deep/er/key', Buffer.from('1'), PLAIN);
      expect(await store.delete('b', 'deep/er/key')).toBe('deleted');
      expect(await store.delete('b', 'deep/er/key')).toBe('no_key');
      expect(await listAll(store, 'b', { prefix: '', delimiter: '/' })).toEqual([]);
      expect(await store.deleteBucket('b')).toBe('deleted');
    });

    it('lets the last complete write win under concurrent writers, never a mix', async () => {
      const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(256 * 1024, 65 + i));
      await Promise.all(bodies.map((body) => store.put('b', 'race', body, PLAIN)));
      const got = await store.get('b', 'race');
      if (got.status !== 'ok') throw new Error(got.status);
      const chunks: Uint8Array[] = [];
      for await (const chunk of got.body) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      expect(bytes.length).toBe(256 * 1024);
      expect(new Set(bytes).size).toBe(1);
      expect(got.info.etag).toBe(createHash('md5').update(bytes).digest('hex'));
    });

    it('round-trips stored headers, and stores none when given none', async () => {
      const headers = { 'cache-control': 'max-age=60', 'content-language': 'de' };
      await store.put('b', 'h', Buffer.from('x'), { ...PLAIN, headers });
      expect(await store.head('b', 'h')).toMatchObject({ headers });
      const got = await store.get('b', 'h');
      if (got.status !== 'ok') throw new Error(got.status);
      expect(got.info.headers).toEqual(headers);
      await store.put('b', 'plain', Buffer.from('x'), PLAIN);
      expect((await store.head('b', 'plain')) as object).not.toHaveProperty('headers');
    });

    it('stores tags with a put, and replaces them alone, keeping body, ETag and Last-Modified', async () => {
      const put = await store.put('b', 't', Buffer.from('tagged'), { ...PLAIN, tags: { a: '1', b: '' } });
      if (typeof put === 'string') throw new Error(put);
      expect(put.tags).toEqual({ a: '1', b: '' });
      const retagged = await store.setTags('b', 't', { z: '9', y: '8' });
      expect(retagged).toMatchObject({
        etag: put.etag,
        lastModified: put.lastModified,
        tags: { z: '9', y: '8' },
      });
      const got = await store.get('b', 't');
      if (got.status !== 'ok') throw new Error(got.status);
      expect(await text(got.body)).toBe('tagged');
      expect(Object.entries(got.info.tags ?? {})).toEqual([
        ['z', '9'],
        ['y', '8'],
      ]);
      await store.setTags('b', 't', {});
      expect((await store.head('b', 't')) as object).not.toHaveProperty('tags');
      expect(await store.setTags('b', 'missing', { a: '1' })).toBe('no_key');
      expect(await store.setTags('nope', 't', { a: '1' })).toBe('no_bucket');
    });

    it('round-trips the parts of a multipart object, and keeps them when retagged', async () => {
      const parts = [
        { partNumber: 1, size: 2 },
        { partNumber: 3, size: 1 },
      ];
      await store.put('b', 'mp', Buffer.from('abc'), { ...PLAIN, parts });
      expect(await store.head('b', 'mp')).toMatchObject({ parts });
      expect(await store.setTags('b', 'mp', { a: '1' })).toMatchObject({ parts, tags: { a: '1' } });
      await store.put('b', 'single', Buffer.from('x'), PLAIN);
      expect((await store.head('b', 'single')) as object).not.toHaveProperty('parts');
    });

    it('gives single-part objects the MD5 ETag and assembled ones the parts ETag (md5-of-md5s-N), as S3 does', async () => {
      const body = Buffer.from('abcdef');
      const single = await store.put('b', 'single', body, PLAIN);
      expect(single).toMatchObject({ etag: md5(body) });
      const partsEtag = multipartEtagOf([body.subarray(0, 3), body.subarray(3)]);
      const parts = [
        { partNumber: 1, size: 3 },
        { partNumber: 2, size: 3 },
      ];
      expect(
        await store.put('b', 'assembled', body, { ...PLAIN, parts, etag: () => partsEtag }),
      ).toMatchObject({
        etag: partsEtag,
      });
      expect(await store.head('b', 'assembled')).toMatchObject({ etag: partsEtag, size: 6, parts });
      const got = await store.get('b', 'assembled');
      if (got.status !== 'ok') throw new Error(got.status);
      expect(got.info.etag).toBe(partsEtag);
      expect(await text(got.body)).toBe('abcdef');
      expect(await listAll(store, 'b', { prefix: '' })).toEqual(['assembled', 'single']);
      expect((await store.list('b', { prefix: 'a', limit: 10 })) as object).toMatchObject({
        items: [{ kind: 'object', info: { etag: partsEtag } }],
      });
    });

    it('streams a body larger than one backend part and keeps its MD5 ETag', async () => {
      // Over the S3 adapter's 8 MiB part size: sent as native multipart onto the key, completed there.
      const size = 11 * 1024 * 1024;
      const info = await store.put('b', 'big', chunked(11, 1024 * 1024), PLAIN);
      const expected = createHash('md5');
      for (let i = 0; i < 11; i++) expected.update(Buffer.alloc(1024 * 1024, i));
      expect(info).toMatchObject({ size, etag: expected.digest('hex') });
      const got = await store.get('b', 'big', { start: 9 * 1024 * 1024, end: 9 * 1024 * 1024 + 1 });
      if (got.status !== 'ok') throw new Error(got.status);
      expect([...Buffer.from(await bytes(got.body))]).toEqual([9, 9]);
      expect(await store.head('b', 'big')).toMatchObject({ size, etag: (info as { etag: string }).etag });
    });

    it('assembles a native multipart upload in place, with the parts ETag, or leaves nothing when aborted', async () => {
      const multipart = store.multipart;
      if (!multipart) return; // optional: the storage module stages parts for adapters without it
      const first = Buffer.alloc(5 * 1024 * 1024, 1);
      const last = Buffer.from('tail');
      const id = await multipart.create('b', 'mp');
      if (id === 'no_bucket') throw new Error(id);
      expect(await multipart.uploadPart('b', 'mp', id, 1, first, {})).toMatchObject({ etag: md5(first) });
      expect(await multipart.uploadPart('b', 'mp', id, 2, last, {})).toMatchObject({ size: 4 });
      expect(await store.head('b', 'mp')).toBe('no_key');
      const listed = await multipart.listParts('b', 'mp', id);
      expect(listed).toMatchObject([
        { partNumber: 1, etag: md5(first), size: first.length },
        { partNumber: 2, etag: md5(last), size: 4 },
      ]);
      const partsEtag = multipartEtagOf([first, last]);
      const parts = [
        { partNumber: 1, size: first.length },
        { partNumber: 2, size: 4 },
      ];
      const done = await multipart.complete(
        'b',
        'mp',
        id,
        [
          { partNumber: 1, etag: md5(first) },
          { partNumber: 2, etag: md5(last) },
        ],
        {
          ...PLAIN,
          metadata: { m: '1' },
          parts,
          etag: () => partsEtag,
          condition: (current) => expect(current).toBeUndefined(),
        },
      );
      expect(done).toMatchObject({ etag: partsEtag, size: first.length + 4, parts, metadata: { m: '1' } });
      expect(await store.head('b', 'mp')).toMatchObject({ etag: partsEtag, parts, metadata: { m: '1' } });
      expect(await multipart.listParts('b', 'mp', id)).toBe('no_upload');
      const aborted = await multipart.create('b', 'gone');
      if (aborted === 'no_bucket') throw new Error(aborted);
      await multipart.uploadPart('b', 'gone', aborted, 1, last, {});
      await multipart.abort('b', 'gone', aborted);
      expect(await multipart.listParts('b', 'gone', aborted)).toBe('no_upload');
      expect(await store.head('b', 'gone')).toBe('no_key');
      expect(await multipart.create('nope', 'k')).toBe('no_bucket');
    });

    it('stores the checksum it is given once the body has been read', async () => {
      let read = false;
      async function* body() {
        yield Buffer.from('ab');
        read = true;
      }
      const checksum = { algorithm: 'crc32', value: 'AAAAAA==' };
      await store.put('b', 'sum', body(), { ...PLAIN, checksum: () => (read ? checksum : undefined) });
      expect(await store.head('b', 'sum')).toMatchObject({ checksum });
      expect(await store.setTags('b', 'sum', { a: '1' })).toMatchObject({ checksum });
    });

    it('stores the ETag the writer computed, asked once the body has been read, instead of hashing', async () => {
      let read = false;
      async function* body() {
        yield Buffer.from('sealed ');
        yield Buffer.from('bytes');
        read = true;
      }
      const etag = () => {
        expect(read).toBe(true);
        return '0123456789abcdef0123456789abcdef';
      };
      const put = await store.put('b', 'own-etag', body(), { ...PLAIN, etag });
      expect(put).toMatchObject({ size: 12, etag: '0123456789abcdef0123456789abcdef' });
      expect(await store.head('b', 'own-etag')).toMatchObject({ etag: '0123456789abcdef0123456789abcdef' });
      const got = await store.get('b', 'own-etag');
      if (got.status !== 'ok') throw new Error(got.status);
      expect(await text(got.body)).toBe('sealed bytes');
    });

    it('stores the encryption record it is given once the body has been read, and lists it', async () => {
      let read = false;
      async function* body() {
        yield Buffer.from('sealed');
        read = true;
      }
      const encryption = { kind: 'sse-s3', salt: 'c2FsdA==', chunkBytes: 65536, size: 2, etag: 'x' } as const;
      await store.put('b', 'enc', body(), { ...PLAIN, encryption: () => (read ? encryption : undefined) });
      expect(await store.head('b', 'enc')).toMatchObject({ size: 6, encryption });
      expect(await store.setTags('b', 'enc', { a: '1' })).toMatchObject({ encryption });
      const listed = await store.list('b', { prefix: 'enc', limit: 10 });
      expect(listed).toMatchObject({ items: [{ kind: 'object', info: { encryption } }] });
    });

    it('keeps a Last-Modified and a bucket creation time it is given (copies that move them as they were)', async () => {
      const then = Date.UTC(2024, 0, 2, 3, 4, 5);
      const info = await store.put('b', 'old', Buffer.from('x'), { ...PLAIN, lastModified: then });
      expect(info).toMatchObject({ lastModified: then });
      expect(await store.head('b', 'old')).toMatchObject({ lastModified: then });
      expect(await store.createBucket('was', 'owner-1', then)).toBe('created');
      expect(await store.headBucket('was')).toEqual({ name: 'was', createdAt: then, owner: 'owner-1' });
    });

    it('keeps a bucket tag set apart from its objects, and drops it with the bucket', async () => {
      expect(await store.getBucketTags('b')).toEqual({});
      expect(await store.setBucketTags('b', { team: 'ml', env: 'dev' })).toBe('ok');
      expect(await store.getBucketTags('b')).toEqual({ team: 'ml', env: 'dev' });
      expect(await listAll(store, 'b', { prefix: '' })).toEqual([]);
      expect(await store.deleteBucket('b')).toBe('deleted');
      await store.createBucket('b');
      expect(await store.getBucketTags('b')).toEqual({});
      await store.setBucketTags('b', { a: '1' });
      await store.setBucketTags('b', {});
      expect(await store.getBucketTags('b')).toEqual({});
      expect(await store.getBucketTags('nope')).toBe('no_bucket');
      expect(await store.setBucketTags('nope', { a: '1' })).toBe('no_bucket');
    });

    it('checks a put condition against the current object and refuses without changing it', async () => {
      const refuse = new Error('condition failed');
      const absent = (current: unknown) => {
        if (current !== undefined) throw refuse;
      };
      expect(await store.put('b', 'c', Buffer.from('first'), { ...PLAIN, condition: absent })).toMatchObject({
        size: 5,
      });
      await expect(store.put('b', 'c', Buffer.from('second'), { ...PLAIN, condition: absent })).rejects.toBe(
        refuse,
      );
      const seen: Array<string | undefined> = [];
      await store.put('b', 'c', Buffer.from('third'), {
        ...PLAIN,
        condition: (current) => {
          seen.push(current?.etag);
        },
      });
      expect(seen).toEqual([createHash('md5').update('first').digest('hex')]);
      const got = await store.get('b', 'c');
      if (got.status !== 'ok') throw new Error(got.status);
      expect(await text(got.body)).toBe('third');
      expect(await tempLeft()).toEqual([]);
    });

    it('lets exactly one of concurrent create-only puts win', async () => {
      const absent = (current: unknown) => {
        if (current !== undefined) throw new Error('exists');
      };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          store.put('b', 'once', chunked(4, 1024 + i), { ...PLAIN, condition: absent }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await tempLeft()).toEqual([]);
    });

    it('deletes only when the delete condition holds', async () => {
      await store.put('b', 'd', Buffer.from('keep'), PLAIN);
      const refuse = new Error('mismatch');
      await expect(
        store.delete('b', 'd', () => {
          throw refuse;
        }),
      ).rejects.toBe(refuse);
      expect(await store.head('b', 'd')).toMatchObject({ size: 4 });
      const seen: Array<number | undefined> = [];
      expect(await store.delete('b', 'd', (current) => void seen.push(current?.size))).toBe('deleted');
      expect(await store.delete('b', 'd', (current) => void seen.push(current?.size))).toBe('no_key');
      expect(seen).toEqual([4, undefined]);
    });

    it('keeps serving an open read while the object is replaced', async () => {
      await store.put('b', 'k', Buffer.alloc(500_000, 1), PLAIN);
      const reading = await store.get('b', 'k');
      await store.put('b', 'k', Buffer.alloc(10, 2), PLAIN);
      if (reading.status !== 'ok') throw new Error(reading.status);
      const chunks: Uint8Array[] = [];
      for await (const chunk of reading.body) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(Buffer.alloc(500_000, 1))).toBe(true);
    });

    it('orders a put against a concurrent deleteBucket: one of them fails, and the bucket name never wedges', async () => {
      for (let round = 0; round < 12; round++) {
        expect(await store.createBucket('race')).toBe('created');
        // Streamed in chunks, so the deletion runs while the put is still writing.
        const [put, deleted] = await Promise.all([
          store.put('race', `k/${round}`, chunked(8, 16 * 1024), PLAIN),
          store.deleteBucket('race'),
        ]);
        if (typeof put === 'object') {
          expect(deleted).toBe('not_empty');
          expect(await store.head('race', `k/${round}`)).toMatchObject({ key: `k/${round}` });
          expect(await store.delete('race', `k/${round}`)).toBe('deleted');
          expect(await store.deleteBucket('race')).toBe('deleted');
        } else {
          expect([put, deleted]).toEqual(['no_bucket', 'deleted']);
        }
        expect(await store.headBucket('race')).toBeUndefined();
        expect((await store.listBuckets()).map((b) => b.name)).toEqual(['b']);
      }
    });

    if (adapter.name === 'fs') {
      it('never shows a temp file a crash left behind', async () => {
        await writeFile(path.join(root as string, 'objects', '.tmp', 'half-written'), 'partial');
        expect(await listAll(store, 'b', { prefix: '' })).toEqual([]);
        expect((await store.listBuckets()).map((b) => b.name)).toEqual(['b']);
      });
    }
  });
}
