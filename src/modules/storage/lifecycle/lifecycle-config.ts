// A bucket's lifecycle configuration, kept as a small record of the reserved settings bucket for the incarnation
// of the bucket it was written for (a bucket made again under the name has none).
import type { BlobStore, BucketInfo } from '../../../platform/blob/port.js';
import { SETTINGS_BUCKET } from '../settings-bucket.js';
import type { LifecycleRule } from './lifecycle-rules.js';

interface LifecycleRecord {
  readonly bucketCreatedAt: number;
  readonly rules: LifecycleRule[];
}

export class LifecycleConfigs {
  constructor(private readonly blobs: BlobStore) {}

  async get(bucket: BucketInfo): Promise<readonly LifecycleRule[] | undefined> {
    const record = await this.#read(bucket.name);
    return record?.bucketCreatedAt === bucket.createdAt ? record.rules : undefined;
  }

  /** The rules of a bucket by name: one read when it has none (the x-amz-expiration of every GET asks). */
  async rulesOf(bucket: string): Promise<readonly LifecycleRule[] | undefined> {
    const record = await this.#read(bucket);
    if (!record) return undefined;
    const info = await this.blobs.headBucket(bucket);
    return info?.createdAt === record.bucketCreatedAt ? record.rules : undefined;
  }

  async #read(bucket: string): Promise<LifecycleRecord | undefined> {
    const result = await this.blobs.get(SETTINGS_BUCKET, recordKey(bucket));
    if (result.status !== 'ok') return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.body) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as LifecycleRecord;
  }

  async put(bucket: BucketInfo, rules: readonly LifecycleRule[]): Promise<void> {
    await this.blobs.createBucket(SETTINGS_BUCKET);
    const record: LifecycleRecord = { bucketCreatedAt: bucket.createdAt, rules: [...rules] };
    await this.blobs.put(SETTINGS_BUCKET, recordKey(bucket.name), Buffer.from(JSON.stringify(record)), {
      contentType: 'application/json',
      metadata: {},
    });
  }

  async delete(bucket: BucketInfo): Promise<void> {
    await this.blobs.delete(SETTINGS_BUCKET, recordKey(bucket.name));
  }
}

function recordKey(bucket: string): string {
  return `${bucket}/lifecycle.json`;
}
