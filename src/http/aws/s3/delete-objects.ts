// DeleteObjects: up to 1000 keys in one XML request, each deleted on its own (with its own ETag, Size and
// LastModifiedTime conditions), errors reported per key.
import { isSconesError } from '../../../kernel/errors.js';
import { s3Access } from '../../../modules/iam/index.js';
import type { DeleteOutcome } from '../../../modules/storage/index.js';
import { readRequestBody } from './request-body.js';
import { type S3Call, sendXml } from './s3-call.js';
import { toS3WireError } from './s3-error-mapping.js';
import { s3Error } from './s3-errors.js';
import { type DeleteExpectation, deleteCondition, timestamp } from './write-conditions.js';
import { childObjects, childText, parseXmlDocument, readSmallBody, type XmlObject } from './xml-reader.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

const MAX_KEYS = 1000;
/** 1000 keys of up to 1024 bytes, escaped, plus the element names. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function deleteObjects(call: S3Call) {
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, MAX_BODY_BYTES);
  const document = parseXmlDocument(body, 'Delete', ['Object']);
  const objects = childObjects(document, 'Object').map((object) => {
    const key = childText(object, 'Key');
    if (key === undefined) throw s3Error('MALFORMED_XML', 'each Object needs a Key');
    const versionId = childText(object, 'VersionId');
    return { key, versionId, expect: expectationOf(object) };
  });
  const keys = objects.map((o) => o.key);
  if (keys.length === 0 || keys.length > MAX_KEYS)
    throw s3Error('MALFORMED_XML', `a Delete request names 1 to ${MAX_KEYS} objects`);
  const quiet = childText(document, 'Quiet')?.trim() === 'true';
  await call.services.store.headBucket(call.bucket);
  const results: string[] = [];
  for (const { key, versionId, expect } of objects) {
    try {
      // As S3 does, each key is authorized on its own and a refusal is that key's error.
      await call.authorize(
        s3Access(versionId ? 'DeleteObjectVersion' : 'DeleteObject', { bucket: call.bucket, key }),
      );
      const condition = deleteCondition(call.bucket, key, expect);
      const outcome = await call.services.store.deleteObject(call.bucket, key, condition, versionId);
      if (!quiet) results.push(deletedXml(key, versionId, outcome));
    } catch (error) {
      if (!isSconesError(error)) throw error;
      const wire = toS3WireError(error);
      results.push(
        element('Error', [
          textElement('Key', key),
          textElement('VersionId', versionId),
          textElement('Code', wire.code),
          textElement('Message', wire.message),
        ]),
      );
    }
  }
  return sendXml(call.reply, xmlDocument('DeleteResult', results));
}

/** A version deleted by id names it; a delete marker made or removed says so (and, when made, its id). */
function deletedXml(key: string, versionId: string | undefined, outcome: DeleteOutcome): string {
  const madeMarker = outcome.deleteMarker === true && versionId === undefined;
  return element('Deleted', [
    textElement('Key', key),
    textElement('VersionId', versionId),
    outcome.deleteMarker ? textElement('DeleteMarker', 'true') : '',
    madeMarker ? textElement('DeleteMarkerVersionId', outcome.versionId) : '',
  ]);
}

function expectationOf(object: XmlObject): DeleteExpectation {
  const size = childText(object, 'Size');
  const time = childText(object, 'LastModifiedTime');
  if (size !== undefined && !/^\d+$/.test(size.trim()))
    throw s3Error('MALFORMED_XML', 'an Object Size must be a non-negative integer');
  return {
    etag: childText(object, 'ETag'),
    size: size === undefined ? undefined : Number(size),
    lastModified: time === undefined ? undefined : timestamp(time, 'LastModifiedTime'),
  };
}
