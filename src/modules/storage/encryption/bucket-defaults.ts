// A bucket's default encryption (S3 PutBucketEncryption), kept as a small object of a reserved bucket.
//
// The blob port keeps bytes and metadata only, so bucket settings live beside the buckets, not in them: one object
// per bucket in SETTINGS_BUCKET, dropped when the bucket is deleted and when a bucket of that name is created (a
// crash between the two may leave one behind; a new bucket must not inherit it).
import type { BlobStore } from '../../../platform/blob/port.js';
import { SETTINGS_BUCKET } from '../settings-bucket.js';

export interface BucketEncryption {
  /** Only SSE-S3: Scones has no KMS. */
  readonly algorithm: 'AES256';
  /** S3 Bucket Keys reduce KMS calls; with SSE-S3 they change nothing, but S3 stores and returns the flag. */
  readonly bucketKeyEnabled: boolean;
}

export class BucketDefaults {
  constructor(private readonly blobs: BlobStore) {}

  async get(bucket: string): Promise<BucketEncryption | undefined> {
    const result = await this.blobs.get(SETTINGS_BUCKET, settingsKey(bucket));
    if (result.status !== 'ok') return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.body) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as BucketEncryption;
  }

  async put(bucket: string, config: BucketEncryption): Promise<void> {
    await this.blobs.createBucket(SETTINGS_BUCKET);
    const body = Buffer.from(JSON.stringify(config));
    await this.blobs.put(SETTINGS_BUCKET, settingsKey(bucket), body, {
      contentType: 'application/json',
      metadata: {},
    });
  }

  async delete(bucket: string): Promise<void> {
    await this.blobs.delete(SETTINGS_BUCKET, settingsKey(bucket));
  }
}

function settingsKey(bucket: string): string {
  return `${bucket}/encryption.json`;
}
