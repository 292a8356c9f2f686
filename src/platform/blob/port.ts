// The blob port: raw keyed object storage under buckets. S3 naming rules, tokens and errors live in modules/storage.

export type BlobBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface BucketInfo {
  readonly name: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** Who created it (an opaque principal id); absent for buckets made without one. */
  readonly owner?: string;
}

export interface BlobInfo {
  readonly key: string;
  readonly size: number;
  /**
   * S3's ETag, unquoted (S3 shows it quoted): hex MD5 of the body, the ETag the writer gave with `PutOptions.etag`,
   * or for an object assembled from parts (`PutOptions.etag`, `BlobMultipart.complete`) the MD5 of the parts'
   * binary MD5s, a dash, the part count.
   */
  readonly etag: string;
  readonly lastModified: number;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Standard HTTP headers stored with the object (lower-case names): cache-control, expires, ... */
  readonly headers?: Readonly<Record<string, string>>;
  /** The object's tag set (S3 object tagging), in the order it was given; absent when it has none. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The parts of an object written by a multipart upload, in order (their sizes add up to `size`). */
  readonly parts?: readonly BlobPart[];
  /** A checksum of the whole body that the writer verified (S3 flexible checksums). */
  readonly checksum?: BlobChecksum;
  /** How the stored bytes are encrypted (by the storage module); the adapter keeps it as given. */
  readonly encryption?: BlobEncryption;
}

/**
 * Encryption at rest, opaque to adapters: `size` is the stored bytes' (and `etag` their MD5 unless the writer gave
 * its own), these fields are what the storage module needs to decrypt and to show the object as it was written.
 */
export interface BlobEncryption {
  /** 'sse-s3': a key of the home; 'sse-c': a key the client sends with each request. */
  readonly kind: 'sse-s3' | 'sse-c';
  /** Base64 of the per-object salt the data key is derived with. */
  readonly salt: string;
  /** Plaintext bytes per encrypted chunk. */
  readonly chunkBytes: number;
  /** The plaintext's size. */
  readonly size: number;
  /** Hex MD5 of the plaintext (S3's ETag); absent for SSE-C, whose ETag S3 does not make the MD5. */
  readonly etag?: string;
  /** SSE-C: base64 HMAC of the customer key (salted with a home secret), to check the next request's key. */
  readonly keyHmac?: string;
}

export interface BlobChecksum {
  /** Lower-case algorithm name: crc32, crc32c, crc64nvme, sha1, sha256. */
  readonly algorithm: string;
  /** Base64 of the digest's big-endian bytes, as S3 shows it. */
  readonly value: string;
}

export interface BlobPart {
  /** The number the client gave the part when uploading it. */
  readonly partNumber: number;
  readonly size: number;
}

/**
 * Checked against the key's current object (undefined when there is none) atomically with the write or delete:
 * no other write or delete of the key commits in between. Throwing refuses the operation (nothing changes) and the
 * error reaches the caller as thrown.
 */
export type BlobCondition = (current: BlobInfo | undefined) => void;

export interface PutOptions {
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly parts?: readonly BlobPart[];
  /**
   * Asked once the whole body has been read (a checksum sent in a trailer is known only then); what it returns is
   * stored with the object.
   */
  readonly checksum?: () => BlobChecksum | undefined;
  /** Asked once the whole body has been read, like `checksum`; stored with the object. */
  readonly encryption?: () => BlobEncryption | undefined;
  /**
   * The ETag (unquoted) the writer knows itself, asked once the whole body has been read: when given, the adapter
   * stores it and does not hash the body (a sealed body's plaintext MD5; an object assembled from parts,
   * `md5-of-md5s-N`).
   */
  readonly etag?: () => string;
  readonly condition?: BlobCondition;
  /** Refuse (and leave nothing behind) once the body grows past this many bytes. */
  readonly maxBytes?: number;
  /** Kept as the object's Last-Modified instead of the clock's time: copies that move an object as it was. */
  readonly lastModified?: number;
}

/** First-last byte (inclusive) or the last `suffix` bytes, resolved against the object's size. */
export type ByteRange = { readonly start: number; readonly end?: number } | { readonly suffix: number };

export type GetResult =
  | {
      readonly status: 'ok';
      readonly info: BlobInfo;
      readonly body: AsyncIterable<Uint8Array>;
      readonly range?: ResolvedRange;
    }
  | { readonly status: 'no_bucket' }
  | { readonly status: 'no_key' }
  | { readonly status: 'bad_range'; readonly size: number };

export interface ResolvedRange {
  readonly start: number;
  readonly end: number;
}

export interface ListQuery {
  readonly prefix: string;
  readonly delimiter?: string;
  /** Only items strictly after this key (S3 StartAfter). */
  readonly startAfter?: string;
  /** Skip every key starting with this (resuming after a common prefix). */
  readonly skipPrefix?: string;
  readonly limit: number;
}

export type ListItem =
  | { readonly kind: 'object'; readonly info: BlobInfo }
  | { readonly kind: 'prefix'; readonly prefix: string };

