// The file cache in one process: fills once, verified writes, LRU eviction by last use, and the grace of recent use.

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DiskFileCache } from '../../../src/platform/file-cache/disk/disk-file-cache.js';
import { writeVerified } from '../../../src/platform/file-cache/verified-write.js';

/** A clock the test moves: last use is the index file's mtime, so eviction follows it. */
function fixedClock(start: number) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-file-cache-unit-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const fillWith =
  (bytes: number) =>
  async ({ dir }: { dir: string }) =>
    writeFile(path.join(dir, 'data'), Buffer.alloc(bytes, 7));

it('fills an entry once and hands out the same folder after', async () => {
  const cache = new DiskFileCache({ root, maxBytes: 1000, clock: fixedClock(0) });
  let fills = 0;
  const fill = async ({ dir }: { dir: string }) => {
    fills++;
    await writeFile(path.join(dir, 'handler.py'), 'def handler(e, c): return 1');
  };
  const first = await cache.folder('code-1', fill);
  expect(await cache.folder('code-1', fill)).toBe(first);
  expect(fills).toBe(1);
  expect(await readFile(path.join(first, 'handler.py'), 'utf8')).toContain('handler');
  expect(await cache.usage()).toEqual({ entries: 1, bytes: 27 });
});

it('keeps nothing of a fill that throws, and refuses keys that are not plain names', async () => {
  const cache = new DiskFileCache({ root, maxBytes: 1000, clock: fixedClock(0) });
  await expect(
    cache.folder('broken', async ({ dir }) => {
      await writeFile(path.join(dir, 'half'), 'x');
      throw new Error('backend went away');
    }),
  ).rejects.toThrow('backend went away');
  expect(await readdir(path.join(root, 'entries'))).toEqual([]);
  expect(await readdir(path.join(root, 'staging'))).toEqual([]);
  await expect(cache.folder('../escape', fillWith(1))).rejects.toMatchObject({
    code: 'FILE_CACHE_INVALID_KEY',
  });
});

it('evicts the least recently used entries past maxBytes, never one used within the grace', async () => {
  const clock = fixedClock(1_000_000);
  const cache = new DiskFileCache({ root, maxBytes: 300, graceMs: 10_000, clock });
  for (const key of ['a', 'b', 'c']) {
    await cache.folder(key, fillWith(100));
    clock.advance(20_000);
  }
  await cache.folder('a', fillWith(100)); // used again: now the newest
  clock.advance(20_000);
  await cache.folder('d', fillWith(100));
  expect((await readdir(path.join(root, 'entries'))).sort()).toEqual(['a', 'c', 'd']);
  // Everything used just now: over the bound for the grace, rather than pull code from under a warm guest.
  for (const key of ['a', 'c']) await cache.folder(key, fillWith(100));
  await cache.folder('e', fillWith(100));
  expect((await readdir(path.join(root, 'entries'))).sort()).toEqual(['a', 'c', 'd', 'e']);
  clock.advance(20_000);
  await cache.folder('f', fillWith(100));
  const left = await readdir(path.join(root, 'entries'));
  expect(left).toHaveLength(3);
  expect(left).toContain('f');
});

it('keeps an entry larger than the bound while it is the one just filled', async () => {
  const cache = new DiskFileCache({ root, maxBytes: 10, graceMs: 0, clock: fixedClock(0) });
  const folder = await cache.folder('big', fillWith(100));
  expect(await readFile(path.join(folder, 'data'))).toHaveLength(100);
});

it('writes a verified file only when its digest matches', async () => {
  const body = Buffer.from('model bytes');
  const sha256 = createHash('sha256').update(body).digest('hex');
  const good = path.join(root, 'good');
  expect(await writeVerified(Readable.from([body]), good, { algorithm: 'sha256', hex: sha256 })).toBe(11);
  const bad = path.join(root, 'bad');
  await expect(
    writeVerified(Readable.from([Buffer.from('tampered')]), bad, { algorithm: 'sha256', hex: sha256 }),
  ).rejects.toMatchObject({ code: 'FILE_CACHE_CHECKSUM_MISMATCH' });
  expect((await readdir(root)).sort()).toEqual(['good']);
});
