// CopyObject and UploadPartCopy: the source named by x-amz-copy-source, read from the store as a stream.

import type { ByteRange, GetObjectOutput } from '../../../modules/storage/index.js';
import { withDefaultChecksum } from './default-checksum.js';
import { discardBody, isoDate, quotedEtag, userMetadata } from './object-view.js';
import { checkPreconditions } from './preconditions.js';
import { isReservedBucket } from './reserved-buckets.js';
import { header, metadataFromHeaders, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import {
  COPY_SOURCE_SSE_C,
  customerKeyOf,
  writeEncryptionHeaders,
  writeEncryptionOf,
} from './sse-headers.js';
import { storedHeadersFrom } from './stored-headers.js';
import { copiedTags } from './tagging-headers.js';
import { writeVersionId } from './version-headers.js';
import { writeCondition } from './write-conditions.js';
import { textElement, xmlDocument } from './xml-writer.js';

interface CopySource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

export async function copyObject(call: S3Call) {
  const source = copySource(call);
  const directive = header(call, 'x-amz-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw s3Error('INVALID_ARGUMENT', 'Unknown metadata directive: use COPY or REPLACE');
  const encryption = writeEncryptionOf(call);
  // Re-encrypting an object in place is a change S3 allows (how clients encrypt existing objects).
  if (source.bucket === call.bucket && source.key === call.key && directive === 'COPY' && !encryption)
    throw s3Error(
      'INVALID_REQUEST',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata",
    );
  const metadata = directive === 'REPLACE' ? metadataFromHeaders(call) : undefined;
  const condition = await writeCondition(call);
  const src = await openSource(call, source);
  const tags = await copiedTags(call, src.info).catch((error: unknown) => {
    discardBody(src.body);
    throw error;
  });
  // The same bytes: the source's checksum holds for the copy; one without gets S3's default.
  const body = src.info.checksum
    ? { chunks: src.body, checksum: () => src.info.checksum }
    : withDefaultChecksum(src.body);
  const info = await call.services.store.putObject(call.bucket, call.key, body.chunks, {
    contentType: metadata ? header(call, 'content-type') : src.info.contentType,
    metadata: metadata ?? userMetadata(src.info),
    headers: metadata ? storedHeadersFrom(call) : (src.info.headers ?? {}),
    tags,
    checksum: body.checksum,
    condition,
    encryption,
  });
  writeEncryptionHeaders(call.reply, info, customerKeyOf(call));
  writeVersionId(call.reply, info);
  if (source.versionId) call.reply.header('x-amz-copy-source-version-id', source.versionId);
  return sendXml(
    call.reply,
    xmlDocument('CopyObjectResult', [
      textElement('ETag', quotedEtag(info)),
      textElement('LastModified', isoDate(info.lastModified)),
    ]),
  );
}

export async function uploadPartCopy(call: S3Call) {
  const source = copySource(call);
  const range = copySourceRange(header(call, 'x-amz-copy-source-range'));
  if (range) await assertRangeWithinSource(call, source, range);
  const customer = customerKeyOf(call);
  const src = await openSource(call, source, range);
  const part = await call.services.uploads.uploadPart(
    call.bucket,
    call.key,
    call.query.uploadId ?? '',
    Number(call.query.partNumber),
    src.body,
    customer?.key,
  );
  writeEncryptionHeaders(call.reply, part, customer);
  return sendXml(
    call.reply,
    xmlDocument('CopyPartResult', [
      textElement('ETag', `"${part.etag}"`),
      textElement('LastModified', isoDate(part.lastModified)),
    ]),
  );
}

/** Opens the source and checks the x-amz-copy-source-if-* conditions against it. */
async function openSource(call: S3Call, source: CopySource, range?: ByteRange): Promise<GetObjectOutput> {
  const customerKey = customerKeyOf(call, COPY_SOURCE_SSE_C)?.key;
  const src = await call.services.store.getObject(source.bucket, source.key, {
    customerKey,
    ...(range ? { range } : {}),
    ...(source.versionId ? { versionId: source.versionId } : {}),
  });
  if (checkPreconditions(call.request.headers, src.info, 'x-amz-copy-source-if-') !== 'proceed') {
    discardBody(src.body);
    throw s3Error('PRECONDITION_FAILED', 'At least one of the pre-conditions you specified did not hold');
  }
  return src;
}

/** `x-amz-copy-source: /bucket/key` or `bucket/key`, URL-encoded, maybe with `?versionId=`. */
export function copySource(call: S3Call): CopySource {
  const raw = header(call, 'x-amz-copy-source') ?? '';
  const [path = '', version] = raw.split('?versionId=');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw s3Error('INVALID_ARGUMENT', 'Invalid copy source encoding');
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1)
    throw s3Error(
      'INVALID_ARGUMENT',
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    );
  const bucket = decoded.slice(0, slash);
  if (isReservedBucket(bucket)) throw s3Error('ACCESS_DENIED', 'Access Denied', { bucket });
  if (version === '') throw s3Error('INVALID_ARGUMENT', 'Version id cannot be the empty string');
  return { bucket, key: decoded.slice(slash + 1), ...(version === undefined ? {} : { versionId: version }) };
}

/**
 * A copy range must lie wholly inside the source: unlike GetObject's Range, S3 never shortens it to the bytes there
 * are (a part silently shorter than asked would corrupt the assembled object), it refuses it.
 */
async function assertRangeWithinSource(call: S3Call, source: CopySource, range: { end: number }) {
  const customerKey = customerKeyOf(call, COPY_SOURCE_SSE_C)?.key;
  const { size } = await call.services.store.headObject(source.bucket, source.key, {
    customerKey,
    ...(source.versionId ? { versionId: source.versionId } : {}),
  });
  if (range.end >= size)
    throw s3Error('INVALID_ARGUMENT', `Range specified is not valid for source object of size: ${size}`, {
      size,
    });
}

function copySourceRange(value: string | undefined): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  if (!match || Number(match[2]) < Number(match[1]))
    throw s3Error(
      'INVALID_ARGUMENT',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
    );
  return { start: Number(match[1]), end: Number(match[2]) };
}
