// Buckets Scones keeps for itself (multipart staging, bucket settings, its own objects): hidden from ListBuckets,
// refused to clients.
import { INTERNAL_BUCKET, SETTINGS_BUCKET, STAGING_BUCKET } from '../../../modules/storage/index.js';

export function isReservedBucket(name: string): boolean {
  return name === STAGING_BUCKET || name === SETTINGS_BUCKET || name === INTERNAL_BUCKET;
}
