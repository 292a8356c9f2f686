// One bucket's folder on disk: its marker file says whether the bucket takes writes, is being deleted, or is gone.
//
// `%bucket` marks a live bucket. DeleteBucket renames it to `%deleting` before its last emptiness check, so a
// writer that commits after that point sees the bucket is no longer live. Both names hold the same JSON.
import { randomUUID } from 'node:crypto';
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUCKET_MARKER, DELETING_MARKER, decodeEntry } from './key-codec.js';

export type BucketState =
  | {
      readonly status: 'live' | 'deleting';
      readonly createdAt: number;
      readonly owner?: string;
      /** Tells this bucket from a later one of the same name (deleted and created again meanwhile). */
      readonly generation: string;
    }
  | { readonly status: 'absent' };

/** Reads the marker; `%bucket` is read again last, as a rolled-back deletion renames it back. */
export async function readBucketState(folder: string): Promise<BucketState> {
  for (const [marker, status] of [
    [BUCKET_MARKER, 'live'],
    [DELETING_MARKER, 'deleting'],
    [BUCKET_MARKER, 'live'],
  ] as const) {
    const content = await readMarker(path.join(folder, marker));
    if (content !== undefined) return { status, ...content };
  }
  return { status: 'absent' };
}

/** The marker's JSON: `{createdAt, generation, owner?}` (older markers have no generation or owner). */
export function markerContent(createdAt: number, owner?: string): string {
  return JSON.stringify({ createdAt, generation: randomUUID(), ...(owner === undefined ? {} : { owner }) });
}

async function readMarker(
  file: string,
): Promise<{ createdAt: number; generation: string; owner?: string } | undefined> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8'));
    return {
      createdAt: Number(json.createdAt),
      generation: `${json.createdAt}/${json.generation ?? ''}`,
      ...(typeof json.owner === 'string' ? { owner: json.owner } : {}),
    };
  } catch (error) {
    if (isMissing(error) || isCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}

/** Whether any object file lies under the folder (empty folders a crash or an aborted write left do not count). */
export async function holdsObjects(folder: string): Promise<boolean> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if (isMissing(error) || isCode(error, 'ENOTDIR')) return false;
    throw error;
  }
  for (const name of names) {
    const entry = decodeEntry(name);
    if (entry?.kind === 'object') return true;
    if (entry && (await holdsObjects(path.join(folder, name)))) return true;
  }
  return false;
}

/** Makes a rename or a new entry in the folder durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

export function isMissing(error: unknown): boolean {
  return isCode(error, 'ENOENT');
}
