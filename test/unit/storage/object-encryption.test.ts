// Encryption at rest in the object store on the real filesystem adapter: SSE-S3, SSE-C, ranges, bucket defaults.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { CHUNK_BYTES } from '../../../src/modules/storage/encryption/chunk-cipher.js';
import {
  STORAGE_ERROR_CODES as CODES,
  fileHomeKeys,
  ObjectStore,
} from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { keyToPathParts } from '../../../src/platform/blob/fs/key-codec.js';
import type { BlobStore } from '../../../src/platform/blob/port.js';
import { codeOf } from '../../support/error-code.js';

let root: string;
let blobs: BlobStore;
let store: ObjectStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-sse-'));
  blobs = await openFsBlobStore(path.join(root, 'objects'), systemClock);
  store = new ObjectStore(blobs, 10_000_000, fileHomeKeys(path.join(root, 'storage.key')));
  await store.createBucket('data');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function rawBytes(bucket: string, key: string): Promise<Buffer> {
  const result = await blobs.get(bucket, key);
  if (result.status !== 'ok') throw new Error(result.status);
  const chunks: Uint8Array[] = [];
  for await (const chunk of result.body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function bytesOf(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const objectFile = (key: string) => path.join(root, 'objects', 'data', ...keyToPathParts(key));
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('SSE-S3', () => {
  it('stores no plaintext, reads back the same bytes, keeps S3 size and ETag, across chunk edges', async () => {
    for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17]) {
      const body = Buffer.alloc(size, 'secret!');
      const info = await store.putObject('data', `o${size}`, body, { encryption: { kind: 'sse-s3' } });
      expect(info).toMatchObject({ size, etag: md5(body), encryption: { kind: 'sse-s3' } });
      expect(await store.headObject('data', `o${size}`)).toMatchObject({ size, etag: md5(body) });
      expect((await store.getObjectBytes('data', `o${size}`)).equals(body)).toBe(true);
      const raw = await rawBytes('data', `o${size}`);
      if (size > 8) expect(raw.includes(Buffer.from('secret!secret!'))).toBe(false);
    }
  });

  it('reads any range by decrypting only the chunks under it', async () => {
    const body = randomBytes(5 * CHUNK_BYTES + 123);
    await store.putObject('data', 'r', body, { encryption: { kind: 'sse-s3' } });
    const cases = [
      { start: 0, end: 0 },
      { start: CHUNK_BYTES - 2, end: CHUNK_BYTES + 2 },
      { start: 2 * CHUNK_BYTES, end: 3 * CHUNK_BYTES - 1 },
      { start: 5 * CHUNK_BYTES + 100 },
      { suffix: 300 },
      { start: 7, end: 10 * CHUNK_BYTES },
    ];
    for (const range of cases) {
      const out = await store.getObject('data', 'r', { range });
      const { start, end } = out.range ?? { start: -1, end: -1 };
      expect((await bytesOf(out.body)).equals(body.subarray(start, end + 1)), JSON.stringify(range)).toBe(
        true,
      );
    }
    expect(await codeOf(store.getObject('data', 'r', { range: { start: body.length } }))).toBe(
      CODES.INVALID_RANGE,
    );
  });

  it('refuses stored bytes that were changed', async () => {
    await store.putObject('data', 't', Buffer.alloc(100_000, 1), { encryption: { kind: 'sse-s3' } });
    const file = objectFile('t');
    const bytes = await readFile(file);
    bytes[70_000] = (bytes[70_000] ?? 0) ^ 1;
    await writeFile(file, bytes);
    expect(await codeOf(store.getObjectBytes('data', 't'))).toBe(CODES.OBJECT_DAMAGED);
  });

  it('keeps the home key in a 0600 file made on first use', async () => {
    await store.putObject('data', 'k', Buffer.from('x'), { encryption: { kind: 'sse-s3' } });
    const mode = (await stat(path.join(root, 'storage.key'))).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('without a home key, encrypted writes fail with a stable code', async () => {
    const bare = new ObjectStore(blobs);
    expect(
      await codeOf(bare.putObject('data', 'n', Buffer.from('x'), { encryption: { kind: 'sse-s3' } })),
    ).toBe(CODES.ENCRYPTION_UNAVAILABLE);
  });
});

describe('SSE-C', () => {
  const key = randomBytes(32);

  it('reads only with the same key; the key itself is never stored', async () => {
    const body = Buffer.from('customer data '.repeat(10_000));
    const info = await store.putObject('data', 'c', body, { encryption: { kind: 'sse-c', key } });
    expect(info.size).toBe(body.length);
    expect((await store.getObjectBytes('data', 'c', { customerKey: key })).equals(body)).toBe(true);
    expect(await codeOf(store.getObjectBytes('data', 'c'))).toBe(CODES.ENCRYPTION_KEY_REQUIRED);
    expect(await codeOf(store.headObject('data', 'c'))).toBe(CODES.ENCRYPTION_KEY_REQUIRED);
    expect(await codeOf(store.getObjectBytes('data', 'c', { customerKey: randomBytes(32) }))).toBe(
      CODES.ENCRYPTION_KEY_MISMATCH,
    );
    expect(
      await codeOf(
        store.getObject('data', 'c', { customerKey: randomBytes(32), range: { start: 1, end: 2 } }),
      ),
    ).toBe(CODES.ENCRYPTION_KEY_MISMATCH);
    const file = await readFile(objectFile('c'));
    expect(file.includes(key)).toBe(false);
    expect(file.includes(Buffer.from(key.toString('base64')))).toBe(false);
  });

  it('refuses a key sent for an object not encrypted with one', async () => {
    await store.putObject('data', 'plain', Buffer.from('x'));
    expect(await codeOf(store.headObject('data', 'plain', { customerKey: key }))).toBe(
      CODES.ENCRYPTION_NOT_APPLICABLE,
    );
  });
});

describe('bucket default encryption', () => {
  it('encrypts what is written to the bucket, and goes with the bucket', async () => {
    expect(await codeOf(store.getBucketEncryption('data'))).toBe(CODES.NO_ENCRYPTION_CONFIGURATION);
    await store.putBucketEncryption('data', { algorithm: 'AES256', bucketKeyEnabled: false });
    expect(await store.getBucketEncryption('data')).toEqual({ algorithm: 'AES256', bucketKeyEnabled: false });
    const info = await store.putObject('data', 'd', Buffer.from('by default'));
    expect(info.encryption?.kind).toBe('sse-s3');
    expect((await rawBytes('data', 'd')).includes(Buffer.from('by default'))).toBe(false);
    await store.deleteObject('data', 'd');
    await store.deleteBucket('data');
    await store.createBucket('data');
    expect(await codeOf(store.getBucketEncryption('data'))).toBe(CODES.NO_ENCRYPTION_CONFIGURATION);
    expect((await store.putObject('data', 'e', Buffer.from('x'))).encryption).toBeUndefined();
    await store.putBucketEncryption('data', { algorithm: 'AES256', bucketKeyEnabled: true });
    await store.deleteBucketEncryption('data');
    expect(await codeOf(store.getBucketEncryption('data'))).toBe(CODES.NO_ENCRYPTION_CONFIGURATION);
  });
});
