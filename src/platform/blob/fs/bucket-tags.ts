// A bucket's tag set: a JSON file beside its marker, replaced whole (temp file, rename) so readers see one set.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isCode, isMissing, syncFolder } from './bucket-folder.js';
import { BUCKET_TAGS } from './key-codec.js';

export async function readBucketTags(folder: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(path.join(folder, BUCKET_TAGS), 'utf8')) as Record<string, string>;
  } catch (error) {
    if (isMissing(error) || isCode(error, 'ENOTDIR')) return {};
    throw error;
  }
}

/** Replaces the set; false when the bucket folder is gone (deleted meanwhile). An empty set removes the file. */
export async function writeBucketTags(
  folder: string,
  tmp: string,
  tags: Readonly<Record<string, string>>,
): Promise<boolean> {
  const target = path.join(folder, BUCKET_TAGS);
  if (Object.keys(tags).length === 0) {
    await unlink(target).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
    return true;
  }
  const staged = path.join(tmp, `tags-${randomUUID()}`);
  await writeFile(staged, JSON.stringify(tags), { flush: true });
  try {
    await rename(staged, target);
  } catch (error) {
    await rm(staged, { force: true });
    if (isMissing(error)) return false;
    throw error;
  }
  await syncFolder(folder);
  return true;
}
