// BlobStore on the local filesystem: atomic writes (temp file, fsync, rename), one folder per bucket.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../kernel/clock.js';
import { collectPage } from '../listing.js';
import {
  type BlobBody,
  type BlobInfo,
  type BlobStore,
  type BucketInfo,
  type ByteRange,
  type GetResult,
  type ListItem,
  type ListQuery,
  type ListResult,
  type PutOptions,
  resolveRange,
} from '../port.js';
import { BUCKET_MARKER, keyToPathParts } from './key-codec.js';
import { walkKeys } from './key-walk.js';
import { readObjectMeta, type StoredMeta, streamBody, writeObjectFile } from './object-file.js';

const TMP_FOLDER = '.tmp';
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

export class FsBlobStore implements BlobStore {
  readonly #tmp: string;

  constructor(
    readonly location: string,
    private readonly clock: Clock,
  ) {
    this.#tmp = path.join(location, TMP_FOLDER);
  }

  /**
   * Creates the folders and removes temp files a crash left behind (never visible as objects). Only old ones:
   * another process (CLI beside the server) may be writing the young ones right now.
   */
  async open(): Promise<this> {
    await mkdir(this.#tmp, { recursive: true });
    const cutoff = this.clock.now() - STALE_TEMP_MS;
    for (const name of await readdir(this.#tmp)) {
      const entry = path.join(this.#tmp, name);
      const info = await stat(entry).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(entry, { recursive: true, force: true });
    }
    return this;
  }

  async listBuckets(): Promise<BucketInfo[]> {
    const names = await readdir(this.location);
    const buckets = await Promise.all(names.filter((n) => n !== TMP_FOLDER).map((n) => this.headBucket(n)));
    return buckets.filter((b): b is BucketInfo => b !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async headBucket(name: string): Promise<BucketInfo | undefined> {
    try {
      const marker = JSON.parse(await readFile(path.join(this.#bucketFolder(name), BUCKET_MARKER), 'utf8'));
      return { name, createdAt: Number(marker.createdAt) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async createBucket(name: string): Promise<'created' | 'exists'> {
    const staged = path.join(this.#tmp, `bucket-${randomUUID()}`);
    await mkdir(staged);
    await writeFile(path.join(staged, BUCKET_MARKER), JSON.stringify({ createdAt: this.clock.now() }), {
      flush: true,
    });
    try {
      await rename(staged, this.#bucketFolder(name));
      await syncFolder(this.location);
      return 'created';
    } catch (error) {
      await rm(staged, { recursive: true, force: true });
      if (isCode(error, 'ENOTEMPTY') || isCode(error, 'EEXIST')) return 'exists';
      throw error;
    }
  }

  async deleteBucket(name: string): Promise<'deleted' | 'no_bucket' | 'not_empty'> {
    const folder = this.#bucketFolder(name);
    if (!(await this.headBucket(name))) return 'no_bucket';
    const entries = await readdir(folder);
    if (entries.some((e) => e !== BUCKET_MARKER)) return 'not_empty';
    const trash = path.join(this.#tmp, `trash-${randomUUID()}`);
    await rename(folder, trash);
    await rm(trash, { recursive: true, force: true });
    return 'deleted';
  }

  async put(
    bucket: string,
    key: string,
    body: BlobBody,
    options: PutOptions,
  ): Promise<BlobInfo | 'no_bucket' | 'too_large'> {
    if (!(await this.headBucket(bucket))) return 'no_bucket';
    const temp = path.join(this.#tmp, randomUUID());
    const file = await open(temp, 'wx');
    try {
      const meta = await writeObjectFile(file, body, options, this.clock.now()).finally(() => file.close());
      if (meta === 'too_large') return 'too_large';
      await this.#publish(temp, this.#objectFile(bucket, key));
      return toInfo(key, meta);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async get(bucket: string, key: string, range?: ByteRange): Promise<GetResult> {
    const opened = await this.#openObject(bucket, key);
    if (typeof opened === 'string') return { status: opened };
    const { file, meta } = opened;
    if (range === undefined)
      return { status: 'ok', info: toInfo(key, meta), body: streamBody(file, 0, meta.size - 1) };
    const resolved = resolveRange(range, meta.size);
    if (!resolved) {
      await file.close();
      return { status: 'bad_range', size: meta.size };
    }
    return {
      status: 'ok',
      info: toInfo(key, meta),
      body: streamBody(file, resolved.start, resolved.end),
      range: resolved,
    };
  }

  async head(bucket: string, key: string): Promise<BlobInfo | 'no_bucket' | 'no_key'> {
    const opened = await this.#openObject(bucket, key);
    if (typeof opened === 'string') return opened;
    await opened.file.close();
    return toInfo(key, opened.meta);
  }

  async delete(bucket: string, key: string): Promise<'deleted' | 'no_bucket' | 'no_key'> {
    if (!(await this.headBucket(bucket))) return 'no_bucket';
    const target = this.#objectFile(bucket, key);
    try {
      await unlink(target);
    } catch (error) {
      if (isMissing(error)) return 'no_key';
      throw error;
    }
    await this.#pruneEmptyFolders(path.dirname(target), this.#bucketFolder(bucket));
    return 'deleted';
  }

  async list(bucket: string, query: ListQuery): Promise<ListResult> {
    if (!(await this.headBucket(bucket))) return { status: 'no_bucket' };
    const page = await collectPage(this.#listCandidates(bucket, query), query);
    return { status: 'ok', ...page };
  }

  async close(): Promise<void> {}

  async *#listCandidates(bucket: string, query: ListQuery): AsyncGenerator<ListItem> {
    for await (const item of walkKeys(this.#bucketFolder(bucket), '', query)) {
      if (item.kind === 'prefix') {
        yield item;
        continue;
      }
      const info = await this.#readInfo(item.file, item.key);
      if (info) yield { kind: 'object', info };
    }
  }

  async #readInfo(file: string, key: string): Promise<BlobInfo | undefined> {
    try {
      const handle = await open(file, 'r');
      try {
        return toInfo(key, await readObjectMeta(handle));
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isMissing(error)) return undefined; // deleted while we listed
      throw error;
    }
  }

  async #openObject(bucket: string, key: string) {
    if (!(await this.headBucket(bucket))) return 'no_bucket' as const;
    let file: Awaited<ReturnType<typeof open>>;
    try {
      file = await open(this.#objectFile(bucket, key), 'r');
    } catch (error) {
      if (isMissing(error) || isCode(error, 'ENOTDIR')) return 'no_key' as const;
      throw error;
    }
    try {
      return { file, meta: await readObjectMeta(file) };
    } catch (error) {
      await file.close();
      throw new Error(`object s3://${bucket}/${key} is damaged: ${(error as Error).message}`);
    }
  }

  /** Renames the synced temp file into place; retries when a concurrent delete removed the empty parent. */
  async #publish(temp: string, target: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(temp, target);
        await syncFolder(path.dirname(target));
        return;
      } catch (error) {
        if (!isMissing(error) || attempt >= 5) throw error;
      }
    }
  }

  async #pruneEmptyFolders(folder: string, stopAt: string): Promise<void> {
    for (
      let current = folder;
      current.startsWith(stopAt) && current !== stopAt;
      current = path.dirname(current)
    ) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): the rest of the chain is in use
      }
    }
  }

  #bucketFolder(bucket: string): string {
    return path.join(this.location, bucket);
  }

  #objectFile(bucket: string, key: string): string {
    return path.join(this.#bucketFolder(bucket), ...keyToPathParts(key));
  }
}

function toInfo(key: string, meta: StoredMeta): BlobInfo {
  return {
    key,
    size: meta.size,
    etag: meta.etag,
    lastModified: meta.lastModified,
    contentType: meta.contentType,
    metadata: meta.metadata,
  };
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

function isMissing(error: unknown): boolean {
  return isCode(error, 'ENOENT');
}

export async function openFsBlobStore(location: string, clock: Clock): Promise<FsBlobStore> {
  await mkdir(location, { recursive: true });
  return new FsBlobStore(location, clock).open();
}
