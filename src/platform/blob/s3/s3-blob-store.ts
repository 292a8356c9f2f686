// BlobStore on any S3-compatible backend (AWS S3, Ceph RGW, another Scones): see README.md for the layout and for
// which of the port's promises hold on S3.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import type { Clock } from '../../../kernel/clock.js';
import { compareUtf8 } from '../../../kernel/utf8.js';
import { blobError } from '../errors.js';
import {
  type BlobBody,
  type BlobCondition,
  type BlobInfo,
  type BlobMultipart,
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
import { stageBody } from './body-staging.js';
import { BucketRecords } from './bucket-records.js';
import { casRounds } from './cas-rounds.js';
import { probeConditionalWrites } from './conditional-probe.js';
import { NativeUploads } from './native-upload.js';
import { ObjectCommits } from './object-commit.js';
import { listPage } from './object-listing.js';
import { ObjectRecords } from './object-record.js';
import { S3Backend } from './s3-backend.js';
import { S3Multipart } from './s3-multipart.js';
import { type S3BlobStoreOptions, S3Layout } from './s3-options.js';
import { settledBucket } from './settled-bucket.js';

/** Opens the adapter and checks the backend answers and holds its home bucket (a typed error otherwise). */
export async function openS3BlobStore(options: S3BlobStoreOptions, clock: Clock): Promise<S3BlobStore> {
  const store = new S3BlobStore(options, clock);
  try {
    await store.verify();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

export class S3BlobStore implements BlobStore {
  readonly location: string;
  readonly #backend: S3Backend;
  readonly #layout: S3Layout;
  readonly #buckets: BucketRecords;
  readonly #records: ObjectRecords;
  readonly #commits: ObjectCommits;
  readonly #uploads: NativeUploads;
  readonly multipart: BlobMultipart;

  constructor(
    private readonly options: S3BlobStoreOptions,
    private readonly clock: Clock,
  ) {
    this.#backend = new S3Backend(options);
    this.#layout = new S3Layout(options);
    this.#buckets = new BucketRecords(this.#backend, this.#layout);
    this.#records = new ObjectRecords(this.#backend, this.#layout);
    this.#commits = new ObjectCommits(this.#backend, this.#records);
    this.#uploads = new NativeUploads(this.#backend, this.#records, this.#commits);
    this.multipart = new S3Multipart(this.#backend, this.#layout, this.#buckets, this.#uploads, clock);
    this.location = `s3://${options.bucket}/${options.prefix} at ${this.#backend.endpoint}`;
  }

  /** Whether the backend honours conditional writes (false: see README.md for what that weakens). */
  get conditionalWrites(): boolean {
    return this.#backend.conditional.honoured;
  }

  /** Checks the home bucket answers, and learns how the backend treats conditional writes. */
  async verify(): Promise<void> {
    const head = await this.#backend.attempt((c) =>
      c.send(new HeadBucketCommand({ Bucket: this.options.bucket })),
    );
    if (head.ok) {
      this.#backend.conditional = await probeConditionalWrites(this.#backend, this.#layout.probe);
      return;
    }
    if (head.status === 404)
      throw blobError(
        'BACKEND_NO_BUCKET',
        `S3 backend ${this.#backend.endpoint} has no bucket "${this.options.bucket}" (storage.s3.bucket)`,
        { endpoint: this.#backend.endpoint, bucket: this.options.bucket },
      );
    throw this.#backend.failure(head);
  }

  async listBuckets(): Promise<BucketInfo[]> {
    const names = await this.#buckets.names();
    const infos = await Promise.all(names.map((name) => this.headBucket(name)));
    return infos.filter((b): b is BucketInfo => b !== undefined).sort((a, b) => compareUtf8(a.name, b.name));
  }

  async headBucket(name: string): Promise<BucketInfo | undefined> {
    const found = await this.#buckets.get(name);
    return found ? { name, ...found.record.info } : undefined;
  }

  async createBucket(name: string, owner?: string, createdAt?: number): Promise<'created' | 'exists'> {
    if (this.#layout.perBucket) {
      const Bucket = this.#layout.objects(name).Bucket;
      const made = await this.#backend.attempt((c) => c.send(new CreateBucketCommand({ Bucket })));
      if (!made.ok && made.status !== 409) throw this.#backend.failure(made);
    }
    const info = { createdAt: createdAt ?? this.clock.now(), ...(owner === undefined ? {} : { owner }) };
    return (await this.#buckets.swap(name, { info, tags: {} }, undefined)) === undefined
      ? 'exists'
      : 'created';
  }

  /** Marks the record `deleting`, checks emptiness, then removes the record or puts it back as it was. */
  async deleteBucket(name: string): Promise<'deleted' | 'no_bucket' | 'not_empty'> {
    return casRounds(this.#backend.endpoint, `deleting bucket ${name}`, async () => {
      const found = await this.#buckets.get(name);
      if (!found) return 'no_bucket';
      const { deleting: _, ...live } = found.record;
      const marked = await this.#buckets.swap(name, { ...live, deleting: true }, found.etag);
      if (marked === undefined) return undefined;
      if (!(await this.#emptyAndGone(name))) {
        await this.#buckets.swap(name, live, marked);
        return 'not_empty';
      }
      await this.#buckets.remove(name);
      return 'deleted';
    });
  }

  async put(
    bucket: string,
    key: string,
    body: BlobBody,
    options: PutOptions,
  ): Promise<BlobInfo | 'no_bucket' | 'too_large'> {
    const found = await this.#buckets.get(bucket);
    if (!found || found.record.deleting) return 'no_bucket';
    const at = this.#layout.object(bucket, key);
    const staged = await stageBody(
      this.#uploads,
      at,
      body,
      { partBytes: this.options.partBytes, maxBytes: options.maxBytes },
      options.etag,
    );
    if (typeof staged === 'string') return staged;
    let committed = false;
    try {
      // Our MD5 (or the writer's ETag) is the ETag: the backend's may differ (its own encryption, its part sizes).
      const info = putInfo(key, options, {
        size: staged.size,
        etag: staged.md5,
        lastModified: options.lastModified ?? this.clock.now(),
      });
      const written =
        staged.kind === 'memory'
          ? await this.#commits.write(at, staged, info, options.condition)
          : await this.#uploads.complete(at, staged.upload, staged.parts, info, options.condition);
      if (!written.ok) {
        if (written.status === 404) return 'no_bucket';
        throw this.#backend.failure(written);
      }
      committed = true;
      // Also in bucket-per-bucket mode: Ceph RGW lets a PutObject racing DeleteBucket succeed into the deleted bucket.
      if (await settledBucket(this.#buckets, bucket)) return info;
      // The bucket was deleted while this put wrote: take the object back out, as if the put came after.
      await this.#backend.attempt((c) =>
        c.send(new DeleteObjectCommand({ ...at, IfMatch: written.backendEtag })),
      );
      return 'no_bucket';
    } finally {
      // A refused or failed commit leaves no upload behind (its parts are invisible but cost storage).
      if (!committed && staged.kind === 'upload') await this.#uploads.abort(at, staged.upload.uploadId);
    }
  }

  async get(bucket: string, key: string, range?: ByteRange): Promise<GetResult> {
    const at = this.#layout.object(bucket, key);
    return casRounds(this.#backend.endpoint, `reading ${key}`, async (): Promise<GetResult | undefined> => {
      const current = range === undefined ? undefined : await this.#commits.current(at, key);
      if (range !== undefined && !current) return { status: await this.#missing(bucket) };
      const resolved = current && range ? resolveRange(range, current.info.size) : undefined;
      if (current && !resolved) return { status: 'bad_range', size: current.info.size };
      const got = await this.#backend.attempt((c) =>
        c.send(
          new GetObjectCommand({
            ...at,
            ...(current && resolved
              ? { Range: `bytes=${resolved.start}-${resolved.end}`, IfMatch: current.backendEtag }
              : {}),
          }),
        ),
      );
      if (!got.ok) {
        if (got.status === 412) return undefined; // replaced between the HEAD and the ranged GET: resolve again
        if (got.status === 404) return { status: await this.#missing(bucket) };
        throw this.#backend.failure(got);
      }
      const info = current?.info ?? (await this.#records.decode(key, got.value));
      // On Node the SDK's body is an http.IncomingMessage: an async iterable of Buffers.
      const body = got.value.Body as unknown as AsyncIterable<Uint8Array>;
      return { status: 'ok', info, body, ...(resolved ? { range: resolved } : {}) };
    });
  }

  async head(bucket: string, key: string): Promise<BlobInfo | 'no_bucket' | 'no_key'> {
    const current = await this.#commits.current(this.#layout.object(bucket, key), key);
    return current ? current.info : this.#missing(bucket);
  }

  async delete(
    bucket: string,
    key: string,
    condition?: BlobCondition,
  ): Promise<'deleted' | 'no_bucket' | 'no_key'> {
    if (!(await this.#buckets.get(bucket))) return 'no_bucket';
    return this.#commits.delete(this.#layout.object(bucket, key), key, condition);
  }

  async setTags(
    bucket: string,
    key: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<BlobInfo | 'no_bucket' | 'no_key'> {
    const at = this.#layout.object(bucket, key);
    return casRounds(this.#backend.endpoint, `tagging ${key}`, async () => {
      const current = await this.#commits.current(at, key);
      if (!current) return this.#missing(bucket);
      const next = withTags(current.info, tags);
      return (await this.#commits.rewrite(at, current, next)) ? next : undefined;
    });
  }

  async getBucketTags(bucket: string): Promise<Record<string, string> | 'no_bucket'> {
    const found = await this.#buckets.get(bucket);
    return found ? { ...found.record.tags } : 'no_bucket';
  }

  async setBucketTags(bucket: string, tags: Readonly<Record<string, string>>): Promise<'ok' | 'no_bucket'> {
    const updated = await this.#buckets.update(bucket, (record) => ({ ...record, tags: { ...tags } }));
    return updated ? 'ok' : 'no_bucket';
  }

  async list(bucket: string, query: ListQuery): Promise<ListResult> {
    if (!(await this.#buckets.get(bucket))) return { status: 'no_bucket' };
    const page = await listPage(this.#backend, this.#records, this.#layout.objects(bucket), query);
    return { status: 'ok', ...page };
  }

  async close(): Promise<void> {
    this.#backend.destroy();
  }

  async #missing(bucket: string): Promise<'no_bucket' | 'no_key'> {
    return (await this.#buckets.get(bucket)) ? 'no_key' : 'no_bucket';
  }

  /** Whether the bucket holds no object; in bucket-per-bucket mode its backend bucket is deleted on the way. */
  async #emptyAndGone(name: string): Promise<boolean> {
    const { Bucket, base } = this.#layout.objects(name);
    if (this.#layout.perBucket) {
      const deleted = await this.#backend.attempt((c) => c.send(new DeleteBucketCommand({ Bucket })));
      if (deleted.ok || deleted.status === 404) return true;
      if (deleted.status === 409) return false;
      throw this.#backend.failure(deleted);
    }
    const page = await this.#backend.send((c) =>
      c.send(new ListObjectsV2Command({ Bucket, Prefix: base, MaxKeys: 1 })),
    );
    return (page.KeyCount ?? page.Contents?.length ?? 0) === 0;
  }
}
