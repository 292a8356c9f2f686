// Buckets Scones keeps for itself (multipart staging, bucket settings): hidden from ListBuckets, refused to clients.
import { SETTINGS_BUCKET, STAGING_BUCKET } from '../../../modules/storage/index.js';

export function isReservedBucket(name: string): boolean {
  return name === STAGING_BUCKET || name === SETTINGS_BUCKET;
}
