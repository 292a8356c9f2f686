// BlobStore in memory, for tests and ephemeral runs; same semantics as the fs adapter.
import { createHash } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.js';
import { compareUtf8 } from '../../../kernel/utf8.js';
import { collectPage, selectsKey } from '../listing.js';
import {
  type BlobBody,
  type BlobCondition,
  type BlobInfo,
  type BlobStore,
  type BucketInfo,
  type ByteRange,
  type GetResult,
  type ListQuery,
  type ListResult,
  type PutOptions,
  resolveRange,
  withTags,
} from '../port.js';
import { putInfo } from '../put-info.js';

interface Bucket {
  createdAt: number;
  owner?: string;
  tags: Record<string, string>;
  objects: Map<string, { info: BlobInfo; bytes: Buffer }>;
}

export class MemoryBlobStore implements BlobStore {
  readonly location = 'memory';
  readonly #buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  async listBuckets(): Promise<BucketInfo[]> {
    return [...this.#buckets.entries()]
      .map(([name, b]) => bucketInfo(name, b))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async headBucket(name: string): Promise<BucketInfo | undefined> {
    const bucket = this.#buckets.get(name);
    return bucket ? bucketInfo(name, bucket) : undefined;
  }

  async createBucket(name: string, owner?: string, createdAt?: number): Promise<'created' | 'exists'> {
    if (this.#buckets.has(name)) return 'exists';
    this.#buckets.set(name, {
      createdAt: createdAt ?? this.clock.now(),
      tags: {},
      objects: new Map(),
      ...(owner === undefined ? {} : { owner }),
    });
    return 'created';
  }

  async deleteBucket(name: string): Promise<'deleted' | 'no_bucket' | 'not_empty'> {
    const bucket = this.#buckets.get(name);
    if (!bucket) return 'no_bucket';
    if (bucket.objects.size > 0) return 'not_empty';
    this.#buckets.delete(name);
    return 'deleted';
  }

  async put(
    bucket: string,
    key: string,
    body: BlobBody,
    options: PutOptions,
  ): Promise<BlobInfo | 'no_bucket' | 'too_large'> {
    if (!this.#buckets.has(bucket)) return 'no_bucket';
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of body instanceof Uint8Array ? [body] : body) {
      size += chunk.byteLength;
      if (options.maxBytes !== undefined && size > options.maxBytes) return 'too_large';
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    const info = putInfo(key, options, {
      size,
      etag: options.etag ? options.etag() : createHash('md5').update(bytes).digest('hex'),
      lastModified: options.lastModified ?? this.clock.now(),
    });
    const target = this.#buckets.get(bucket);
    if (!target) return 'no_bucket';
    // No await between the check and the set: this process sees no other write in between.
    options.condition?.(target.objects.get(key)?.info);
    target.objects.set(key, { info, bytes });
    return info;
  }

  async get(bucket: string, key: string, range?: ByteRange): Promise<GetResult> {
    const found = this.#find(bucket, key);
    if (typeof found === 'string') return { status: found };
    if (range === undefined) return { status: 'ok', info: found.info, body: once(found.bytes) };
    const resolved = resolveRange(range, found.info.size);
    if (!resolved) return { status: 'bad_range', size: found.info.size };
    const body = once(found.bytes.subarray(resolved.start, resolved.end + 1));
    return { status: 'ok', info: found.info, body, range: resolved };
  }

  async head(bucket: string, key: string): Promise<BlobInfo | 'no_bucket' | 'no_key'> {
    const found = this.#find(bucket, key);
    return typeof found === 'string' ? found : found.info;
  }

  async delete(
    bucket: string,
    key: string,
    condition?: BlobCondition,
  ): Promise<'deleted' | 'no_bucket' | 'no_key'> {
    const target = this.#buckets.get(bucket);
    if (!target) return 'no_bucket';
    condition?.(target.objects.get(key)?.info);
    return target.objects.delete(key) ? 'deleted' : 'no_key';
  }

  async setTags(
    bucket: string,
    key: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<BlobInfo | 'no_bucket' | 'no_key'> {
    const found = this.#find(bucket, key);
    if (typeof found === 'string') return found;
    found.info = withTags(found.info, tags);
    return found.info;
  }

  async getBucketTags(bucket: string): Promise<Record<string, string> | 'no_bucket'> {
    const target = this.#buckets.get(bucket);
    return target ? { ...target.tags } : 'no_bucket';
  }

  async setBucketTags(bucket: string, tags: Readonly<Record<string, string>>): Promise<'ok' | 'no_bucket'> {
    const target = this.#buckets.get(bucket);
    if (!target) return 'no_bucket';
    target.tags = { ...tags };
    return 'ok';
  }

  async list(bucket: string, query: ListQuery): Promise<ListResult> {
    const target = this.#buckets.get(bucket);
    if (!target) return { status: 'no_bucket' };
    const keys = [...target.objects.keys()]
      .filter((k) => selectsKey(k, query, compareUtf8))
      .sort(compareUtf8);
    const candidates = keys.map((k) => ({
      kind: 'object' as const,
      info: (target.objects.get(k) as { info: BlobInfo }).info,
    }));
    return { status: 'ok', ...(await collectPage(candidates, query)) };
  }

  async close(): Promise<void> {}

  #find(bucket: string, key: string) {
    const target = this.#buckets.get(bucket);
    if (!target) return 'no_bucket' as const;
    return target.objects.get(key) ?? ('no_key' as const);
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function bucketInfo(name: string, bucket: Bucket): BucketInfo {
  return {
    name,
    createdAt: bucket.createdAt,
    ...(bucket.owner === undefined ? {} : { owner: bucket.owner }),
  };
}
