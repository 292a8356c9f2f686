// Least-recently-used eviction without locks: an entry is moved to the trash by rename (atomic), its index read
// again, and the entry put back if a reader marked it used meanwhile; only then are its index and files removed.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { type CacheLayout, type IndexRecord, readIndex, readIndexes } from './index-file.js';

export interface EvictionPolicy {
  readonly maxBytes: number;
  /** Entries used after this (epoch milliseconds) stay, whatever the total. */
  readonly usedAfter: number;
  /** The entry just filled, kept even when it alone is larger than maxBytes. */
  readonly keep: string;
}

export async function evictOver(layout: CacheLayout, policy: EvictionPolicy): Promise<void> {
  const live: IndexRecord[] = [];
  for (const record of await readIndexes(layout)) {
    if (await stat(layout.path('entries', record.key)).catch(() => undefined)) live.push(record);
    // An index whose entry never arrived (a fill crashed, or lost a race with an eviction).
    else if (record.usedAt < policy.usedAfter) await unlink(layout.path('index', record.key)).catch(() => {});
  }
  let total = live.reduce((sum, record) => sum + record.size, 0);
  if (total <= policy.maxBytes) return;
  const candidates = live
    .filter((record) => record.key !== policy.keep && record.usedAt < policy.usedAfter)
    .sort((a, b) => a.usedAt - b.usedAt);
  for (const record of candidates) {
    if (total <= policy.maxBytes) return;
    if (await evictOne(layout, record)) total -= record.size;
  }
}

/** True when the entry is gone; false when another process took it first or a reader used it meanwhile. */
async function evictOne(layout: CacheLayout, record: IndexRecord): Promise<boolean> {
  const entry = layout.path('entries', record.key);
  await mkdir(layout.path('trash'), { recursive: true });
  const trash = layout.path('trash', randomBytes(8).toString('hex'));
  try {
    await rename(entry, trash);
  } catch {
    return false;
  }
  const now = await readIndex(layout, record.key);
  if (now && now.usedAt !== record.usedAt) {
    // Used while we decided: put it back, unless a fill already brought an identical copy.
    await rename(trash, entry).catch(() => rm(trash, { recursive: true, force: true }));
    return false;
  }
  await unlink(layout.path('index', record.key)).catch(() => {});
  await rm(trash, { recursive: true, force: true });
  return true;
}
