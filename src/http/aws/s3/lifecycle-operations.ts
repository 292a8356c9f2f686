// Bucket lifecycle: Get/Put/DeleteBucketLifecycleConfiguration, and x-amz-expiration on objects a rule expires.
import { currentExpiry, storageError } from '../../../modules/storage/index.js';
import { parseLifecycle, ruleXml } from './lifecycle-xml.js';
import { readRequestBody } from './request-body.js';
import { type S3Call, sendXml } from './s3-call.js';
import { readSmallBody } from './xml-reader.js';
import { xmlDocument } from './xml-writer.js';

/** 1000 rules with their filters fit well under this. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function getBucketLifecycle(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const rules = await call.services.store.lifecycle.get(bucket);
  if (!rules)
    throw storageError('NO_SUCH_LIFECYCLE_CONFIGURATION', 'The lifecycle configuration does not exist', {
      bucket: call.bucket,
    });
  return sendXml(call.reply, xmlDocument('LifecycleConfiguration', rules.map(ruleXml)));
}

export async function putBucketLifecycle(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, MAX_BODY_BYTES);
  await call.services.store.lifecycle.put(bucket, parseLifecycle(body));
  return call.reply.status(200).send();
}

export async function deleteBucketLifecycle(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  await call.services.store.lifecycle.delete(bucket);
  return call.reply.status(204).send();
}

/** `x-amz-expiration: expiry-date="...", rule-id="..."` when a rule will expire this (current) object. */
export async function writeExpiration(
  call: S3Call,
  object: { key: string; size: number; lastModified: number; tags?: Readonly<Record<string, string>> },
): Promise<void> {
  const rules = await call.services.store.lifecycle.rulesOf(call.bucket);
  const expiry = rules && currentExpiry(rules, object);
  if (!expiry) return;
  const ruleId = expiry.ruleId.replaceAll('"', '%22');
  call.reply.header(
    'x-amz-expiration',
    `expiry-date="${new Date(expiry.at).toUTCString()}", rule-id="${ruleId}"`,
  );
}
