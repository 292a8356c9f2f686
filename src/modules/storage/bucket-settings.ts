// Bucket-level settings (policy, public access block, ownership controls, ACLs, CORS): small documents kept as
// objects of a reserved bucket, so every blob adapter holds them without a port change.
//
// Layout in SETTINGS_BUCKET: `<bucket>/<setting>` and `<bucket>/object-acl/<sha256 of key>`. Each record carries
// the creation time of the bucket it was written for: a bucket deleted and made again never inherits the old
// bucket's settings, even if a deletion left them behind. An object ACL also carries the ETag and Last-Modified of
// the object it was set on, so an overwrite (which S3 gives a fresh, private ACL) drops it without a hook on puts.
import { createHash } from 'node:crypto';
import { isSconesError } from '../../kernel/errors.js';
import { STORAGE_ERROR_CODES } from './errors.js';
import type { BucketInfo, ObjectInfo, ObjectStore } from './object-store.js';
import { SETTINGS_BUCKET } from './settings-bucket.js';

/** `upload-acl/<uploadId>`: the canned ACL a multipart upload's object gets on completion. */
export type BucketSetting =
  | 'policy'
  | 'public-access-block'
  | 'ownership'
  | 'acl'
  | 'cors'
  | `upload-acl/${string}`;

interface SettingRecord {
  readonly bucketCreatedAt: number;
  readonly value: unknown;
  readonly etag?: string;
  readonly lastModified?: number;
}

export class BucketSettings {
  constructor(readonly store: ObjectStore) {}

  /** The setting's value for this incarnation of the bucket, or undefined. */
  async get(bucket: BucketInfo, setting: BucketSetting): Promise<unknown> {
    const record = await this.#read(settingKey(bucket.name, setting));
    return record?.bucketCreatedAt === bucket.createdAt ? record.value : undefined;
  }

  async put(bucket: BucketInfo, setting: BucketSetting, value: unknown): Promise<void> {
    await this.#write(settingKey(bucket.name, setting), { bucketCreatedAt: bucket.createdAt, value });
  }

  async delete(bucket: BucketInfo, setting: BucketSetting): Promise<void> {
    await this.#remove(settingKey(bucket.name, setting));
  }

  /** The ACL set on this version of the object (same ETag and Last-Modified), or undefined. */
  async getObjectAcl(bucket: BucketInfo, object: ObjectInfo): Promise<unknown> {
    const record = await this.#read(objectAclKey(bucket.name, object.key));
    const current =
      record?.bucketCreatedAt === bucket.createdAt &&
      record.etag === object.etag &&
      record.lastModified === object.lastModified;
    return current ? record.value : undefined;
  }

  async putObjectAcl(bucket: BucketInfo, object: ObjectInfo, value: unknown): Promise<void> {
    await this.#write(objectAclKey(bucket.name, object.key), {
      bucketCreatedAt: bucket.createdAt,
      value,
      etag: object.etag,
      lastModified: object.lastModified,
    });
  }

  /** Forgets everything kept for a deleted bucket. */
  async dropBucket(bucket: string): Promise<void> {
    const prefix = `${bucket}/`;
    let token: string | undefined;
    do {
      const page = await this.store
        .listObjects(SETTINGS_BUCKET, { prefix, ...(token ? { continuationToken: token } : {}) })
        .catch(ignoreMissing);
      if (!page) return;
      for (const object of page.contents) await this.#remove(object.key);
      token = page.nextContinuationToken;
    } while (token);
  }

  async #read(key: string): Promise<SettingRecord | undefined> {
    const bytes = await this.store.getObjectBytes(SETTINGS_BUCKET, key).catch(ignoreMissing);
    return bytes ? (JSON.parse(bytes.toString('utf8')) as SettingRecord) : undefined;
  }

  async #write(key: string, record: SettingRecord): Promise<void> {
    await this.store.ensureBucket(SETTINGS_BUCKET);
    await this.store.putObject(SETTINGS_BUCKET, key, Buffer.from(JSON.stringify(record)), {
      contentType: 'application/json',
    });
  }

  async #remove(key: string): Promise<void> {
    await this.store.deleteObject(SETTINGS_BUCKET, key).catch(ignoreMissing);
  }
}

function settingKey(bucket: string, setting: BucketSetting): string {
  return `${bucket}/${setting}`;
}

function objectAclKey(bucket: string, key: string): string {
  return `${bucket}/object-acl/${createHash('sha256').update(key).digest('hex')}`;
}

function ignoreMissing(error: unknown): undefined {
  const missing = [STORAGE_ERROR_CODES.NO_SUCH_BUCKET, STORAGE_ERROR_CODES.NO_SUCH_KEY] as string[];
  if (isSconesError(error) && missing.includes(error.code)) return undefined;
  throw error;
}
