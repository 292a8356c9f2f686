// Public face of the object store module.
export { type BucketSetting, BucketSettings, SETTINGS_BUCKET } from './bucket-settings.js';
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
  S3_MAX_SINGLE_PUT_BYTES,
} from './object-store.js';
export { formatS3Uri, parseS3Uri, type S3Location } from './s3-uri.js';
export { MAX_BUCKET_TAGS, MAX_OBJECT_TAGS, type TagSet, tagSetOf } from './tags.js';
