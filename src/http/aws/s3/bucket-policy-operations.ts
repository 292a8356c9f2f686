// Bucket policy operations: Put/Get/DeleteBucketPolicy and GetBucketPolicyStatus.

import { isPublicPolicy, parseBucketPolicy } from './bucket-policy.js';
import { readRequestBody } from './request-body.js';
import { type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { readSmallBody } from './xml-reader.js';
import { textElement, xmlDocument } from './xml-writer.js';

/** Room for S3's 20 KB limit, so a larger policy gets PolicyTooLarge rather than a read error. */
const MAX_BODY_BYTES = 64 * 1024;

export async function putBucketPolicy(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, MAX_BODY_BYTES).catch(() => {
    throw s3Error('POLICY_TOO_LARGE', 'Policy exceeds the maximum allowed document size.');
  });
  const text = body.toString('utf8');
  parseBucketPolicy(text, call.bucket);
  const block = await call.services.config.publicAccessBlock(bucket);
  if (block?.BlockPublicPolicy && isPublicPolicy(text))
    throw s3Error('ACCESS_DENIED', 'Access Denied', { bucket: call.bucket });
  await call.services.config.settings.put(bucket, 'policy', text);
  return call.reply.status(204).send();
}

export async function getBucketPolicy(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const text = await call.services.config.policy(bucket);
  if (text === undefined) throw noPolicy(call.bucket);
  return call.reply.status(200).header('content-type', 'application/json').send(text);
}

export async function deleteBucketPolicy(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  await call.services.config.settings.delete(bucket, 'policy');
  return call.reply.status(204).send();
}

export async function getBucketPolicyStatus(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const text = await call.services.config.policy(bucket);
  if (text === undefined) throw noPolicy(call.bucket);
  return sendXml(call.reply, xmlDocument('PolicyStatus', [textElement('IsPublic', isPublicPolicy(text))]));
}

function noPolicy(bucket: string) {
  return s3Error('NO_SUCH_BUCKET_POLICY', 'The bucket policy does not exist', { bucket });
}
