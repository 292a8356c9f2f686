// What the S3 adapter needs to know about its backend, and where each kind of record lives there.

export type S3LayoutMode = 'prefix' | 'bucket-per-bucket';

export interface S3BlobStoreOptions {
  /** e.g. http://127.0.0.1:9000; undefined: the SDK's AWS endpoint for the region. */
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  /** Undefined: the SDK's default credential chain (env, profile, container, instance metadata). */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** The backend bucket that holds bucket records (and, in `prefix` mode, every object). It must exist. */
  readonly bucket: string;
  /** Prepended to every key Scones writes in `bucket`, e.g. `scones/`. */
  readonly prefix: string;
  readonly mode: S3LayoutMode;
  /** `bucket-per-bucket`: backend bucket name = bucketPrefix + Scones bucket name. */
  readonly bucketPrefix: string;
  /** Attempts per request, with the SDK's standard backoff on throttling, 5xx and dropped connections. */
  readonly maxAttempts: number;
  /** Bodies up to this many bytes are sent in one PutObject; larger ones as multipart parts of this size. */
  readonly partBytes: number;
}

export const S3_DEFAULTS = {
  region: 'us-east-1',
  forcePathStyle: true,
  prefix: '',
  mode: 'prefix',
  bucketPrefix: '',
  maxAttempts: 4,
  partBytes: 8 * 1024 * 1024,
} as const satisfies Partial<S3BlobStoreOptions>;

export interface Location {
  readonly Bucket: string;
  readonly Key: string;
}

/** Maps Scones buckets and keys onto backend buckets and keys for one layout. */
export class S3Layout {
  constructor(private readonly options: S3BlobStoreOptions) {}

  get home(): string {
    return this.options.bucket;
  }

  /** Scones bucket names never start with '.', so nothing under `.scones/` collides with a bucket's keys. */
  get recordsPrefix(): string {
    return `${this.options.prefix}.scones/buckets/`;
  }

  bucketRecord(name: string): Location {
    return { Bucket: this.home, Key: `${this.recordsPrefix}${name}` };
  }

  get probe(): Location {
    return { Bucket: this.home, Key: `${this.options.prefix}.scones/probe` };
  }

  sidecar(digest: string): Location {
    return { Bucket: this.home, Key: `${this.options.prefix}.scones/info/${digest}` };
  }

  /** The backend bucket and key prefix under which a Scones bucket's objects live. */
  objects(bucket: string): { readonly Bucket: string; readonly base: string } {
    return this.options.mode === 'prefix'
      ? { Bucket: this.home, base: `${this.options.prefix}${bucket}/` }
      : { Bucket: `${this.options.bucketPrefix}${bucket}`, base: '' };
  }

  object(bucket: string, key: string): Location {
    const { Bucket, base } = this.objects(bucket);
    return { Bucket, Key: `${base}${key}` };
  }

  get perBucket(): boolean {
    return this.options.mode === 'bucket-per-bucket';
  }
}
