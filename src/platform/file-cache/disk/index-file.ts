// One small file per entry, `index/<key>`: its text is the entry's size in bytes, its mtime the entry's last use.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface CacheLayout {
  readonly root: string;
  path(...parts: string[]): string;
}

export interface IndexRecord {
  readonly key: string;
  readonly size: number;
  /** Last use, epoch milliseconds. */
  readonly usedAt: number;
}

/** Replaced atomically (written aside, renamed over), so a reader never sees a half-written size. */
export async function writeIndex(layout: CacheLayout, key: string, size: number, now: number): Promise<void> {
  const folder = layout.path('index');
  await mkdir(folder, { recursive: true });
  const temp = path.join(folder, `.${key}.${randomBytes(6).toString('hex')}`);
  await writeFile(temp, String(size));
  await utimes(temp, new Date(now), new Date(now));
  await rename(temp, path.join(folder, key));
}

export async function readIndex(layout: CacheLayout, key: string): Promise<IndexRecord | undefined> {
  const file = layout.path('index', key);
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), lstat(file)]);
    const size = Number(text);
    return { key, size: Number.isFinite(size) ? size : 0, usedAt: info.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Every complete index (half-written ones, named with a leading dot, are skipped). */
export async function readIndexes(layout: CacheLayout): Promise<IndexRecord[]> {
  const names = await readdir(layout.path('index')).catch(() => [] as string[]);
  const records = await Promise.all(
    names.filter((name) => !name.startsWith('.')).map((name) => readIndex(layout, name)),
  );
  return records.filter((record): record is IndexRecord => record !== undefined);
}

/** Bytes of every file under `folder` (links counted as themselves). */
export async function folderBytes(folder: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    bytes += entry.isDirectory() ? await folderBytes(full) : (await lstat(full)).size;
  }
  return bytes;
}
