// The object store service: S3 semantics (validation, errors, paging tokens) over any BlobStore adapter.
import { type Clock, systemClock } from '../../kernel/clock.js';
import type {
  BlobBody,
  BlobChecksum,
  BlobCondition,
  BlobInfo,
  BlobMultipart,
  BlobPart,
  BlobStore,
  BucketInfo,
  ByteRange,
  ListItem,
} from '../../platform/blob/port.js';
import { BucketDefaults, type BucketEncryption } from './encryption/bucket-defaults.js';
import { type HomeKeys, NO_HOME_KEYS } from './encryption/object-keys.js';
import {
  type ObjectEncryption,
  plainInfo,
  readKey,
  readObject,
  sealForPut,
  withPartsEtag,
} from './encryption/sealed-objects.js';
import { storageError } from './errors.js';
import { LifecycleConfigs } from './lifecycle/lifecycle-config.js';
import { assertBucketName, assertKey, assertPrefix, normaliseMetadata } from './names.js';
import { decodeToken, encodeToken } from './paging-token.js';
import { INTERNAL_BUCKET, SETTINGS_BUCKET } from './settings-bucket.js';
import type { TagSet } from './tags.js';
import { type DeleteOutcome, ObjectVersions } from './versioning/object-versions.js';
import { versionView, withoutStamps } from './versioning/version-archive.js';

export type {
  BlobBody,
  BlobChecksum,
  BlobCondition,
  BlobPart,
  BucketInfo,
  ByteRange,
} from '../../platform/blob/port.js';

export interface ObjectInfo extends BlobInfo {
  readonly bucket: string;
  /** Set once the object was written in a versioned bucket ('null' while versioning was suspended). */
  readonly versionId?: string;
}

export interface PutObjectOptions {
  readonly contentType?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Standard HTTP headers kept with the object (lower-case names), e.g. cache-control. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A tag set already checked by tagSetOf. */
  readonly tags?: TagSet;
  /** The parts of an object a multipart upload writes. */
  readonly parts?: readonly BlobPart[];
  /** The ETag of an object assembled from parts (`md5-of-md5s-N`), shown instead of the body's MD5. */
  readonly partsEtag?: string;
  /** The whole body's verified checksum, asked once the body has been read. */
  readonly checksum?: () => BlobChecksum | undefined;
  /** Checked against the current object atomically with the write; throwing refuses it. */
  readonly condition?: BlobCondition | undefined;
  /** Encrypt at rest; without it the bucket's default encryption (if any) applies. */
  readonly encryption?: ObjectEncryption | undefined;
}

export interface ReadObjectOptions {
  /** The SSE-C key (32 bytes) an object encrypted with one needs. */
  readonly customerKey?: Buffer | undefined;
  /** A version other than the current one (S3 `versionId`). */
  readonly versionId?: string | undefined;
}

export interface GetObjectOutput {
  readonly info: ObjectInfo;
  readonly body: AsyncIterable<Uint8Array>;
  /** Set for ranged reads: the bytes served, inclusive. */
  readonly range?: { readonly start: number; readonly end: number };
}

export interface ListObjectsInput {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly maxKeys?: number;
  readonly continuationToken?: string;
  readonly startAfter?: string;
}

