// The access settings writes carry: `x-amz-acl` on PutObject/CopyObject/CreateMultipartUpload (recorded on the
// object once written, before the answer goes out) and the defaults a new bucket gets from CreateBucket.
import type { FastifyRequest } from 'fastify';
import { recordObjectAcl, writeAcl } from './acl-operations.js';
import { allowedWhenEnforced, type CannedAcl, cannedAclOf } from './canned-acl.js';
import { ALL_BLOCKED, DEFAULT_OWNERSHIP, objectOwnershipOf } from './public-access-block.js';
import { header, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

const pending = new WeakMap<FastifyRequest, { readonly call: S3Call; readonly acl: CannedAcl }>();

/** Checks a write's `x-amz-acl` before the write runs; CreateMultipartUpload keeps it for Complete. */
export async function prepareWriteAcl(call: S3Call, operation: string): Promise<void> {
  if (operation !== 'PutObject' && operation !== 'CopyObject' && operation !== 'CreateMultipartUpload') {
    if (operation === 'CompleteMultipartUpload') await prepareCompletion(call);
    return;
  }
  const acl = await writeAcl(call);
  if (acl) pending.set(call.request, { call, acl });
}

async function prepareCompletion(call: S3Call): Promise<void> {
  const uploadId = call.query.uploadId;
  if (!uploadId) return;
  const bucket = await call.services.store.headBucket(call.bucket);
  const acl = await call.services.config.settings.get(bucket, `upload-acl/${uploadId}`);
  if (typeof acl === 'string') pending.set(call.request, { call, acl: acl as CannedAcl });
}

/** Run from onSend: a successful write gets its ACL (or, for a new upload, keeps it) before the client hears. */
export async function settleWriteAcl(
  request: FastifyRequest,
  status: number,
  payload: unknown,
): Promise<void> {
  const entry = pending.get(request);
  if (!entry || status !== 200) return;
  pending.delete(request);
  const { call, acl } = entry;
  if (call.query.uploads !== undefined) {
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(String(payload))?.[1];
    const bucket = await call.services.store.headBucket(call.bucket);
    if (uploadId) await call.services.config.settings.put(bucket, `upload-acl/${uploadId}`, acl);
    return;
  }
  await recordObjectAcl(call, acl);
}

/** CreateBucket's headers, checked before the bucket is made. */
export function bucketCreationSettings(call: S3Call) {
  const ownership = objectOwnershipOf(header(call, 'x-amz-object-ownership')) ?? DEFAULT_OWNERSHIP;
  const acl = cannedAclOf(header(call, 'x-amz-acl'));
  if (acl && ownership === 'BucketOwnerEnforced' && !allowedWhenEnforced(acl))
    throw s3Error(
      'INVALID_BUCKET_ACL_WITH_OWNERSHIP',
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
      { bucket: call.bucket },
    );
  return { ownership, acl };
}

/** What S3 gives every new bucket: Block Public Access all on and the ownership asked for (ACLs off by default). */
export async function initializeBucket(call: S3Call, settings: ReturnType<typeof bucketCreationSettings>) {
  const bucket = await call.services.store.headBucket(call.bucket);
  await call.services.config.settings.put(bucket, 'public-access-block', ALL_BLOCKED);
  await call.services.config.settings.put(bucket, 'ownership', settings.ownership);
  if (settings.acl && settings.acl !== 'private')
    await call.services.config.settings.put(bucket, 'acl', settings.acl);
}
