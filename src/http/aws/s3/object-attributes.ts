// GetObjectAttributes: the attributes named in x-amz-object-attributes (ETag, ObjectSize, StorageClass,
// ObjectParts with max-parts/part-number-marker paging, the stored Checksum) without the body.
import type { ObjectInfo } from '../../../modules/storage/index.js';
import { checksumType } from './checksum-headers.js';
import { checksumName } from './checksums.js';
import { httpDate, s3Etag } from './object-view.js';
import { header, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { versionOption, writeVersionId } from './version-headers.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

const ATTRIBUTES = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);
const MAX_PARTS = 1000;

export async function getObjectAttributes(call: S3Call) {
  const wanted = requestedAttributes(call);
  const info = await call.services.store.headObject(call.bucket, call.key, versionOption(call));
  writeVersionId(call.reply, info);
  const children = [
    wanted.has('ETag') ? textElement('ETag', s3Etag(info)) : '',
    wanted.has('Checksum') && info.checksum
      ? element('Checksum', [
          textElement(`Checksum${checksumName(info.checksum.algorithm)}`, info.checksum.value),
          textElement('ChecksumType', checksumType(info.checksum)),
        ])
      : '',
    wanted.has('ObjectParts') ? objectParts(call, info) : '',
    wanted.has('StorageClass') ? textElement('StorageClass', 'STANDARD') : '',
    wanted.has('ObjectSize') ? textElement('ObjectSize', info.size) : '',
  ];
  call.reply.header('last-modified', httpDate(info.lastModified));
  return sendXml(call.reply, xmlDocument('GetObjectAttributesResponse', children));
}

function requestedAttributes(call: S3Call): Set<string> {
  const names = (header(call, 'x-amz-object-attributes') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0)
    throw s3Error(
      'INVALID_ARGUMENT',
      'x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty',
    );
  if (names.some((name) => !ATTRIBUTES.has(name)))
    throw s3Error('INVALID_ARGUMENT', 'Invalid attribute name specified.');
  return new Set(names);
}

/** Multipart objects only (S3 reports no parts for an object written in one piece). */
function objectParts(call: S3Call, info: ObjectInfo): string {
  if (!info.parts) return '';
  const maxParts = Math.min(headerInteger(call, 'x-amz-max-parts', MAX_PARTS), MAX_PARTS);
  const marker = headerInteger(call, 'x-amz-part-number-marker', 0);
  const after = info.parts.filter((part) => part.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  return element('ObjectParts', [
    textElement('PartsCount', info.parts.length),
    textElement('PartNumberMarker', marker),
    ...(truncated ? [textElement('NextPartNumberMarker', page.at(-1)?.partNumber)] : []),
    textElement('MaxParts', maxParts),
    textElement('IsTruncated', truncated),
    ...page.map((part) =>
      element('Part', [textElement('PartNumber', part.partNumber), textElement('Size', part.size)]),
    ),
  ]);
}

function headerInteger(call: S3Call, name: string, fallback: number): number {
  const text = header(call, name);
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text)) throw s3Error('INVALID_ARGUMENT', `${name} must be a non-negative integer`);
  return Number(text);
}
