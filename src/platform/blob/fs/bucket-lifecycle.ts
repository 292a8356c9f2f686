// Creating and deleting bucket folders durably, and repairing at start-up what a crash left half-done.
//
// Deletion: (1) refuse if any object is stored; (2) rename `%bucket` to `%deleting` and sync, from which point no
// writer commits; (3) check again (a writer in another process may have committed in between) and roll back if
// an object appeared; (4) rename the folder into the temp area and sync: the bucket is gone; (5) remove the trash.
// A kill -9 after (2) leaves `%deleting`: start-up finishes the deletion if the bucket is empty, else rolls it
// back (the client never got its 204). A kill -9 after (4) leaves trash in a dead process's temp folder: swept.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  holdsObjects,
  isCode,
  isMissing,
  markerContent,
  readBucketState,
  syncFolder,
} from './bucket-folder.js';
import { BUCKET_MARKER, DELETING_MARKER } from './key-codec.js';

/** Builds the bucket in the temp area, then renames it into place: it appears whole or not at all. */
export async function createBucketFolder(
  folder: string,
  tmp: string,
  createdAt: number,
  owner?: string,
): Promise<'created' | 'exists'> {
  const staged = path.join(tmp, `bucket-${randomUUID()}`);
  await mkdir(staged);
  await writeFile(path.join(staged, BUCKET_MARKER), markerContent(createdAt, owner), { flush: true });
  try {
    await rename(staged, folder);
    await syncFolder(path.dirname(folder));
    return 'created';
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    if (isCode(error, 'ENOTEMPTY') || isCode(error, 'EEXIST')) return 'exists';
    throw error;
  }
}

export async function deleteBucketFolder(
  folder: string,
  tmp: string,
): Promise<'deleted' | 'no_bucket' | 'not_empty'> {
  if ((await readBucketState(folder)).status !== 'live') return 'no_bucket';
  if (await holdsObjects(folder)) return 'not_empty';
  try {
    await rename(path.join(folder, BUCKET_MARKER), path.join(folder, DELETING_MARKER));
  } catch (error) {
    if (isMissing(error)) return 'no_bucket'; // another process deleted it first
    throw error;
  }
  await syncFolder(folder);
  if (await holdsObjects(folder)) {
    await rollBack(folder);
    return 'not_empty';
  }
  await discardFolder(folder, tmp);
  return 'deleted';
}

export interface BucketRepair {
  readonly bucket: string;
  readonly action: 'deletion_finished' | 'deletion_rolled_back' | 'marker_restored' | 'empty_folder_removed';
}

/**
 * Brings every bucket folder to a clean state: live with `%bucket`, or gone. Folders with objects and no marker
 * at all (left by versions before the deletion protocol) get their marker back: their objects were acknowledged.
 */
export async function repairBucketFolders(
  location: string,
  tmpRoot: string,
  tmp: string,
  now: number,
): Promise<BucketRepair[]> {
  const repairs: BucketRepair[] = [];
  for (const name of await readdir(location)) {
    const folder = path.join(location, name);
    if (folder === tmpRoot || !(await stat(folder)).isDirectory()) continue;
    const action = await repairBucketFolder(folder, tmp, now);
    if (action) repairs.push({ bucket: name, action });
  }
  return repairs;
}

async function repairBucketFolder(
  folder: string,
  tmp: string,
  now: number,
): Promise<BucketRepair['action'] | undefined> {
  const state = await readBucketState(folder);
  if (state.status === 'live') return undefined;
  const hasObjects = await holdsObjects(folder);
  if (state.status === 'deleting') {
    if (!hasObjects) {
      await discardFolder(folder, tmp);
      return 'deletion_finished';
    }
    await rollBack(folder);
    return 'deletion_rolled_back';
  }
  if (!hasObjects) {
    await discardFolder(folder, tmp);
    return 'empty_folder_removed';
  }
  const staged = path.join(tmp, `marker-${randomUUID()}`);
  await writeFile(staged, markerContent(now), { flush: true });
  await rename(staged, path.join(folder, BUCKET_MARKER));
  await syncFolder(folder);
  return 'marker_restored';
}

// Both tolerate a process starting beside this one (a CLI) whose repair got to the same folder first.

async function rollBack(folder: string): Promise<void> {
  if (await renamed(path.join(folder, DELETING_MARKER), path.join(folder, BUCKET_MARKER)))
    await syncFolder(folder);
}

/** One rename takes the folder out of the store (durably); removing its content can then take its time. */
async function discardFolder(folder: string, tmp: string): Promise<void> {
  const trash = path.join(tmp, `trash-${randomUUID()}`);
  if (!(await renamed(folder, trash))) return;
  await syncFolder(path.dirname(folder));
  await rm(trash, { recursive: true, force: true });
}

/** False when the source is gone already. */
async function renamed(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
