// Checks of a CompleteMultipartUpload part list and the multipart ETag, as S3 applies them.
import { createHash } from 'node:crypto';
import { storageError } from '../errors.js';

export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** What is known of an uploaded part, however the parts are kept. */
export interface UploadedPart {
  readonly partNumber: number;
  /** Hex MD5 of the part as the client sent it (S3's part ETag), unquoted. */
  readonly etag: string;
  /** The part's size as the client sent it. */
  readonly size: number;
  readonly lastModified: number;
}

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

/** The uploaded parts the client listed, in its order, after S3's checks (order, existence, ETag, size). */
export function choosePartsInOrder<P extends UploadedPart>(
  parts: readonly CompletedPart[],
  uploaded: ReadonlyMap<number, P>,
  minPartBytes: number,
): P[] {
  parts.forEach((part, index) => {
    const previous = parts[index - 1];
    if (previous && part.partNumber <= previous.partNumber)
      throw storageError(
        'INVALID_PART_ORDER',
        'the list of parts was not in ascending order; parts must be ordered by part number',
      );
  });
  return parts.map((part, index) => {
    const info = uploaded.get(part.partNumber);
    if (!info || info.etag !== part.etag)
      throw storageError(
        'INVALID_PART',
        `part ${part.partNumber} was not uploaded or its ETag does not match`,
        { partNumber: part.partNumber },
      );
    if (index < parts.length - 1 && info.size < minPartBytes)
      throw storageError(
        'ENTITY_TOO_SMALL',
        `part ${part.partNumber} is ${info.size} bytes; all parts but the last need at least ${minPartBytes}`,
      );
    return info;
  });
}

/** S3's multipart ETag: MD5 of the concatenated binary part MD5s, a dash, the part count. */
export function multipartEtag(partEtags: readonly string[]): string {
  const md5 = createHash('md5');
  for (const etag of partEtags) md5.update(Buffer.from(etag, 'hex'));
  return `${md5.digest('hex')}-${partEtags.length}`;
}

export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER)
    throw storageError(
      'INVALID_ARGUMENT',
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
    );
}

export function noSuchUpload(uploadId: string) {
  return storageError(
    'NO_SUCH_UPLOAD',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { uploadId },
  );
}
