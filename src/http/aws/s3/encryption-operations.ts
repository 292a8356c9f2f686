// Bucket default encryption: Get/Put/DeleteBucketEncryption (ServerSideEncryptionConfiguration, AES256 only).
import type { BucketEncryption } from '../../../modules/storage/index.js';
import { readRequestBody } from './request-body.js';
import { type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { noKms } from './sse-headers.js';
import { childObjects, childText, parseXmlDocument, readSmallBody, type XmlObject } from './xml-reader.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

const MAX_BODY_BYTES = 64 * 1024;

export async function getBucketEncryption(call: S3Call) {
  const config = await call.services.store.getBucketEncryption(call.bucket);
  const rule = element('Rule', [
    element('ApplyServerSideEncryptionByDefault', [textElement('SSEAlgorithm', config.algorithm)]),
    textElement('BucketKeyEnabled', config.bucketKeyEnabled),
  ]);
  return sendXml(call.reply, xmlDocument('ServerSideEncryptionConfiguration', [rule]));
}

export async function putBucketEncryption(call: S3Call) {
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, MAX_BODY_BYTES);
  const document = parseXmlDocument(body, 'ServerSideEncryptionConfiguration', [
    'Rule',
    'ApplyServerSideEncryptionByDefault',
  ]);
  const rules = childObjects(document, 'Rule');
  const [rule] = rules;
  if (!rule || rules.length > 1)
    throw s3Error('MALFORMED_XML', 'a ServerSideEncryptionConfiguration holds exactly one Rule');
  await call.services.store.putBucketEncryption(call.bucket, encryptionOf(rule));
  return call.reply.status(200).send();
}

export async function deleteBucketEncryption(call: S3Call) {
  await call.services.store.deleteBucketEncryption(call.bucket);
  return call.reply.status(204).send();
}

function encryptionOf(rule: XmlObject): BucketEncryption {
  const [apply] = childObjects(rule, 'ApplyServerSideEncryptionByDefault');
  const algorithm = apply && childText(apply, 'SSEAlgorithm');
  if (algorithm === undefined)
    throw s3Error('MALFORMED_XML', 'the Rule needs ApplyServerSideEncryptionByDefault with an SSEAlgorithm');
  if (algorithm.startsWith('aws:kms') || (apply && childText(apply, 'KMSMasterKeyID') !== undefined))
    throw noKms();
  if (algorithm !== 'AES256')
    throw s3Error('MALFORMED_XML', `SSEAlgorithm ${algorithm} is not one of AES256, aws:kms, aws:kms:dsse`);
  const bucketKey = childText(rule, 'BucketKeyEnabled');
  if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false')
    throw s3Error('MALFORMED_XML', 'BucketKeyEnabled must be true or false');
  return { algorithm, bucketKeyEnabled: bucketKey === 'true' };
}
