// Homes from before code lived in the object store kept it unpacked under `<home>/functions`: each version's folder
// is stored as its object, then the old tree is removed. Idempotent: a crash part way leaves folders that the next
// start stores again (or finds stored), and the tree goes only once every folder is stored.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CodeStore } from './code-store.js';

export interface OldCodeLayout {
  /** `<home>/functions`: `<function>/code/<ref>/` and `.layers/content/<layer>/code/<ref>/`. */
  readonly root: string;
  readonly functions: CodeStore;
  readonly layers: CodeStore;
  /** A local scratch folder for the archives. */
  readonly scratch: string;
}

/** Stores every old code folder; returns how many there were (0 when the home has no old tree). */
export async function migrateOldCode(layout: OldCodeLayout): Promise<number> {
  if (!(await stat(layout.root).catch(() => undefined))) return 0;
  let moved = 0;
  for (const name of await names(layout.root))
    if (!name.startsWith('.'))
      moved += await storeAll(layout, layout.functions, path.join(layout.root, name), name);
  const layers = path.join(layout.root, '.layers', 'content');
  for (const name of await names(layers))
    if (!name.startsWith('.')) moved += await storeAll(layout, layout.layers, path.join(layers, name), name);
  // Merged /opt folders and staging leftovers are rebuilt on demand: nothing of them needs keeping.
  await rm(layout.root, { recursive: true, force: true });
  return moved;
}

async function storeAll(
  layout: OldCodeLayout,
  store: CodeStore,
  folder: string,
  name: string,
): Promise<number> {
  const refs = await names(path.join(folder, 'code'));
  for (const ref of refs) await store.storeFolder(name, ref, path.join(folder, 'code', ref), layout.scratch);
  return refs.length;
}

async function names(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}
