// The records of multipart uploads, as small JSON objects of a reserved bucket: `<bucket>/<uploadId>/upload.json`
// (target key, what the object will carry, and where the parts are kept), whatever adapter holds the parts.
import { isSconesError } from '../../../kernel/errors.js';
import { STORAGE_ERROR_CODES } from '../errors.js';
import type { ObjectStore } from '../object-store.js';

/** Bucket names are global in S3, so holding this one back looks to clients like someone else owns it. */
export const STAGING_BUCKET = 'scones-multipart-staging';

export type UploadEncryption = 'sse-s3' | 'sse-c';

export interface UploadTarget {
  readonly contentType: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  /** Stored HTTP headers (cache-control, ...) of the object to be. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Its tag set (x-amz-tagging on Create). */
  readonly tags?: Readonly<Record<string, string>>;
  /** How parts and the object are encrypted (see upload-encryption.ts). */
  readonly encryption?: UploadEncryption;
  /** The checksum algorithm asked for at Create (lower-case): the object gets a composite checksum of it. */
  readonly checksumAlgorithm?: string;
}

export interface UploadRecord extends UploadTarget {
  readonly key: string;
  readonly initiated: number;
  /** The blob adapter's own upload id, when its native multipart holds the parts (else they are staged here). */
  readonly native?: string;
  /** Set once completed: the object's ETag. */
  readonly completedEtag?: string;
}

export function uploadFolder(bucket: string, uploadId: string): string {
  return `${bucket}/${uploadId}/`;
}

/** A part's checksum, kept beside the record when the adapter's native multipart holds the part. */
export function partChecksumKey(bucket: string, uploadId: string, partNumber: number): string {
  return `${uploadFolder(bucket, uploadId)}sum-${String(partNumber).padStart(5, '0')}`;
}

export function keyCheckKey(bucket: string, uploadId: string): string {
  return `${uploadFolder(bucket, uploadId)}key-check`;
}

export class UploadRecords {
  constructor(private readonly store: ObjectStore) {}

  async write(bucket: string, uploadId: string, record: UploadRecord): Promise<void> {
    await this.store.putObject(
      STAGING_BUCKET,
      recordKey(bucket, uploadId),
      Buffer.from(JSON.stringify(record)),
      { contentType: 'application/json' },
    );
  }

  async read(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    try {
      const bytes = await this.store.getObjectBytes(STAGING_BUCKET, recordKey(bucket, uploadId));
      return JSON.parse(bytes.toString('utf8')) as UploadRecord;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The ids of every upload into `bucket` that has a folder. */
  async ids(bucket: string): Promise<string[]> {
    const ids: string[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.store.listObjects(STAGING_BUCKET, {
          prefix: `${bucket}/`,
          delimiter: '/',
          ...(continuationToken ? { continuationToken } : {}),
        });
        ids.push(...page.commonPrefixes.map((p) => p.slice(bucket.length + 1, -1)));
        continuationToken = page.nextContinuationToken;
      } while (continuationToken);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return ids;
  }

  /** Deletes every object of the reserved bucket under `prefix`. */
  async drop(prefix: string): Promise<void> {
    const keys: string[] = [];
    try {
      for await (const info of this.store.listAllObjects(STAGING_BUCKET, prefix)) keys.push(info.key);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const key of keys) await this.store.deleteObject(STAGING_BUCKET, key);
  }
}

function recordKey(bucket: string, uploadId: string): string {
  return `${uploadFolder(bucket, uploadId)}upload.json`;
}

export function isMissing(error: unknown): boolean {
  return (
    isSconesError(error) &&
    (error.code === STORAGE_ERROR_CODES.NO_SUCH_KEY || error.code === STORAGE_ERROR_CODES.NO_SUCH_BUCKET)
  );
}
