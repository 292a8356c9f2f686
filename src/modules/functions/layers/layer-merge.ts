// What a function sees at /opt: its layers' contents extracted in order, a later layer's files replacing an
// earlier one's, as Lambda lays them. Built once per ordered set of layer contents, then shared and immutable.
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** `<root>/<sha256 of the ordered content folders>/`; `folders` are the layers' unpacked contents. */
export async function mergedLayers(root: string, folders: readonly string[]): Promise<string> {
  const key = createHash('sha256').update(folders.join('\u0000')).digest('hex');
  const final = path.join(root, key);
  if (await stat(final).catch(() => undefined)) return final;
  const staging = path.join(root, `.staging-${randomBytes(8).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    for (const folder of folders) await cp(folder, staging, { recursive: true, force: true });
    await rename(staging, final).catch(async (error: NodeJS.ErrnoException) => {
      // Another process built the same set first: its copy is identical.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return final;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
