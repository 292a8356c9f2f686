// Two fs stores over one folder, as a CLI beside the server has: each has its own bucket gate, so only the on-disk
// protocol (the %deleting marker, the marker's generation) orders one's writes against the other's DeleteBucket.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { type FsBlobStore, openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';

const PLAIN = { contentType: 'application/octet-stream', metadata: {} };
let root: string;
let writer: FsBlobStore;
let deleter: FsBlobStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-fs-two-'));
  writer = await openFsBlobStore(path.join(root, 'objects'), systemClock);
  deleter = await openFsBlobStore(path.join(root, 'objects'), systemClock);
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function* chunked(count: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    yield Buffer.alloc(8 * 1024, i);
  }
}

it('never acknowledges both a put and the other store deleting its bucket', async () => {
  for (let round = 0; round < 20; round++) {
    await deleter.createBucket('shared');
    const [put, deleted] = await Promise.all([
      writer.put('shared', `k${round}`, chunked(round % 5), PLAIN),
      deleter.deleteBucket('shared'),
    ]);
    const context = JSON.stringify({ round, put: typeof put === 'object' ? 'ok' : put, deleted });
    if (typeof put === 'object') {
      expect(deleted, context).toBe('not_empty');
      expect(await deleter.delete('shared', `k${round}`)).toBe('deleted');
      expect(await deleter.deleteBucket('shared')).toBe('deleted');
    } else {
      expect([put, deleted], context).toEqual(['no_bucket', 'deleted']);
    }
    expect(await writer.headBucket('shared')).toBeUndefined();
  }
});

it('keeps an acknowledged put readable when the other store deletes and re-creates the bucket meanwhile', async () => {
  for (let round = 0; round < 20; round++) {
    await deleter.createBucket('reborn');
    const [put] = await Promise.all([
      writer.put('reborn', 'k', chunked(round % 5), PLAIN),
      deleter.deleteBucket('reborn').then(() => deleter.createBucket('reborn')),
    ]);
    if (typeof put === 'object') expect(await writer.head('reborn', 'k')).toMatchObject({ etag: put.etag });
    else expect(put).toBe('no_bucket');
    await deleter.delete('reborn', 'k');
    expect(await deleter.deleteBucket('reborn')).toBe('deleted');
  }
});
