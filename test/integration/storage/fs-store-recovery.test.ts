// Start-up of the fs object store after a crash: half-deleted buckets are finished or rolled back, and the temp
// files of dead processes are swept while those of running processes are kept.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { tempFiles } from '../../support/store-temp.js';

const PLAIN = { contentType: 'text/plain', metadata: {} };
let objects: string;

beforeEach(async () => {
  objects = path.join(await mkdtemp(path.join(os.tmpdir(), 'scones-fs-recovery-')), 'objects');
});
afterEach(() => rm(path.dirname(objects), { recursive: true, force: true }));

/** The state a kill -9 leaves right after DeleteBucket renamed the marker (step 2 of the deletion protocol). */
async function interruptDeletion(bucket: string): Promise<void> {
  await rename(path.join(objects, bucket, '%bucket'), path.join(objects, bucket, '%deleting'));
}

it('finishes a deletion a crash interrupted when the bucket was empty', async () => {
  const store = await openFsBlobStore(objects, systemClock);
  await store.createBucket('empty');
  await store.put('empty', 'a/b/c', Buffer.from('x'), PLAIN);
  await store.delete('empty', 'a/b/c');
  await interruptDeletion('empty');

  const reopened = await openFsBlobStore(objects, systemClock);
  expect(reopened.repairs).toEqual([{ bucket: 'empty', action: 'deletion_finished' }]);
  expect(await reopened.headBucket('empty')).toBeUndefined();
  expect(await reopened.listBuckets()).toEqual([]);
  expect(await reopened.createBucket('empty')).toBe('created');
});

it('rolls a deletion back when the bucket holds an object, which stays readable', async () => {
  const store = await openFsBlobStore(objects, systemClock);
  await store.createBucket('full');
  await store.put('full', 'kept', Buffer.from('acknowledged'), PLAIN);
  await interruptDeletion('full');

  const reopened = await openFsBlobStore(objects, systemClock);
  expect(reopened.repairs).toEqual([{ bucket: 'full', action: 'deletion_rolled_back' }]);
  expect(await reopened.head('full', 'kept')).toMatchObject({ key: 'kept', size: 12 });
  expect(await reopened.createBucket('full')).toBe('exists');
  expect(await reopened.deleteBucket('full')).toBe('not_empty');
});

it('gives a wedged bucket (objects, no marker: what the old race left) its marker back', async () => {
  const store = await openFsBlobStore(objects, systemClock);
  await store.createBucket('wedged');
  await store.put('wedged', 'orphan', Buffer.from('data'), PLAIN);
  await rm(path.join(objects, 'wedged', '%bucket'));
  expect(await store.headBucket('wedged')).toBeUndefined();
  expect(await store.createBucket('wedged')).toBe('exists');

  const reopened = await openFsBlobStore(objects, systemClock);
  expect(reopened.repairs).toEqual([{ bucket: 'wedged', action: 'marker_restored' }]);
  expect((await reopened.listBuckets()).map((b) => b.name)).toEqual(['wedged']);
  expect(await reopened.delete('wedged', 'orphan')).toBe('deleted');
  expect(await reopened.deleteBucket('wedged')).toBe('deleted');
  expect(await reopened.createBucket('wedged')).toBe('created');
});

it('deletes a bucket whose only content is empty folders an interrupted write left', async () => {
  const store = await openFsBlobStore(objects, systemClock);
  await store.createBucket('hollow');
  await mkdir(path.join(objects, 'hollow', 'a', 'b'), { recursive: true });
  expect(await store.deleteBucket('hollow')).toBe('deleted');
  expect(await store.createBucket('hollow')).toBe('created');
});

it('sweeps the temp folders of dead processes at start and keeps those of running ones', async () => {
  await openFsBlobStore(objects, systemClock);
  const tmp = path.join(objects, '.tmp');
  const started = Math.round(Date.now() / 1000 - process.uptime());
  const folders = {
    dead: `p${await deadPid()}-${started}-0b7c3c1e-8f7e-4e55-9d55-2b8cf1a0f4a1`,
    // Our PID, but a process that started long before this one: a container restarted as the same PID.
    previous: `p${process.pid}-${started - 3600}-1c2d3e4f-0000-4000-8000-000000000001`,
    running: `p${process.ppid}-${started - 60}-5f0f2e0a-63a4-4c1b-8f3e-0c7c7a2f4b10`,
  };
  for (const folder of Object.values(folders)) {
    await mkdir(path.join(tmp, folder), { recursive: true });
    await writeFile(path.join(tmp, folder, 'upload'), Buffer.alloc(1024));
  }
  const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
  await writeFile(path.join(tmp, folders.running, 'forgotten'), 'x');
  await utimes(path.join(tmp, folders.running, 'forgotten'), twoDaysAgo, twoDaysAgo);
  await writeFile(path.join(tmp, 'legacy-young'), 'x');
  await writeFile(path.join(tmp, 'legacy-old'), 'x');
  await utimes(path.join(tmp, 'legacy-old'), twoDaysAgo, twoDaysAgo);

  const second = await openFsBlobStore(objects, systemClock);
  expect(await tempFiles(objects)).toEqual(['legacy-young', path.join(folders.running, 'upload')]);
  // Both stores of this process keep their folders, and both still write.
  expect((await readdir(tmp)).filter((n) => n.startsWith(`p${process.pid}-`))).toHaveLength(2);
  await second.createBucket('after');
  expect(await second.put('after', 'k', Buffer.from('x'), PLAIN)).toMatchObject({ size: 1 });
});

/** The PID of a process that has exited. */
function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid as number));
  });
}
