// Object and bucket tagging operations: Get/Put/Delete of the Tagging XML document.
import { MAX_BUCKET_TAGS, MAX_OBJECT_TAGS, type TagSet, tagSetOf } from '../../../modules/storage/index.js';
import { readRequestBody } from './request-body.js';
import { type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { versionOption, writeVersionId } from './version-headers.js';
import { childObjects, childText, parseXmlDocument, readSmallBody, type XmlObject } from './xml-reader.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

/** 50 tags of up to 128 + 256 characters (4 bytes each, escaped), with room to spare. */
const MAX_TAGGING_BODY_BYTES = 512 * 1024;

export async function getObjectTagging(call: S3Call) {
  const info = await call.services.store.headObject(call.bucket, call.key, versionOption(call));
  writeVersionId(call.reply, info);
  return sendXml(call.reply, taggingXml(info.tags ?? {}));
}

export async function putObjectTagging(call: S3Call) {
  const tags = tagSetOf(await readTagList(call), MAX_OBJECT_TAGS);
  const info = await call.services.store.putObjectTags(
    call.bucket,
    call.key,
    tags,
    versionOption(call).versionId,
  );
  writeVersionId(call.reply, info);
  return call.reply.status(200).send();
}

export async function deleteObjectTagging(call: S3Call) {
  const info = await call.services.store.putObjectTags(
    call.bucket,
    call.key,
    {},
    versionOption(call).versionId,
  );
  writeVersionId(call.reply, info);
  return call.reply.status(204).send();
}

export async function getBucketTagging(call: S3Call) {
  return sendXml(call.reply, taggingXml(await call.services.store.getBucketTags(call.bucket)));
}

export async function putBucketTagging(call: S3Call) {
  const tags = tagSetOf(await readTagList(call), MAX_BUCKET_TAGS);
  await call.services.store.putBucketTags(call.bucket, tags);
  return call.reply.status(204).send();
}

export async function deleteBucketTagging(call: S3Call) {
  await call.services.store.putBucketTags(call.bucket, {});
  return call.reply.status(204).send();
}

async function readTagList(call: S3Call): Promise<[string, string][]> {
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, MAX_TAGGING_BODY_BYTES);
  const document = parseXmlDocument(body, 'Tagging', ['Tag']);
  const tagSet = document.TagSet;
  if (tagSet === undefined) throw s3Error('MALFORMED_XML', 'a Tagging document needs a TagSet');
  if (Array.isArray(tagSet)) throw s3Error('MALFORMED_XML', 'a Tagging document holds one TagSet');
  const set: XmlObject = typeof tagSet === 'string' ? {} : tagSet;
  return childObjects(set, 'Tag').map((tag) => {
    const key = childText(tag, 'Key');
    if (key === undefined) throw s3Error('MALFORMED_XML', 'each Tag needs a Key');
    return [key, childText(tag, 'Value') ?? ''];
  });
}

function taggingXml(tags: TagSet): string {
  const items = Object.entries(tags).map(([key, value]) =>
    element('Tag', [textElement('Key', key), textElement('Value', value)]),
  );
  return xmlDocument('Tagging', [element('TagSet', items)]);
}
