// Walks a bucket folder in S3 key order, pruning folders the query cannot reach.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compareUtf8 } from '../../../kernel/utf8.js';
import { commonPrefixOf, selectsKey } from '../listing.js';
import type { ListQuery } from '../port.js';
import { decodeEntry, type EntryKind } from './key-codec.js';

export type WalkItem = { kind: 'key'; key: string; file: string } | { kind: 'prefix'; prefix: string };

interface Entry {
  kind: EntryKind;
  /** Object: its key. Folder: the prefix every key inside starts with. */
  text: string;
  file: string;
}

/** Yields object keys (with their files) and, where a whole folder rolls up under the delimiter, its prefix. */
export async function* walkKeys(folder: string, base: string, query: ListQuery): AsyncGenerator<WalkItem> {
  for (const entry of await readEntries(folder, base)) {
    if (entry.kind === 'object') {
      if (selectsKey(entry.text, query, compareUtf8))
        yield { kind: 'key', key: entry.text, file: entry.file };
      continue;
    }
    if (!mayHoldSelectedKeys(entry.text, query)) continue;
    const rolledUp = wholeFolderPrefix(entry.text, query);
    if (rolledUp !== undefined) {
      if (await holdsAnyObject(entry.file)) yield { kind: 'prefix', prefix: rolledUp };
      continue;
    }
    yield* walkKeys(entry.file, entry.text, query);
  }
}

async function readEntries(folder: string, base: string): Promise<Entry[]> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const entries: Entry[] = [];
  for (const name of names) {
    const decoded = decodeEntry(name);
    if (!decoded) continue;
    const text = base + decoded.text + (decoded.kind === 'folder' ? '/' : '');
    entries.push({ kind: decoded.kind, text, file: path.join(folder, name) });
  }
  // An object sorts before a folder with the same text ("a" < "a/..."), which compareUtf8 already gives.
  return entries.sort((a, b) => compareUtf8(a.text, b.text) || (a.kind === 'object' ? -1 : 1));
}

/** False when no key starting with `folderPrefix` can be selected by the query. */
function mayHoldSelectedKeys(folderPrefix: string, query: ListQuery): boolean {
  if (!folderPrefix.startsWith(query.prefix) && !query.prefix.startsWith(folderPrefix)) return false;
  if (query.skipPrefix !== undefined && folderPrefix.startsWith(query.skipPrefix)) return false;
  const after = query.startAfter;
  return after === undefined || after.startsWith(folderPrefix) || compareUtf8(folderPrefix, after) > 0;
}

/** The common prefix all keys of the folder roll up into, when the folder lies wholly after StartAfter. */
function wholeFolderPrefix(folderPrefix: string, query: ListQuery): string | undefined {
  if (!folderPrefix.startsWith(query.prefix)) return undefined;
  if (query.startAfter?.startsWith(folderPrefix)) return undefined;
  const prefix = commonPrefixOf(folderPrefix, query);
  return prefix !== undefined && prefix.length <= folderPrefix.length ? prefix : undefined;
}

async function holdsAnyObject(folder: string): Promise<boolean> {
  for (const entry of await readEntries(folder, '')) {
    if (entry.kind === 'object' || (await holdsAnyObject(entry.file))) return true;
  }
  return false;
}
