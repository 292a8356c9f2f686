// `s3://bucket/key` URIs as the CLI and manifests write them.
import { storageError } from './errors.js';
import { assertBucketName } from './names.js';

export interface S3Location {
  readonly bucket: string;
  /** Empty for the bucket itself. */
  readonly key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/s.exec(uri);
  if (!match)
    throw storageError(
      'INVALID_ARGUMENT',
      `not an s3:// URI: ${JSON.stringify(uri)} (expected s3://bucket/key)`,
    );
  const bucket = match[1] as string;
  assertBucketName(bucket);
  return { bucket, key: match[2] ?? '' };
}

export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}
