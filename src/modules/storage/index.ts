// Public face of the object store module.
export { type BucketSetting, BucketSettings } from './bucket-settings.js';
export type { BucketEncryption } from './encryption/bucket-defaults.js';
export { fileHomeKeys, type HomeKeys } from './encryption/object-keys.js';
export type { ObjectEncryption } from './encryption/sealed-objects.js';
export { STORAGE_ERROR_CODES, storageError } from './errors.js';
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
