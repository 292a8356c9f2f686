// The files under an fs object store's temp area (`<objects>/.tmp/<process folder>/...`), folders left out.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export async function tempFiles(objectsFolder: string): Promise<string[]> {
  const root = path.join(objectsFolder, '.tmp');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}