export type ListResult =
  | { readonly status: 'ok'; readonly items: readonly ListItem[]; readonly truncated: boolean }
  | { readonly status: 'no_bucket' };

export interface BlobStore {
  /** Human-readable location for messages, e.g. the folder of the fs adapter. */
  readonly location: string;
  listBuckets(): Promise<BucketInfo[]>;
  headBucket(name: string): Promise<BucketInfo | undefined>;
  /**
   * Records `owner` with a new bucket; an existing one keeps its own. `createdAt` (ms) replaces the clock's time
   * for copies that move a bucket as it was (`store migrate`).
   */
  createBucket(name: string, owner?: string, createdAt?: number): Promise<'created' | 'exists'>;
  /**
   * Linearizable with put: a put that was acknowledged makes a later deleteBucket answer 'not_empty', and a put
   * that ends after the deletion answers 'no_bucket' and leaves nothing behind. Never both succeed.
   */
  deleteBucket(name: string): Promise<'deleted' | 'no_bucket' | 'not_empty'>;
  /**
   * Atomic: readers see the old object or the new one, never a part; the last complete write wins. Commits only
   * while the bucket exists, and never brings a deleted bucket back.
   */
  put(
    bucket: string,
    key: string,
    body: BlobBody,
    options: PutOptions,
  ): Promise<BlobInfo | 'no_bucket' | 'too_large'>;
  get(bucket: string, key: string, range?: ByteRange): Promise<GetResult>;
  head(bucket: string, key: string): Promise<BlobInfo | 'no_bucket' | 'no_key'>;
  /** With a condition, deletes only if it holds for the current object (see BlobCondition). */
  delete(bucket: string, key: string, condition?: BlobCondition): Promise<'deleted' | 'no_bucket' | 'no_key'>;
  /**
   * Replaces the object's tag set (empty removes it) and nothing else: body, ETag and Last-Modified stay. Atomic
   * with writes of the key like put.
   */
  setTags(
    bucket: string,
    key: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<BlobInfo | 'no_bucket' | 'no_key'>;
  /** The bucket's tag set ({} when it has none). */
  getBucketTags(bucket: string): Promise<Record<string, string> | 'no_bucket'>;
  /** Replaces the bucket's tag set; empty removes it. */
  setBucketTags(bucket: string, tags: Readonly<Record<string, string>>): Promise<'ok' | 'no_bucket'>;
  /** Keys and common prefixes in UTF-8 binary order, as S3 ListObjectsV2 returns them. */
  list(bucket: string, query: ListQuery): Promise<ListResult>;
  /**
   * Optional: multipart uploads the backend assembles itself (S3's native multipart), so completing one writes no
   * byte twice. Without it the storage module stages parts as objects and completes with one `put`.
   */
  readonly multipart?: BlobMultipart;
  close(): Promise<void>;
}

/** A part uploaded to a native multipart upload. */
export interface BlobUploadedPart {
  readonly partNumber: number;
  /** Hex MD5 of the part's bytes, unquoted. */
  readonly etag: string;
  readonly size: number;
  readonly lastModified: number;
}

/**
 * Native multipart uploads into `bucket`/`key`. Upload ids are the adapter's; nothing of an upload is visible as
 * an object before `complete`, which is atomic like `put` (and like put commits only while the bucket lives).
 * 'no_upload': the id is unknown, aborted or completed.
 */
export interface BlobMultipart {
  create(bucket: string, key: string): Promise<string | 'no_bucket'>;
  uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: BlobBody,
    options: { readonly maxBytes?: number },
  ): Promise<BlobUploadedPart | 'no_upload' | 'too_large'>;
  /** Every part uploaded so far, by part number. */
  listParts(bucket: string, key: string, uploadId: string): Promise<BlobUploadedPart[] | 'no_upload'>;
  /**
   * Assembles the listed parts (already checked by the caller) into the object described by `options`, under its
   * condition; `options.etag` gives the object's ETag and `options.parts` its part sizes.
   */
  complete(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
    options: Omit<PutOptions, 'maxBytes'>,
  ): Promise<BlobInfo | 'no_bucket' | 'no_upload'>;
  /** Drops the upload and its parts; an unknown id is no error. */
  abort(bucket: string, key: string, uploadId: string): Promise<void>;
}

/** Resolves a range against an object size; undefined when it cannot be satisfied (HTTP 416). */
export function resolveRange(range: ByteRange, size: number): ResolvedRange | undefined {
  if ('suffix' in range) {
    if (range.suffix <= 0 || size === 0) return undefined;
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  if (range.start >= size) return undefined;
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

/** The info with its tag set replaced; an empty set leaves no `tags` field, as for an object stored without. */
export function withTags(info: BlobInfo, tags: Readonly<Record<string, string>> | undefined): BlobInfo {
  const { tags: _old, ...rest } = info;
  return tags && Object.keys(tags).length > 0 ? { ...rest, tags: { ...tags } } : rest;
}
