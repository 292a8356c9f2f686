// ListParts and ListMultipartUploads: what is staged for uploads that are neither completed nor aborted.
import { compareUtf8 } from '../../../kernel/utf8.js';
import type { PendingUpload } from '../../../modules/storage/index.js';
import { ownerXml } from './bucket-operations.js';
import { isoDate } from './object-view.js';
import { integerParam, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

export async function listParts(call: S3Call) {
  const uploadId = call.query.uploadId ?? '';
  const after = integerParam(call, 'part-number-marker', 0, Number.MAX_SAFE_INTEGER);
  const maxParts = integerParam(call, 'max-parts', 1000, 1000);
  const { parts, truncated } = await call.services.uploads.listParts(
    call.bucket,
    call.key,
    uploadId,
    after,
    maxParts,
  );
  return sendXml(
    call.reply,
    xmlDocument('ListPartsResult', [
      textElement('Bucket', call.bucket),
      textElement('Key', call.key),
      textElement('UploadId', uploadId),
      ownerXml('Initiator'),
      ownerXml(),
      textElement('StorageClass', 'STANDARD'),
      textElement('PartNumberMarker', after),
      textElement('NextPartNumberMarker', parts.at(-1)?.partNumber ?? after),
      textElement('MaxParts', maxParts),
      textElement('IsTruncated', truncated),
      ...parts.map((part) =>
        element('Part', [
          textElement('PartNumber', part.partNumber),
          textElement('LastModified', isoDate(part.lastModified)),
          textElement('ETag', `"${part.etag}"`),
          textElement('Size', part.size),
        ]),
      ),
    ]),
  );
}

export async function listMultipartUploads(call: S3Call) {
  const { query } = call;
  if (query.delimiter)
    throw s3Error('NOT_IMPLEMENTED', 'ListMultipartUploads with a delimiter is not supported');
  if (query['encoding-type'] !== undefined && query['encoding-type'] !== 'url')
    throw s3Error('INVALID_ARGUMENT', 'Invalid Encoding Method specified in Request');
  const encode = query['encoding-type'] === 'url' ? encodeURIComponent : (text: string) => text;
  const prefix = query.prefix ?? '';
  const maxUploads = integerParam(call, 'max-uploads', 1000, 1000);
  const all = (await call.services.uploads.listUploads(call.bucket)).filter((u) => u.key.startsWith(prefix));
  const remaining = all.slice(firstAfterMarkers(all, query['key-marker'], query['upload-id-marker']));
  const page = remaining.slice(0, maxUploads);
  const truncated = remaining.length > page.length;
  const last = page.at(-1);
  return sendXml(
    call.reply,
    xmlDocument('ListMultipartUploadsResult', [
      textElement('Bucket', call.bucket),
      textElement('KeyMarker', encode(query['key-marker'] ?? '')),
      textElement('UploadIdMarker', query['upload-id-marker'] ?? ''),
      textElement('NextKeyMarker', truncated && last ? encode(last.key) : undefined),
      textElement('NextUploadIdMarker', truncated && last ? last.uploadId : undefined),
      textElement('Prefix', encode(prefix)),
      textElement('EncodingType', query['encoding-type']),
      textElement('MaxUploads', maxUploads),
      textElement('IsTruncated', truncated),
      ...page.map((upload) =>
        element('Upload', [
          textElement('Key', encode(upload.key)),
          textElement('UploadId', upload.uploadId),
          ownerXml('Initiator'),
          ownerXml(),
          textElement('StorageClass', 'STANDARD'),
          textElement('Initiated', isoDate(upload.initiated)),
        ]),
      ),
    ]),
  );
}

/** Index of the first upload after the markers: after the named upload, or after every upload of the key. */
function firstAfterMarkers(
  uploads: readonly PendingUpload[],
  keyMarker?: string,
  uploadIdMarker?: string,
): number {
  if (!keyMarker) return 0;
  const exact = uploadIdMarker
    ? uploads.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker)
    : -1;
  if (exact >= 0) return exact + 1;
  const next = uploads.findIndex((u) => compareUtf8(u.key, keyMarker) > 0);
  return next < 0 ? uploads.length : next;
}
