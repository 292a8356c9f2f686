// Checks of a CompleteMultipartUpload part list and the multipart ETag, as S3 applies them.
import { createHash } from 'node:crypto';
import type { ObjectInfo } from '../../../modules/storage/index.js';
import { s3Error } from './s3-errors.js';

export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** The staged parts the client listed, in its order, after S3's checks (order, existence, ETag, size). */
export function choosePartsInOrder(
  parts: readonly CompletedPart[],
  staged: ReadonlyMap<number, ObjectInfo>,
  minPartBytes: number,
): ObjectInfo[] {
  if (parts.length === 0)
    throw s3Error('MALFORMED_XML', 'CompleteMultipartUpload must list at least one part');
  parts.forEach((part, index) => {
    const previous = parts[index - 1];
    if (previous && part.partNumber <= previous.partNumber)
      throw s3Error(
        'INVALID_PART_ORDER',
        'the list of parts was not in ascending order; parts must be ordered by part number',
      );
  });
  return parts.map((part, index) => {
    const info = staged.get(part.partNumber);
    if (!info || info.etag !== part.etag)
      throw s3Error('INVALID_PART', `part ${part.partNumber} was not uploaded or its ETag does not match`, {
        partNumber: part.partNumber,
      });
    if (index < parts.length - 1 && info.size < minPartBytes)
      throw s3Error(
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
