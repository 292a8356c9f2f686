// BlobStore on the local filesystem: atomic writes (temp file, fsync, rename), one folder per bucket, bucket
// deletion and object commits ordered (see bucket-lifecycle.ts and object-commit.ts).
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../kernel/clock.js';
import { KeyLock } from '../key-lock.js';
import { collectPage } from '../listing.js';
import {
  type BlobBody,
  type BlobCondition,
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
import { isCode, isMissing, readBucketState } from './bucket-folder.js';
import { BucketGate } from './bucket-gate.js';
import {
  type BucketRepair,
  createBucketFolder,
  deleteBucketFolder,
  repairBucketFolders,
} from './bucket-lifecycle.js';
import { readBucketTags, writeBucketTags } from './bucket-tags.js';
import { keyToPathParts } from './key-codec.js';
import { walkKeys } from './key-walk.js';
import { commitObject } from './object-commit.js';
import {
  readObjectMeta,
  rewriteObjectFile,
  type StoredMeta,
  streamBody,
  writeObjectFile,
} from './object-file.js';
import { openTempFolder } from './temp-folder.js';

const TMP_FOLDER = '.tmp';

export class FsBlobStore implements BlobStore {
  readonly #tmpRoot: string;
  /** This process's temp folder, set by open(). */
  #tmp = '';
  readonly #gate = new BucketGate();
  /** Orders commits and deletions of one key, so a condition is checked against what the write replaces. */
  readonly #keys = new KeyLock();
  #repairs: readonly BucketRepair[] = [];

  constructor(
    readonly location: string,
    private readonly clock: Clock,
  ) {
    this.#tmpRoot = path.join(location, TMP_FOLDER);
  }

  /**
   * Sweeps the temp files of processes that are gone (a crash mid-upload), takes a temp folder of its own, and
   * finishes or rolls back any bucket deletion a crash interrupted.
   */
  async open(): Promise<this> {
    this.#tmp = await openTempFolder(this.#tmpRoot, this.clock.now());
    this.#repairs = await repairBucketFolders(this.location, this.#tmpRoot, this.#tmp, this.clock.now());
    return this;
  }

  /** What open() repaired, for the start-up log. */
  get repairs(): readonly BucketRepair[] {
    return this.#repairs;
  }

  async listBuckets(): Promise<BucketInfo[]> {
    const names = await readdir(this.location);
    const buckets = await Promise.all(names.filter((n) => n !== TMP_FOLDER).map((n) => this.headBucket(n)));
    return buckets.filter((b): b is BucketInfo => b !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** A bucket being deleted still exists until its deletion commits. */
  async headBucket(name: string): Promise<BucketInfo | undefined> {
    const state = await readBucketState(this.#bucketFolder(name));
    if (state.status === 'absent') return undefined;
    return { name, createdAt: state.createdAt, ...(state.owner === undefined ? {} : { owner: state.owner }) };
  }

  createBucket(name: string, owner?: string, createdAt?: number): Promise<'created' | 'exists'> {
    const made = createdAt ?? this.clock.now();
    return createBucketFolder(this.#bucketFolder(name), this.#tempFolder(), made, owner);
  }

  /** Alone on the bucket: every object commit of this process has finished or waits for the outcome. */
  deleteBucket(name: string): Promise<'deleted' | 'no_bucket' | 'not_empty'> {
    return this.#gate.exclusive(name, () => deleteBucketFolder(this.#bucketFolder(name), this.#tempFolder()));
  }

  async put(
    bucket: string,
    key: string,
    body: BlobBody,
    options: PutOptions,
  ): Promise<BlobInfo | 'no_bucket' | 'too_large'> {
    if ((await readBucketState(this.#bucketFolder(bucket))).status !== 'live') return 'no_bucket';
    const temp = path.join(this.#tempFolder(), randomUUID());
    const file = await open(temp, 'wx');
    try {
      const meta = await writeObjectFile(file, body, options, this.clock.now()).finally(() => file.close());
      if (meta === 'too_large') return 'too_large';
      const parts = keyToPathParts(key);
      const committed = await this.#gate.shared(bucket, () =>
        this.#keys.run(lockName(bucket, key), async () => {
          await this.#check(bucket, key, options.condition);
          return commitObject(this.#bucketFolder(bucket), parts, temp);
        }),
      );
      return committed ? toInfo(key, meta) : 'no_bucket';
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Copies the body under a new trailer and commits it like a put, under the key's lock. */
  async setTags(
    bucket: string,
    key: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<BlobInfo | 'no_bucket' | 'no_key'> {
    const temp = path.join(this.#tempFolder(), randomUUID());
    try {
      return await this.#gate.shared(bucket, () =>
        this.#keys.run(lockName(bucket, key), async () => {
          const opened = await this.#openObject(bucket, key);
          if (typeof opened === 'string') return opened;
          const { tags: _old, ...rest } = opened.meta;
          const meta = Object.keys(tags).length > 0 ? { ...rest, tags } : rest;
          const file = await open(temp, 'wx');
          await rewriteObjectFile(opened.file, meta, file).finally(() =>
            Promise.all([file.close(), opened.file.close()]),
          );
          const committed = await commitObject(this.#bucketFolder(bucket), keyToPathParts(key), temp);
          return committed ? toInfo(key, meta) : 'no_bucket';
        }),
      );
    } finally {
      await rm(temp, { force: true });
    }
  }

  async getBucketTags(bucket: string): Promise<Record<string, string> | 'no_bucket'> {
    if (!(await this.headBucket(bucket))) return 'no_bucket';
    return readBucketTags(this.#bucketFolder(bucket));
  }

  async setBucketTags(bucket: string, tags: Readonly<Record<string, string>>): Promise<'ok' | 'no_bucket'> {
    if (!(await this.headBucket(bucket))) return 'no_bucket';
    return (await writeBucketTags(this.#bucketFolder(bucket), this.#tempFolder(), tags)) ? 'ok' : 'no_bucket';
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

  async delete(
    bucket: string,
    key: string,
    condition?: BlobCondition,
  ): Promise<'deleted' | 'no_bucket' | 'no_key'> {
    if (!(await this.headBucket(bucket))) return 'no_bucket';
    const target = this.#objectFile(bucket, key);
    const unlinked = await this.#keys.run(lockName(bucket, key), async () => {
      await this.#check(bucket, key, condition);
      try {
        await unlink(target);
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    });
    if (!unlinked) return 'no_key';
    await this.#pruneEmptyFolders(path.dirname(target), this.#bucketFolder(bucket));
    return 'deleted';
  }

  /** Runs a write's condition on the key's current object (called under the key's lock). */
  async #check(bucket: string, key: string, condition: BlobCondition | undefined): Promise<void> {
    if (!condition) return;
    const current = await this.head(bucket, key);
    condition(typeof current === 'string' ? undefined : current);
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

  #tempFolder(): string {
    if (this.#tmp === '') throw new Error('FsBlobStore used before open(): use openFsBlobStore');
    return this.#tmp;
  }

  #bucketFolder(bucket: string): string {
    return path.join(this.location, bucket);
  }

  #objectFile(bucket: string, key: string): string {
    return path.join(this.#bucketFolder(bucket), ...keyToPathParts(key));
  }
}

function toInfo(key: string, meta: StoredMeta): BlobInfo {
  return { key, ...meta };
}

function lockName(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

export async function openFsBlobStore(location: string, clock: Clock): Promise<FsBlobStore> {
  await mkdir(location, { recursive: true });
  return new FsBlobStore(location, clock).open();
}
