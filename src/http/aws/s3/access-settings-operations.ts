// Block Public Access and Object Ownership operations on a bucket: Put/Get/DeletePublicAccessBlock and
// Put/Get/DeleteBucketOwnershipControls.

import {
  ownershipControlsXml,
  parseOwnershipControls,
  parsePublicAccessBlock,
  publicAccessBlockXml,
} from './public-access-block.js';
import { readRequestBody } from './request-body.js';
import { type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { readSmallBody } from './xml-reader.js';

const MAX_BODY_BYTES = 16 * 1024;

async function body(call: S3Call): Promise<Buffer> {
  return readSmallBody(readRequestBody(call.request.raw).chunks, MAX_BODY_BYTES);
}

export async function putPublicAccessBlock(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const block = parsePublicAccessBlock(await body(call));
  await call.services.config.settings.put(bucket, 'public-access-block', block);
  return call.reply.status(200).send();
}

export async function getPublicAccessBlock(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const block = await call.services.config.publicAccessBlock(bucket);
  if (!block)
    throw s3Error('NO_SUCH_PUBLIC_ACCESS_BLOCK', 'The public access block configuration was not found', {
      bucket: call.bucket,
    });
  return sendXml(call.reply, publicAccessBlockXml(block));
}

export async function deletePublicAccessBlock(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  await call.services.config.settings.delete(bucket, 'public-access-block');
  return call.reply.status(204).send();
}

export async function putBucketOwnershipControls(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const ownership = parseOwnershipControls(await body(call));
  await call.services.config.settings.put(bucket, 'ownership', ownership);
  return call.reply.status(200).send();
}

export async function getBucketOwnershipControls(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const ownership = await call.services.config.ownership(bucket);
  if (!ownership)
    throw s3Error('NO_SUCH_OWNERSHIP_CONTROLS', 'The bucket ownership controls were not found', {
      bucket: call.bucket,
    });
  return sendXml(call.reply, ownershipControlsXml(ownership));
}

export async function deleteBucketOwnershipControls(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  await call.services.config.settings.delete(bucket, 'ownership');
  return call.reply.status(204).send();
}
