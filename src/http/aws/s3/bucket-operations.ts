// Bucket operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation.
import { createHash } from 'node:crypto';
import { isSconesError } from '../../../kernel/errors.js';
import { STORAGE_ERROR_CODES } from '../../../modules/storage/index.js';
import { isoDate } from './object-view.js';
import { readRequestBody } from './request-body.js';
import { isReservedBucket } from './reserved-buckets.js';
import { integerParam, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { bucketCreationSettings, initializeBucket } from './write-acl.js';
import { parseXmlDocument, readSmallBody } from './xml-reader.js';
import { element, escapeXml, textElement, xmlDocument } from './xml-writer.js';

/** One owner for everything until IAM lands; S3 shows a 64-hex canonical user ID. */
const OWNER_ID = createHash('sha256').update('scones').digest('hex');

/** `<Owner>` (or `<Initiator>`, which names the same principal) of everything. */
export function ownerXml(name: 'Owner' | 'Initiator' = 'Owner'): string {
  return element(name, [textElement('ID', OWNER_ID), textElement('DisplayName', 'scones')]);
}

export async function listBuckets(call: S3Call) {
  const prefix = call.query.prefix ?? '';
  const maxBuckets = integerParam(call, 'max-buckets', 10_000, 10_000);
  const after = decodeBucketToken(call.query['continuation-token']);
  const all = (await call.services.store.listBuckets()).filter(
    (b) =>
      !isReservedBucket(b.name) &&
      ownedBy(b, call.owner) &&
      b.name.startsWith(prefix) &&
      (after === undefined || b.name > after),
  );
  const page = all.slice(0, maxBuckets);
  const last = page.at(-1);
  const truncated = all.length > page.length && last !== undefined;
  const buckets = page.map((b) =>
    element('Bucket', [
      textElement('Name', b.name),
      textElement('CreationDate', isoDate(b.createdAt)),
      textElement('BucketRegion', call.region),
    ]),
  );
  return sendXml(
    call.reply,
    xmlDocument('ListAllMyBucketsResult', [
      ownerXml(),
      element('Buckets', buckets),
      ...(truncated ? [textElement('ContinuationToken', Buffer.from(last.name).toString('base64url'))] : []),
      ...(call.query.prefix !== undefined ? [textElement('Prefix', prefix)] : []),
    ]),
  );
}

function decodeBucketToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  return Buffer.from(token, 'base64url').toString('utf8');
}

export async function createBucket(call: S3Call) {
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, 64 * 1024);
  // The location constraint is accepted and ignored: every bucket lives on this server.
  if (body.length > 0) parseXmlDocument(body, 'CreateBucketConfiguration', []);
  const settings = bucketCreationSettings(call);
  try {
    await call.services.store.createBucket(call.bucket, call.owner);
    await initializeBucket(call, settings);
  } catch (error) {
    if (!isSconesError(error) || error.code !== STORAGE_ERROR_CODES.BUCKET_EXISTS) throw error;
    const existing = error.details.owner;
    if (!ownedBy({ owner: typeof existing === 'string' ? existing : undefined }, call.owner))
      throw s3Error('BUCKET_TAKEN', 'The requested bucket name is not available.', { bucket: call.bucket });
    // us-east-1 answers 200 to re-creating your own bucket (legacy behaviour); every other region refuses.
    if (call.region !== 'us-east-1')
      throw s3Error(
        'BUCKET_OWNED_BY_YOU',
        'Your previous request to create the named bucket succeeded and you already own it.',
        {
          bucket: call.bucket,
        },
      );
  }
  return call.reply.status(200).header('location', `/${call.bucket}`).send();
}

/** A bucket without an owner (made by the server, or before owners were kept) belongs to every caller. */
function ownedBy(bucket: { owner?: string | undefined }, caller: string | undefined): boolean {
  return bucket.owner === undefined || caller === undefined || bucket.owner === caller;
}

export async function deleteBucket(call: S3Call) {
  await call.services.store.deleteBucket(call.bucket);
  await call.services.uploads.dropBucket(call.bucket);
  await call.services.config.settings.dropBucket(call.bucket);
  return call.reply.status(204).send();
}

export async function headBucket(call: S3Call) {
  await call.services.store.headBucket(call.bucket);
  return call.reply.status(200).header('x-amz-bucket-region', call.region).send();
}

export async function getBucketLocation(call: S3Call) {
  await call.services.store.headBucket(call.bucket);
  // S3 writes us-east-1 as an empty LocationConstraint.
  const region = call.region === 'us-east-1' ? '' : call.region;
  return sendXml(call.reply, xmlDocument('LocationConstraint', [escapeXml(region)]));
}

/** Any request naming the staging bucket: S3 would say another account owns it. */
export function refuseStagingBucket(call: S3Call, isCreate: boolean): never {
  if (isCreate)
    throw s3Error(
      'BUCKET_TAKEN',
      `the bucket name ${call.bucket} is reserved by Scones; choose another name`,
      {
        bucket: call.bucket,
      },
    );
  throw s3Error('ACCESS_DENIED', 'Access Denied', { bucket: call.bucket });
}
