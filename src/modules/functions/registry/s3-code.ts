// Code zips named by `S3Bucket`/`S3Key` (CreateFunction, UpdateFunctionCode, PublishLayerVersion), read from
// Scones's object store; a missing bucket or key fails with Lambda's wording for it.
import { isSconesError } from '../../../kernel/errors.js';
import { functionsError } from '../errors.js';
import type { CodeObjectReader } from '../ports.js';

export interface S3CodeLocation {
  readonly bucket: string;
  readonly key: string;
}

export async function readS3Code(
  objects: CodeObjectReader | undefined,
  location: S3CodeLocation,
): Promise<Buffer> {
  if (!objects) throw functionsError('INVALID_PARAMETER', 'no object store is attached to read S3 code from');
  try {
    return await objects.getObjectBytes(location.bucket, location.key);
  } catch (error) {
    if (!isSconesError(error) || error.kind !== 'not_found') throw error;
    const [code, message] = error.code.endsWith('BUCKET')
      ? ['NoSuchBucket', 'The specified bucket does not exist']
      : ['NoSuchKey', 'The specified key does not exist.'];
    throw functionsError(
      'INVALID_PARAMETER',
      `Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`,
      { ...location },
      error,
    );
  }
}
