// S3 listing through the SDK: the v2 paginator, v1 markers, delimiters, StartAfter and listing errors.
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type S3TestServer, startS3TestServer } from './s3-server.js';

let server: S3TestServer;
let s3: S3Client;

const KEYS = [
  'logs/2026/01/a.txt',
  'logs/2026/01/b.txt',
  'logs/2026/02/c.txt',
  'logs/2027/d.txt',
  'logs/top.txt',
  'photos/x.png',
  'readme.md',
  ...Array.from({ length: 13 }, (_, i) => `many/item-${String(i).padStart(2, '0')}`),
];

beforeAll(async () => {
  server = await startS3TestServer();
  s3 = server.client();
  await s3.send(new CreateBucketCommand({ Bucket: 'lists' }));
  for (const key of KEYS) await s3.send(new PutObjectCommand({ Bucket: 'lists', Key: key, Body: key }));
});
afterAll(() => server.close());

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

describe('S3 listing', () => {
  it('pages through every key with paginateListObjectsV2', async () => {
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 4 }, { Bucket: 'lists' })) {
      pages++;
      expect(page.KeyCount).toBeLessThanOrEqual(4);
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    }
    expect(keys).toEqual([...KEYS].sort());
    expect(pages).toBe(Math.ceil(KEYS.length / 4));
  });

  it('groups by delimiter under a prefix, across pages', async () => {
    const prefixes: string[] = [];
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 1 },
      { Bucket: 'lists', Prefix: 'logs/', Delimiter: '/' },
    )) {
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''));
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    }
    expect(prefixes).toEqual(['logs/2026/', 'logs/2027/']);
    expect(keys).toEqual(['logs/top.txt']);
  });

  it('lists with StartAfter, MaxKeys, ETags and sizes', async () => {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: 'lists', StartAfter: 'photos/x.png', MaxKeys: 5 }),
    );
    expect(page.Contents?.map((c) => c.Key)).toEqual(['readme.md']);
    expect(page.Contents?.[0]).toMatchObject({
      Size: 'readme.md'.length,
      ETag: `"${md5(Buffer.from('readme.md'))}"`,
      StorageClass: 'STANDARD',
    });
    expect(page.IsTruncated).toBe(false);
  });

  it('pages ListObjects v1 with markers, rolling prefixes up once', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsCommand({ Bucket: 'lists', Delimiter: '/', MaxKeys: 1, Marker: marker }),
      );
      seen.push(
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
        ...(page.Contents ?? []).map((c) => c.Key ?? ''),
      );
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    expect(seen).toEqual(['logs/', 'many/', 'photos/', 'readme.md']);
  });

  it('answers listing errors', async () => {
    expect(await failure(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })))).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
    expect(
      await failure(s3.send(new ListObjectsV2Command({ Bucket: 'lists', ContinuationToken: 'garbage!' }))),
    ).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });
});
