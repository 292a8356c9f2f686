// The file cache on local disk, shared by every process of a node without locks: entries are filled in private
// staging folders and renamed into place (a rename onto a complete entry fails, so the first one wins), readers only
// stat, and last use is the mtime of the entry's index file, which eviction (least recently used first) reads.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../kernel/clock.js';
import { fileCacheError } from '../errors.js';
import type { CacheUsage, FileCache, Fill } from '../port.js';
import { evictOver } from './eviction.js';
import { folderBytes, writeIndex } from './index-file.js';

export interface DiskFileCacheOptions {
  /** The cache's folder (made when missing). */
  readonly root: string;
  /** Total bytes of entries kept after a fill; least recently used entries beyond it are removed. */
  readonly maxBytes: number;
  /**
   * Entries used more recently than this are never evicted (a warm guest may still read its code), so the cache
   * can stay above `maxBytes` for that long. Default 15 minutes, Lambda's longest timeout.
   */
  readonly graceMs?: number;
  readonly clock: Clock;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const DEFAULT_GRACE_MS = 15 * 60_000;

export class DiskFileCache implements FileCache {
  readonly location: string;
  readonly #graceMs: number;

  constructor(private readonly options: DiskFileCacheOptions) {
    this.location = options.root;
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  async folder(key: string, fill: Fill): Promise<string> {
    if (!KEY.test(key)) throw fileCacheError('INVALID_KEY', `file cache key '${key}' is not a plain name`);
    const entry = this.#path('entries', key);
    // Marked used before it is looked at: an eviction racing with us then sees the use and puts it back.
    if (await this.#touch(key)) {
      if (await stat(entry).catch(() => undefined)) return entry;
    }
    await this.#fill(key, fill);
    await evictOver(this.#layout(), {
      maxBytes: this.options.maxBytes,
      usedAfter: this.options.clock.now() - this.#graceMs,
      keep: key,
    });
    return entry;
  }

  async usage(): Promise<CacheUsage> {
    const keys = await readdir(this.#path('entries')).catch(() => [] as string[]);
    let bytes = 0;
    for (const key of keys) bytes += await folderBytes(this.#path('entries', key));
    return { entries: keys.length, bytes };
  }

  async #fill(key: string, fill: Fill): Promise<void> {
    const staging = this.#path('staging', randomBytes(8).toString('hex'));
    const dir = path.join(staging, 'entry');
    const scratch = path.join(staging, 'scratch');
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await mkdir(scratch, { recursive: true });
    await mkdir(this.#path('entries'), { recursive: true, mode: 0o755 });
    try {
      await fill({ dir, scratch });
      // The index first: an entry is never visible without its size (a crash in between leaves an orphan index,
      // which eviction removes).
      await writeIndex(this.#layout(), key, await folderBytes(dir), this.options.clock.now());
      await rename(dir, this.#path('entries', key)).catch((error: NodeJS.ErrnoException) => {
        // Another process filled it first: its entry has the same content.
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Marks the key used now; false when it has no index (never filled, or evicted). */
  async #touch(key: string): Promise<boolean> {
    const now = new Date(this.options.clock.now());
    return utimes(this.#path('index', key), now, now).then(
      () => true,
      () => false,
    );
  }

  #layout() {
    return { root: this.options.root, path: (...parts: string[]) => this.#path(...parts) };
  }

  #path(...parts: string[]): string {
    return path.join(this.options.root, ...parts);
  }
}