export interface ListObjectsOutput {
  readonly bucket: string;
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  readonly contents: readonly ObjectInfo[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken: string | undefined;
  readonly keyCount: number;
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const MAX_KEYS_LIMIT = 1000;
export const S3_MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

export class ObjectStore {
  readonly #defaults: BucketDefaults;
  /** Versioning: the archive of noncurrent versions and delete markers, and the bucket's state. */
  readonly versions: ObjectVersions;
  /** Lifecycle rules per bucket (applied by lifecycle/lifecycle-sweep.ts). */
  readonly lifecycle: LifecycleConfigs;

  /**
   * `keys`: the home's storage key; without it objects can be neither encrypted nor read encrypted. `clock`: the
   * time of delete markers (give the blob adapter the same one).
   */
  constructor(
    private readonly blobs: BlobStore,
    private readonly maxObjectBytes = S3_MAX_SINGLE_PUT_BYTES,
    private readonly keys: HomeKeys = NO_HOME_KEYS,
    clock: Clock = systemClock,
  ) {
    this.#defaults = new BucketDefaults(blobs);
    this.versions = new ObjectVersions(blobs, () => clock.now());
    this.lifecycle = new LifecycleConfigs(blobs);
  }

  get location(): string {
    return this.blobs.location;
  }

  /** The adapter's native multipart uploads, when it has them (the multipart service uses them, see multipart/). */
  get blobMultipart(): BlobMultipart | undefined {
    return this.blobs.multipart;
  }

  /** The clients' buckets: the ones Scones keeps for itself (bucket settings, its own objects) are not among them. */
  async listBuckets(): Promise<BucketInfo[]> {
    return (await this.blobs.listBuckets()).filter(
      (b) => b.name !== SETTINGS_BUCKET && b.name !== INTERNAL_BUCKET,
    );
  }

  async headBucket(bucket: string): Promise<BucketInfo> {
    assertBucketName(bucket);
    const info = await this.blobs.headBucket(bucket);
    if (!info) throw noSuchBucket(bucket);
    return info;
  }

  /**
   * Creates a bucket owned by `owner` (a principal id; none for the server's own buckets). An existing name fails
   * with BUCKET_EXISTS, whose `details.owner` is the existing bucket's owner when it has one.
   */
  async createBucket(bucket: string, owner?: string): Promise<BucketInfo> {
    assertBucketName(bucket);
    const created = await this.blobs.createBucket(bucket, owner);
    if (created === 'created') await this.#defaults.delete(bucket);
    if (created === 'exists') {
      const existing = await this.blobs.headBucket(bucket);
      throw storageError('BUCKET_EXISTS', `bucket ${bucket} already exists`, {
        bucket,
        ...(existing?.owner === undefined ? {} : { owner: existing.owner }),
      });
    }
    return this.headBucket(bucket);
  }

  /** Creates the bucket unless it exists; either way returns it. */
  async ensureBucket(bucket: string): Promise<BucketInfo> {
    assertBucketName(bucket);
    await this.blobs.createBucket(bucket);
    return this.headBucket(bucket);
  }

  async deleteBucket(bucket: string): Promise<void> {
    assertBucketName(bucket);
    // S3 keeps a versioned bucket until its noncurrent versions and delete markers are gone too.
    const result = (await this.versions.archive.hasAny(bucket))
      ? 'not_empty'
      : await this.blobs.deleteBucket(bucket);
    if (result === 'no_bucket') throw noSuchBucket(bucket);
    if (result === 'deleted') await this.#defaults.delete(bucket);
    if (result === 'not_empty') {
      throw storageError('BUCKET_NOT_EMPTY', `bucket ${bucket} is not empty; delete its objects first`, {
        bucket,
      });
    }
  }

  async putObject(
    bucket: string,
    key: string,
    body: BlobBody,
    options: PutObjectOptions = {},
  ): Promise<ObjectInfo> {
    assertBucketName(bucket);
    assertKey(key);
    return this.versions.write(bucket, key, (stamp) => this.#put(bucket, key, body, options, stamp));
  }

  async #put(
    bucket: string,
    key: string,
    body: BlobBody,
    options: PutObjectOptions,
    stamp: Readonly<Record<string, string>>,
  ): Promise<ObjectInfo> {
    const encryption = options.encryption ?? (await this.#defaultEncryption(bucket));
    const sealed = encryption && sealForPut(this.keys, encryption, body, this.maxObjectBytes);
    const condition = options.condition;
    const result = await this.blobs.put(bucket, key, sealed ? sealed.body : body, {
      contentType: options.contentType || DEFAULT_CONTENT_TYPE,
      metadata: { ...withoutStamps(normaliseMetadata(options.metadata)), ...stamp },
      maxBytes: sealed ? sealed.maxBytes : this.maxObjectBytes,
      ...(sealed ? { encryption: withPartsEtag(sealed.record, options.partsEtag) } : {}),
      ...writerEtag(options.partsEtag, sealed?.etag),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.parts ? { parts: options.parts } : {}),
      ...(options.checksum ? { checksum: options.checksum } : {}),
      ...(condition ? { condition: (current) => condition(current && plainInfo(current)) } : {}),
    });
    if (result === 'no_bucket') throw noSuchBucket(bucket);
    if (result === 'too_large') {
      throw storageError('ENTITY_TOO_LARGE', `object is larger than the ${this.maxObjectBytes}-byte limit`, {
        bucket,
        key,
      });
    }
    return { ...versionView(result, key), bucket };
  }

  async #defaultEncryption(bucket: string): Promise<ObjectEncryption | undefined> {
    return (await this.#defaults.get(bucket)) ? { kind: 'sse-s3' } : undefined;
  }

  async getObject(
    bucket: string,
    key: string,
    options: { range?: ByteRange } & ReadObjectOptions = {},
  ): Promise<GetObjectOutput> {
    assertBucketName(bucket);
    assertKey(key);
    const target = options.versionId
      ? await this.versions.locate(bucket, key, options.versionId)
      : { bucket, key };
    const result = await readObject(this.blobs, this.keys, target, options.range, options.customerKey);
    if (result.status === 'no_bucket') throw noSuchBucket(bucket);
    if (result.status === 'no_key') throw await this.#missing(bucket, key);
    if (result.status === 'bad_range') {
      throw storageError(
        'INVALID_RANGE',
        `the requested range is not satisfiable (object size ${result.size})`,
        {
          bucket,
          key,
          size: result.size,
        },
      );
    }
    const info = { ...versionView(result.info, key), bucket };
    return result.range ? { info, body: result.body, range: result.range } : { info, body: result.body };
  }

  async getObjectBytes(bucket: string, key: string, options: ReadObjectOptions = {}): Promise<Buffer> {
    const { body } = await this.getObject(bucket, key, options);
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** With the SSE-C key an object encrypted with one needs (S3 refuses HEAD without it too). */
  async headObject(bucket: string, key: string, options: ReadObjectOptions = {}): Promise<ObjectInfo> {
    assertBucketName(bucket);
    assertKey(key);
    const target = options.versionId
      ? await this.versions.locate(bucket, key, options.versionId)
      : { bucket, key };
    const result = await this.blobs.head(target.bucket, target.key);
    if (result === 'no_bucket') throw noSuchBucket(bucket);
    if (result === 'no_key') throw await this.#missing(bucket, key);
    readKey(this.keys, result, options.customerKey);
    return { ...versionView(result, key), bucket };
  }

  /**
   * The key's current object as written, or undefined (no such key or bucket), without the SSE-C key check: for
   * judging a conditional write, never for serving the object.
   */
  async peekObject(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    assertBucketName(bucket);
    assertKey(key);
    const result = await this.blobs.head(bucket, key);
    return typeof result === 'string' ? undefined : { ...plainInfo(result), bucket };
  }

  /**
   * Like S3, deleting a missing key succeeds; a missing bucket does not. A condition may refuse (it throws). In a
   * versioned bucket it makes a delete marker, or with `versionId` removes that version for good.
   */
  async deleteObject(
    bucket: string,
    key: string,
    condition?: BlobCondition,
    versionId?: string,
  ): Promise<DeleteOutcome> {
    assertBucketName(bucket);
    assertKey(key);
    if (versionId !== undefined) return this.versions.deleteVersion(bucket, key, versionId);
    return this.versions.deleteCurrent(bucket, key, condition, async () => {
      if ((await this.blobs.delete(bucket, key, condition)) === 'no_bucket') throw noSuchBucket(bucket);
    });
  }

  /** Replaces the object's tag set (checked by tagSetOf; empty removes it); body and ETag stay. */
  async putObjectTags(bucket: string, key: string, tags: TagSet, versionId?: string): Promise<ObjectInfo> {
    assertBucketName(bucket);
    assertKey(key);
    const target = versionId ? await this.versions.locate(bucket, key, versionId) : { bucket, key };
    const result = await this.blobs.setTags(target.bucket, target.key, tags);
    if (result === 'no_bucket') throw noSuchBucket(bucket);
    if (result === 'no_key') throw noSuchKey(bucket, key);
    return { ...versionView(result, key), bucket };
  }

  /** NO_SUCH_KEY, saying so when the key's current version is a delete marker (S3 sends its headers). */
  async #missing(bucket: string, key: string) {
    const marker = await this.versions.currentMarker(bucket, key);
    const details = marker ? { deleteMarker: true, versionId: marker.versionId } : {};
    return storageError('NO_SUCH_KEY', `the key ${key} does not exist in bucket ${bucket}`, {
      bucket,
      key,
      ...details,
    });
  }

  /** The bucket's default encryption; NO_ENCRYPTION_CONFIGURATION when it has none, as S3 answers. */
  async getBucketEncryption(bucket: string): Promise<BucketEncryption> {
    await this.headBucket(bucket);
    const config = await this.#defaults.get(bucket);
    if (!config)
      throw storageError(
        'NO_ENCRYPTION_CONFIGURATION',
        'The server side encryption configuration was not found',
        { bucket },
      );
    return config;
  }

  async putBucketEncryption(bucket: string, config: BucketEncryption): Promise<void> {
    await this.headBucket(bucket);
    await this.#defaults.put(bucket, config);
  }

  async deleteBucketEncryption(bucket: string): Promise<void> {
    await this.headBucket(bucket);
    await this.#defaults.delete(bucket);
  }

  /** The bucket's tag set; NO_SUCH_TAG_SET when it has none, as S3 answers. */
  async getBucketTags(bucket: string): Promise<TagSet> {
    assertBucketName(bucket);
    const tags = await this.blobs.getBucketTags(bucket);
    if (tags === 'no_bucket') throw noSuchBucket(bucket);
    if (Object.keys(tags).length === 0)
      throw storageError('NO_SUCH_TAG_SET', `the bucket ${bucket} has no tag set`, { bucket });
    return tags;
  }

  /** Replaces the bucket's tag set (checked by tagSetOf); empty removes it. */
  async putBucketTags(bucket: string, tags: TagSet): Promise<void> {
    assertBucketName(bucket);
    if ((await this.blobs.setBucketTags(bucket, tags)) === 'no_bucket') throw noSuchBucket(bucket);
  }

  async listObjects(bucket: string, input: ListObjectsInput = {}): Promise<ListObjectsOutput> {
    assertBucketName(bucket);
    const prefix = input.prefix ?? '';
    assertPrefix(prefix);
    const maxKeys = clampMaxKeys(input.maxKeys);
    const resume = input.continuationToken === undefined ? undefined : decodeToken(input.continuationToken);
    const startAfter = resume?.after ?? (input.startAfter || undefined);
    const result = await this.blobs.list(bucket, {
      prefix,
      limit: maxKeys,
      ...(input.delimiter ? { delimiter: input.delimiter } : {}),
      ...(startAfter !== undefined ? { startAfter } : {}),
      ...(resume?.isPrefix ? { skipPrefix: resume.after } : {}),
    });
    if (result.status === 'no_bucket') throw noSuchBucket(bucket);
    const last = result.items.at(-1);
    return {
      bucket,
      prefix,
      delimiter: input.delimiter || undefined,
      maxKeys,
      contents: result.items.flatMap((i) =>
        i.kind === 'object' ? [{ ...versionView(i.info, i.info.key), bucket }] : [],
      ),
      commonPrefixes: result.items.flatMap((i) => (i.kind === 'prefix' ? [i.prefix] : [])),
      // MaxKeys=0 asks for no keys, not for a page: S3 answers it untruncated.
      isTruncated: maxKeys > 0 && result.truncated,
      nextContinuationToken: maxKeys > 0 && result.truncated && last ? tokenAfter(last) : undefined,
      keyCount: result.items.length,
    };
  }

  /** Every object under a prefix, page after page. */
  async *listAllObjects(bucket: string, prefix = ''): AsyncGenerator<ObjectInfo> {
    let continuationToken: string | undefined;
    do {
      const page = await this.listObjects(bucket, {
        prefix,
        ...(continuationToken ? { continuationToken } : {}),
      });
      yield* page.contents;
      continuationToken = page.nextContinuationToken;
    } while (continuationToken);
  }

  close(): Promise<void> {
    return this.blobs.close();
  }
}

function tokenAfter(item: ListItem): string {
  return item.kind === 'object'
    ? encodeToken({ after: item.info.key, isPrefix: false })
    : encodeToken({ after: item.prefix, isPrefix: true });
}

function clampMaxKeys(maxKeys: number | undefined): number {
  if (maxKeys === undefined) return MAX_KEYS_LIMIT;
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw storageError('INVALID_ARGUMENT', `maxKeys must be a non-negative integer (got ${maxKeys})`);
  }
  return Math.min(maxKeys, MAX_KEYS_LIMIT);
}

function noSuchBucket(bucket: string) {
  return storageError('NO_SUCH_BUCKET', `the bucket ${bucket} does not exist`, { bucket });
}

function noSuchKey(bucket: string, key: string) {
  return storageError('NO_SUCH_KEY', `the key ${key} does not exist in bucket ${bucket}`, { bucket, key });
}

/** The ETag the store already knows (an assembled object's, a sealed body's plaintext MD5), so the adapter need not hash. */
function writerEtag(partsEtag: string | undefined, sealed: (() => string) | undefined) {
  if (partsEtag !== undefined) return { etag: () => partsEtag };
  return sealed ? { etag: sealed } : {};
}
