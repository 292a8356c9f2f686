// Publishing a written object into its bucket: only while the bucket is live, never re-creating a deleted bucket.
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isCode, isMissing, readBucketState, syncFolder } from './bucket-folder.js';

const MAX_ATTEMPTS = 6;

/**
 * Renames the synced temp file to `parts` under the bucket folder; false (nothing left published) when the bucket
 * is not live. In this process the caller's bucket gate orders it against deletions; a deletion run by another
 * process shows in the marker read after the rename, and then the write is taken back.
 */
export async function commitObject(
  bucketFolder: string,
  parts: readonly string[],
  temp: string,
): Promise<boolean> {
  const before = await readBucketState(bucketFolder);
  if (before.status !== 'live') return false;
  const { ino } = await stat(temp);
  const target = path.join(bucketFolder, ...parts);
  if (!(await publish(temp, bucketFolder, target))) return false;
  // Still the same live bucket: not being deleted, nor deleted and created again (our file went with the old one).
  const after = await readBucketState(bucketFolder);
  if (after.status === 'live' && after.generation === before.generation) return true;
  await unlinkIfStill(target, ino);
  return false;
}

/** Creates the key's folders below the bucket folder (never the bucket folder itself) and renames the file in. */
async function publish(temp: string, bucketFolder: string, target: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await makeFolders(bucketFolder, path.dirname(target));
      await rename(temp, target);
      await syncFolder(path.dirname(target));
      return true;
    } catch (error) {
      // A concurrent DeleteObject pruned a folder we had just made, or the bucket folder itself is gone.
      if (!isMissing(error)) throw error;
      if (!(await exists(bucketFolder))) return false;
      if (attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function makeFolders(bucketFolder: string, folder: string): Promise<void> {
  const relative = path.relative(bucketFolder, folder);
  let current = bucketFolder;
  for (const part of relative === '' ? [] : relative.split(path.sep)) {
    current = path.join(current, part);
    try {
      await mkdir(current);
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
  }
}

async function exists(folder: string): Promise<boolean> {
  return stat(folder).then(
    () => true,
    () => false,
  );
}

/** Removes the file we published unless a later write has replaced it since. */
async function unlinkIfStill(target: string, ino: number): Promise<void> {
  const current = await stat(target).catch(() => undefined);
  if (current?.ino === ino) await unlink(target).catch(() => undefined);
}
