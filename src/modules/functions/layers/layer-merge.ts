// What a function sees at /opt: its layers' contents extracted in order, a later layer's files replacing an
// earlier one's, as Lambda lays them. Built once per ordered set of layer contents in the node's file cache.
import { createHash } from 'node:crypto';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { FileCache } from '../../../platform/file-cache/port.js';

/** The cache entry `opt-<sha256 of the ordered content folders>`; `folders` are the layers' unpacked contents. */
export function mergedLayers(cache: FileCache, folders: readonly string[]): Promise<string> {
  // The folders are cache entries named by content, so their names address the merge.
  const key = createHash('sha256')
    .update(folders.map((folder) => path.basename(folder)).join('\u0000'))
    .digest('hex');
  return cache.folder(`opt-${key}`, async ({ dir }) => {
    for (const folder of folders) await cp(folder, dir, { recursive: true, force: true });
  });
}
