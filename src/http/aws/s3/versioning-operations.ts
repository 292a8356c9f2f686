// Bucket versioning: Get/PutBucketVersioning (MFA Delete refused) and ListObjectVersions.
import type { ListedVersion, VersioningStatus } from '../../../modules/storage/index.js';
import { ownerXml } from './bucket-operations.js';
import { type Encode, encoder } from './list-operations.js';
import { isoDate, quotedEtag } from './object-view.js';
import { readRequestBody } from './request-body.js';
import { header, integerParam, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { childText, parseXmlDocument, readSmallBody } from './xml-reader.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

const MAX_BODY_BYTES = 16 * 1024;
const STATUSES = new Set<string>(['Enabled', 'Suspended']);

export async function getBucketVersioning(call: S3Call) {
  const status = await call.services.store.versions.getStatus(call.bucket);
  return sendXml(call.reply, xmlDocument('VersioningConfiguration', [textElement('Status', status)]));
}

export async function putBucketVersioning(call: S3Call) {
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, MAX_BODY_BYTES);
  const document = parseXmlDocument(body, 'VersioningConfiguration', []);
  const status = childText(document, 'Status');
  const mfaDelete = childText(document, 'MfaDelete');
  if (mfaDelete === 'Enabled' || header(call, 'x-amz-mfa') !== undefined)
    throw s3Error('NOT_IMPLEMENTED', 'MFA Delete is not supported by Scones (it has no MFA devices)');
  if (mfaDelete !== undefined && mfaDelete !== 'Disabled')
    throw s3Error('MALFORMED_XML', 'MfaDelete must be Enabled or Disabled');
  if (status !== undefined && !STATUSES.has(status))
    throw s3Error('MALFORMED_XML', 'Status must be Enabled or Suspended');
  // A document without a Status changes nothing, as in S3.
  if (status !== undefined)
    await call.services.store.versions.setStatus(call.bucket, status as VersioningStatus);
  return call.reply.status(200).send();
}

export async function listObjectVersions(call: S3Call) {
  const encode = encoder(call);
  const { query } = call;
  const maxKeys = integerParam(call, 'max-keys', 1000, 1000);
  if (query['version-id-marker'] && !query['key-marker'])
    throw s3Error('INVALID_ARGUMENT', 'A version-id marker cannot be specified without a key marker.');
  await call.services.store.headBucket(call.bucket);
  const page = await call.services.store.versions.list(call.bucket, {
    prefix: query.prefix,
    delimiter: query.delimiter || undefined,
    maxKeys,
    keyMarker: query['key-marker'] || undefined,
    versionIdMarker: query['version-id-marker'] || undefined,
  });
  const marker = (value: string | undefined) => (value === undefined ? undefined : encode(value));
  return sendXml(
    call.reply,
    xmlDocument('ListVersionsResult', [
      textElement('Name', call.bucket),
      textElement('Prefix', query.prefix ?? ''),
      textElement('KeyMarker', marker(query['key-marker'] ?? '')),
      textElement('VersionIdMarker', query['version-id-marker'] ?? ''),
      textElement('NextKeyMarker', marker(page.nextKeyMarker)),
      textElement('NextVersionIdMarker', page.nextVersionIdMarker),
      textElement('MaxKeys', maxKeys),
      textElement('Delimiter', query.delimiter || undefined),
      textElement('EncodingType', query['encoding-type']),
      textElement('IsTruncated', page.isTruncated),
      ...page.versions.map((version) => versionXml(version, encode)),
      ...page.commonPrefixes.map((prefix) =>
        element('CommonPrefixes', [textElement('Prefix', encode(prefix))]),
      ),
    ]),
  );
}

function versionXml(version: ListedVersion, encode: Encode): string {
  const common = [
    textElement('Key', encode(version.key)),
    textElement('VersionId', version.versionId),
    textElement('IsLatest', version.isLatest),
    textElement('LastModified', isoDate(version.lastModified)),
  ];
  const object = version.object;
  if (!object) return element('DeleteMarker', [...common, ownerXml()]);
  return element('Version', [
    ...common,
    textElement('ETag', quotedEtag({ ...object, bucket: '' })),
    textElement('Size', object.size),
    textElement('StorageClass', 'STANDARD'),
    ownerXml(),
  ]);
}
