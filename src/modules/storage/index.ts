// Public face of the object store module.
export { type BucketSetting, BucketSettings } from './bucket-settings.js';
export type { BucketEncryption } from './encryption/bucket-defaults.js';
export { fileHomeKeys, type HomeKeys } from './encryption/object-keys.js';
export type { ObjectEncryption } from './encryption/sealed-objects.js';
export { STORAGE_ERROR_CODES, storageError } from './errors.js';
export { currentExpiry, type LifecycleFilter, type LifecycleRule } from './lifecycle/lifecycle-rules.js';
export { LifecycleSchedule } from './lifecycle/lifecycle-schedule.js';
export { type IncompleteUploads, LifecycleSweep, type SweepReport } from './lifecycle/lifecycle-sweep.js';
export { COMPOSITE_ALGORITHMS, isComposite } from './multipart/composite-checksum.js';
export { MultipartUploads, type PendingUpload } from './multipart/multipart-uploads.js';
export type { CompletedPart } from './multipart/part-checks.js';
export type { StoredPart } from './multipart/part-store.js';
export { uploadEncryptionOf } from './multipart/upload-encryption.js';
export { STAGING_BUCKET, type UploadTarget } from './multipart/upload-records.js';
export { assertBucketName, assertKey, MAX_KEY_BYTES } from './names.js';
export {
  type BlobBody,
  type BlobChecksum,
  type BlobCondition,
  type BlobPart,
  type BucketInfo,
  type ByteRange,
  DEFAULT_CONTENT_TYPE,
  type GetObjectOutput,
  type ListObjectsInput,
  type ListObjectsOutput,
  type ObjectInfo,
  ObjectStore,
  type PutObjectOptions,
  type ReadObjectOptions,
  S3_MAX_SINGLE_PUT_BYTES,
} from './object-store.js';
export { formatS3Uri, parseS3Uri, type S3Location } from './s3-uri.js';
export { INTERNAL_BUCKET, SETTINGS_BUCKET } from './settings-bucket.js';
export { MAX_BUCKET_TAGS, MAX_OBJECT_TAGS, type TagSet, tagSetOf } from './tags.js';
export type { DeleteOutcome } from './versioning/object-versions.js';
export { NULL_VERSION } from './versioning/version-ids.js';
export type { ListedVersion, ListVersionsInput, ListVersionsOutput } from './versioning/version-listing.js';
export type { VersioningStatus } from './versioning/versioning-state.js';
