// A bucket's versioning state (S3 PutBucketVersioning): a small record of the reserved settings bucket, valid only
// for the incarnation of the bucket it was written for (a bucket made again under the name starts unversioned).
import type { BlobStore, BucketInfo } from '../../../platform/blob/port.js';
import { SETTINGS_BUCKET } from '../settings-bucket.js';

/** Undefined: never versioned. S3 cannot take a bucket back to that state, only suspend. */
export type VersioningStatus = 'Enabled' | 'Suspended';

interface VersioningRecord {
  readonly bucketCreatedAt: number;
  readonly status: VersioningStatus;
}

export class VersioningState {
  constructor(private readonly blobs: BlobStore) {}

  async get(bucket: BucketInfo): Promise<VersioningStatus | undefined> {
    const result = await this.blobs.get(SETTINGS_BUCKET, recordKey(bucket.name));
    if (result.status !== 'ok') return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.body) chunks.push(chunk);
    const record = JSON.parse(Buffer.concat(chunks).toString('utf8')) as VersioningRecord;
    return record.bucketCreatedAt === bucket.createdAt ? record.status : undefined;
  }

  async put(bucket: BucketInfo, status: VersioningStatus): Promise<void> {
    await this.blobs.createBucket(SETTINGS_BUCKET);
    const record: VersioningRecord = { bucketCreatedAt: bucket.createdAt, status };
    await this.blobs.put(SETTINGS_BUCKET, recordKey(bucket.name), Buffer.from(JSON.stringify(record)), {
      contentType: 'application/json',
      metadata: {},
    });
  }
}

function recordKey(bucket: string): string {
  return `${bucket}/versioning.json`;
}
