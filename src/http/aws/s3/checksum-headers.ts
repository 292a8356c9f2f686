// Stored checksums on the wire: what a verified upload stores, what GET/HEAD return with x-amz-checksum-mode:
// ENABLED (whole-object reads only: a range or a part has no checksum of its own here), and the algorithm that
// CreateMultipartUpload echoes.
import {
  type BlobChecksum,
  COMPOSITE_ALGORITHMS,
  isComposite,
  type ObjectInfo,
} from '../../../modules/storage/index.js';
import { checksumName, isChecksumAlgorithm } from './checksums.js';
import type { RequestBody } from './request-body.js';
import { header, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

const PREFIX = 'x-amz-checksum-';

/** The checksum to store with an upload: the client's, once the body has been read and it was verified. */
export function storedChecksum(body: RequestBody): () => BlobChecksum | undefined {
  return () => {
    const verified = body.verifiedChecksum();
    return verified ? { algorithm: verified.header.slice(PREFIX.length), value: verified.value } : undefined;
  };
}

/** Writes the stored checksum when the client asked for it and the answer is the whole object. */
export function writeChecksum(call: S3Call, info: ObjectInfo, wholeObject: boolean): void {
  if (!wholeObject || !info.checksum || header(call, 'x-amz-checksum-mode')?.toUpperCase() !== 'ENABLED')
    return;
  call.reply.header(`${PREFIX}${info.checksum.algorithm}`, info.checksum.value);
  call.reply.header('x-amz-checksum-type', checksumType(info.checksum));
}

/** COMPOSITE for a multipart object's checksum of its parts' checksums (`...-N`), else FULL_OBJECT. */
export function checksumType(checksum: BlobChecksum): 'COMPOSITE' | 'FULL_OBJECT' {
  return isComposite(checksum) ? 'COMPOSITE' : 'FULL_OBJECT';
}

/**
 * CreateMultipartUpload's x-amz-checksum-algorithm and x-amz-checksum-type, checked and echoed as S3 does; the
 * algorithm (lower-case) when the object is to get a COMPOSITE checksum of its parts' checksums.
 */
export function echoChecksumAlgorithm(call: S3Call): string | undefined {
  const value = header(call, 'x-amz-checksum-algorithm');
  const type = header(call, 'x-amz-checksum-type')?.toUpperCase();
  if (value === undefined) return undefined;
  const algorithm = value.toLowerCase();
  if (!isChecksumAlgorithm(algorithm))
    throw s3Error('INVALID_REQUEST', 'Checksum algorithm provided is unsupported.');
  const composable = (COMPOSITE_ALGORITHMS as readonly string[]).includes(algorithm);
  if (type !== undefined && type !== 'COMPOSITE' && type !== 'FULL_OBJECT')
    throw s3Error('INVALID_REQUEST', 'Value for x-amz-checksum-type header is invalid.');
  if (type === 'COMPOSITE' && !composable)
    throw s3Error(
      'INVALID_REQUEST',
      `The ${checksumName(value)} algorithm does not support the COMPOSITE checksum type.`,
    );
  const chosen = type ?? (composable ? 'COMPOSITE' : 'FULL_OBJECT');
  call.reply.header('x-amz-checksum-algorithm', checksumName(value)).header('x-amz-checksum-type', chosen);
  return chosen === 'COMPOSITE' ? algorithm : undefined;
}
