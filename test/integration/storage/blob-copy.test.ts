// copyBlobs between two real adapters (an in-memory source, a filesystem target): what moves, what a rerun skips,
// what it copies again, and the progress it reports. The S3 target is covered end to end in store-migrate.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/kernel/clock.js';
import { type BlobCopyProgress, copyBlobs } from '../../../src/platform/blob/copy/copy-blobs.js';
import { type FsBlobStore, openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { MemoryBlobStore } from '../../../src/platform/blob/memory/memory-blob-store.js';

const PLAIN = { contentType: 'text/plain', metadata: {} };
let now = Date.UTC(2025, 5, 1);
const clock: Clock = { now: () => now };
let folder: string;
let source: MemoryBlobStore;
let target: FsBlobStore;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'scones-blob-copy-'));
  source = new MemoryBlobStore(clock);
  target = await openFsBlobStore(folder, clock);
});
afterEach(async () => {
  await target.close();
  await source.close();
  await rm(folder, { recursive: true, force: true });
});

describe('copyBlobs', () => {
  it('moves buckets and objects with their records, then skips them, and copies a changed one again', async () => {
    await source.createBucket('a', 'owner-a');
    await source.setBucketTags('a', { team: 'bikes' });
    await source.createBucket('b');
    const sealed = { kind: 'sse-s3', salt: 'c2FsdA==', chunkBytes: 65536, size: 3, etag: 'e' } as const;
    await source.put('a', 'x/1', Buffer.from('one'), {
      contentType: 'image/png',
      metadata: { camera: '3' },
      headers: { 'cache-control': 'no-cache' },
      tags: { label: 'bike' },
      parts: [{ partNumber: 1, size: 3 }],
      checksum: () => ({ algorithm: 'crc32', value: 'AAAAAA==' }),
      encryption: () => sealed,
    });
    for (let i = 0; i < 5; i++) await source.put('b', `k${i}`, Buffer.from(`body ${i}`), PLAIN);
    now += 60_000;

    const seen: BlobCopyProgress[] = [];
    const first = await copyBlobs({ source, target, every: 2, onProgress: (p) => seen.push(p) });
    expect(first).toMatchObject({ buckets: ['a', 'b'], objects: 6, copied: 6, skipped: 0, vanished: 0 });
    expect(seen.map((p) => p.objects)).toEqual([2, 4, 6, 6]);
    expect(await target.headBucket('a')).toEqual(await source.headBucket('a'));
    expect(await target.getBucketTags('a')).toEqual({ team: 'bikes' });
    for (const [bucket, key] of [
      ['a', 'x/1'],
      ['b', 'k3'],
    ] as const)
      expect(await target.head(bucket, key)).toEqual(await source.head(bucket, key));

    await source.put('b', 'k3', Buffer.from('changed'), PLAIN);
    const again = await copyBlobs({ source, target });
    expect(again).toMatchObject({ objects: 6, copied: 1, skipped: 5 });
    expect(await target.head('b', 'k3')).toMatchObject({ size: 7 });
  });
});
