// Stored checksums on the wire: what a verified upload stores, what GET/HEAD return with x-amz-checksum-mode:
// ENABLED (whole-object reads only: a range or a part has no checksum of its own here), and the algorithm that
// CreateMultipartUpload echoes.
import type { BlobChecksum, ObjectInfo } from '../../../modules/storage/index.js';
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
  call.reply.header('x-amz-checksum-type', 'FULL_OBJECT');
}

/** CreateMultipartUpload's x-amz-checksum-algorithm, checked and echoed as S3 does. */
export function echoChecksumAlgorithm(call: S3Call): void {
  const value = header(call, 'x-amz-checksum-algorithm');
  if (value === undefined) return;
  if (!isChecksumAlgorithm(value.toLowerCase()))
    throw s3Error('INVALID_REQUEST', 'Checksum algorithm provided is unsupported.');
  call.reply.header('x-amz-checksum-algorithm', checksumName(value));
}
