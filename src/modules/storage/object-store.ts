// The object store service: S3 semantics (validation, errors, paging tokens) over any BlobStore adapter.
import type {
  BlobBody,
  BlobChecksum,
  BlobCondition,
  BlobInfo,
  BlobPart,
  BlobStore,
  BucketInfo,
  ByteRange,
  ListItem,
} from '../../platform/blob/port.js';
import { storageError } from './errors.js';
import { assertBucketName, assertKey, assertPrefix, normaliseMetadata } from './names.js';
import { decodeToken, encodeToken } from './paging-token.js';
import type { TagSet } from './tags.js';

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
  /** The whole body's verified checksum, asked once the body has been read. */
  readonly checksum?: () => BlobChecksum | undefined;
  /** Checked against the current object atomically with the write; throwing refuses it. */
  readonly condition?: BlobCondition | undefined;
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
  constructor(
    private readonly blobs: BlobStore,
    private readonly maxObjectBytes = S3_MAX_SINGLE_PUT_BYTES,
  ) {}

  get location(): string {
    return this.blobs.location;
  }

  listBuckets(): Promise<BucketInfo[]> {
    return this.blobs.listBuckets();
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
    if ((await this.blobs.createBucket(bucket, owner)) === 'exists') {
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
    const result = await this.blobs.deleteBucket(bucket);
    if (result === 'no_bucket') throw noSuchBucket(bucket);
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
    const result = await this.blobs.put(bucket, key, body, {
      contentType: options.contentType || DEFAULT_CONTENT_TYPE,
      metadata: normaliseMetadata(options.metadata),
      maxBytes: this.maxObjectBytes,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.parts ? { parts: options.parts } : {}),
      ...(options.checksum ? { checksum: options.checksum } : {}),
      ...(options.condition ? { condition: options.condition } : {}),
    });
    if (result === 'no_bucket') throw noSuchBucket(bucket);
    if (result === 'too_large') {
      throw storageError('ENTITY_TOO_LARGE', `object is larger than the ${this.maxObjectBytes}-byte limit`, {
        bucket,
        key,
      });
    }
    return { ...result, bucket };
  }

  async getObject(
    bucket: string,
    key: string,
    options: { range?: ByteRange } = {},
  ): Promise<GetObjectOutput> {
    assertBucketName(bucket);
    assertKey(key);
    const result = await this.blobs.get(bucket, key, options.range);
    if (result.status === 'no_bucket') throw noSuchBucket(bucket);
    if (result.status === 'no_key') throw noSuchKey(bucket, key);
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
    const info = { ...result.info, bucket };
    return result.range ? { info, body: result.body, range: result.range } : { info, body: result.body };
  }

  async getObjectBytes(bucket: string, key: string): Promise<Buffer> {
    const { body } = await this.getObject(bucket, key);
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async headObject(bucket: string, key: string): Promise<ObjectInfo> {
    assertBucketName(bucket);
    assertKey(key);
    const result = await this.blobs.head(bucket, key);
    if (result === 'no_bucket') throw noSuchBucket(bucket);
    if (result === 'no_key') throw noSuchKey(bucket, key);
    return { ...result, bucket };
  }

  /** Like S3, deleting a missing key succeeds; a missing bucket does not. A condition may refuse (it throws). */
  async deleteObject(bucket: string, key: string, condition?: BlobCondition): Promise<void> {
    assertBucketName(bucket);
    assertKey(key);
    if ((await this.blobs.delete(bucket, key, condition)) === 'no_bucket') throw noSuchBucket(bucket);
  }

  /** Replaces the object's tag set (checked by tagSetOf; empty removes it); body and ETag stay. */
  async putObjectTags(bucket: string, key: string, tags: TagSet): Promise<ObjectInfo> {
    assertBucketName(bucket);
    assertKey(key);
    const result = await this.blobs.setTags(bucket, key, tags);
    if (result === 'no_bucket') throw noSuchBucket(bucket);
    if (result === 'no_key') throw noSuchKey(bucket, key);
    return { ...result, bucket };
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
      contents: result.items.flatMap((i) => (i.kind === 'object' ? [{ ...i.info, bucket }] : [])),
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
