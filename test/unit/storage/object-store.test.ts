// The object store service on the real filesystem adapter: S3 rules, error codes, paging.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { STORAGE_ERROR_CODES as CODES, ObjectStore, parseS3Uri } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { codeOf } from '../../support/error-code.js';

let root: string;
let store: ObjectStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-store-'));
  store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), systemClock), 1_000_000);
  await store.createBucket('data');
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('ObjectStore', () => {
  it('refuses bucket names S3 refuses', async () => {
    for (const name of [
      'ab',
      'a'.repeat(64),
      'Upper',
      'under_score',
      '-start',
      'end-',
      'a..b',
      'a.-b',
      'a-.b',
      '192.168.0.1',
      'xn--abc',
      'x-s3alias',
    ]) {
      expect(await codeOf(store.createBucket(name))).toBe(CODES.INVALID_BUCKET_NAME);
    }
    await expect(store.createBucket('my.bucket-1')).resolves.toMatchObject({ name: 'my.bucket-1' });
    expect(await codeOf(store.createBucket('data'))).toBe(CODES.BUCKET_EXISTS);
  });

  it('refuses keys that are invalid or would escape the store folder, and writes nothing', async () => {
    const bad = [
      '',
      '../etc/passwd',
      'a/../../b',
      '..',
      '/etc/passwd',
      'a\0b',
      'a\\b',
      'x'.repeat(1025),
      '\uD800',
    ];
    for (const key of bad)
      expect(await codeOf(store.putObject('data', key, Buffer.from('x')))).toBe(CODES.INVALID_KEY);
    await expect(store.putObject('data', 'é'.repeat(512), Buffer.from('ok'))).resolves.toMatchObject({
      size: 2,
    });
    expect(await codeOf(store.putObject('data', 'é'.repeat(513), Buffer.from('x')))).toBe(CODES.INVALID_KEY);
    expect(await readdir(root)).toEqual(['objects']);
    expect((await store.listObjects('data')).keyCount).toBe(1);
  });

  it('names missing buckets and keys, and deletes idempotently', async () => {
    expect(await codeOf(store.getObject('nothere', 'k'))).toBe(CODES.NO_SUCH_BUCKET);
    expect(await codeOf(store.getObject('data', 'k'))).toBe(CODES.NO_SUCH_KEY);
    expect(await codeOf(store.headObject('data', 'k'))).toBe(CODES.NO_SUCH_KEY);
    await expect(store.deleteObject('data', 'k')).resolves.toEqual({});
    expect(await codeOf(store.deleteObject('nothere', 'k'))).toBe(CODES.NO_SUCH_BUCKET);
  });

  it('keeps content type and lowercased metadata, and bounds metadata size and object size', async () => {
    const info = await store.putObject('data', 'k', Buffer.from('x'), {
      contentType: 'image/png',
      metadata: { Owner: 'me' },
    });
    expect(info).toMatchObject({ bucket: 'data', contentType: 'image/png', metadata: { owner: 'me' } });
    expect((await store.putObject('data', 'k2', Buffer.from('x'))).contentType).toBe(
      'application/octet-stream',
    );
    expect(
      await codeOf(store.putObject('data', 'k3', Buffer.from('x'), { metadata: { big: 'v'.repeat(3000) } })),
    ).toBe(CODES.METADATA_TOO_LARGE);
    expect(await codeOf(store.putObject('data', 'k4', Buffer.alloc(1_000_001)))).toBe(CODES.ENTITY_TOO_LARGE);
    await expect(store.headObject('data', 'k4')).rejects.toMatchObject({ code: CODES.NO_SUCH_KEY });
  });

  it('serves ranges and reports unsatisfiable ones', async () => {
    await store.putObject('data', 'r', Buffer.from('abcdef'));
    const out = await store.getObject('data', 'r', { range: { start: 1, end: 2 } });
    expect(out.range).toEqual({ start: 1, end: 2 });
    expect(await codeOf(store.getObject('data', 'r', { range: { start: 6 } }))).toBe(CODES.INVALID_RANGE);
  });

  it('pages through keys and common prefixes with continuation tokens', async () => {
    const keys = ['a/1', 'a/2', 'b', 'c/1', 'c/2', 'd', 'e/x/1'];
    for (const key of keys) await store.putObject('data', key, Buffer.from(key));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.listObjects('data', {
        delimiter: '/',
        maxKeys: 2,
        ...(token ? { continuationToken: token } : {}),
      });
      seen.push(...page.commonPrefixes.map((p) => `P:${p}`), ...page.contents.map((c) => c.key));
      expect(page.keyCount).toBeLessThanOrEqual(2);
      token = page.nextContinuationToken;
      pages++;
    } while (token);
    expect(seen.sort()).toEqual(['P:a/', 'P:c/', 'P:e/', 'b', 'd']);
    expect(pages).toBe(3);
    const all: string[] = [];
    for await (const object of store.listAllObjects('data')) all.push(object.key);
    expect(all).toEqual(keys);
    expect(await codeOf(store.listObjects('data', { continuationToken: 'garbage' }))).toBe(
      CODES.INVALID_TOKEN,
    );
    expect(await codeOf(store.listObjects('data', { maxKeys: -1 }))).toBe(CODES.INVALID_ARGUMENT);
  });

  it('refuses to delete a bucket that still holds objects', async () => {
    await store.putObject('data', 'k', Buffer.from('x'));
    expect(await codeOf(store.deleteBucket('data'))).toBe(CODES.BUCKET_NOT_EMPTY);
    await store.deleteObject('data', 'k');
    await store.deleteBucket('data');
    expect(await codeOf(store.headBucket('data'))).toBe(CODES.NO_SUCH_BUCKET);
  });

  it('parses s3:// URIs', () => {
    expect(parseS3Uri('s3://data/train/a.png')).toEqual({ bucket: 'data', key: 'train/a.png' });
    expect(parseS3Uri('s3://data')).toEqual({ bucket: 'data', key: '' });
    expect(() => parseS3Uri('http://x')).toThrow(/s3:\/\//);
  });
});
