// Canned ACLs on buckets and objects: Get/PutBucketAcl, Get/PutObjectAcl, and the `x-amz-acl` header of the
// writes that take one (CreateBucket, PutObject, CopyObject, CreateMultipartUpload), checked against the bucket's
// Object Ownership (BucketOwnerEnforced: ACLs off) and Block Public Access (BlockPublicAcls).
import type { BucketInfo } from '../../../modules/storage/index.js';
import {
  accessControlPolicyXml,
  allowedWhenEnforced,
  type CannedAcl,
  cannedAclOf,
  isPublicAcl,
} from './canned-acl.js';
import { readRequestBody } from './request-body.js';
import { header, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { childObjects, childText, parseXmlDocument, readSmallBody, type XmlObject } from './xml-reader.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export async function getBucketAcl(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const acl = await call.services.config.bucketAcl(bucket);
  return sendXml(call.reply, accessControlPolicyXml(acl, bucket.owner, ownerName(bucket.owner)));
}

export async function putBucketAcl(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const acl = await requestedAcl(call);
  await checkAcl(call, bucket, acl);
  await call.services.config.settings.put(bucket, 'acl', acl);
  return call.reply.status(200).send();
}

export async function getObjectAcl(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const object = await call.services.store.headObject(call.bucket, call.key);
  const acl = await call.services.config.objectAcl(bucket, object);
  return sendXml(call.reply, accessControlPolicyXml(acl, bucket.owner, ownerName(bucket.owner)));
}

export async function putObjectAcl(call: S3Call) {
  const bucket = await call.services.store.headBucket(call.bucket);
  const object = await call.services.store.headObject(call.bucket, call.key);
  const acl = await requestedAcl(call);
  await checkAcl(call, bucket, acl);
  await call.services.config.settings.putObjectAcl(bucket, object, acl);
  return call.reply.status(200).send();
}

/** The `x-amz-acl` of a write, refused before anything is written when the bucket would not take it. */
export async function writeAcl(call: S3Call): Promise<CannedAcl | undefined> {
  refuseExplicitGrants(call);
  const acl = cannedAclOf(header(call, 'x-amz-acl'));
  if (acl === undefined) return undefined;
  await checkAcl(call, await call.services.store.headBucket(call.bucket), acl);
  return acl === 'private' || acl === 'bucket-owner-full-control' ? undefined : acl;
}

/** Records a write's ACL on the object it made (the one now under the key). */
export async function recordObjectAcl(call: S3Call, acl: CannedAcl): Promise<void> {
  const bucket = await call.services.store.headBucket(call.bucket);
  const object = await call.services.store.headObject(call.bucket, call.key);
  await call.services.config.settings.putObjectAcl(bucket, object, acl);
}

export async function checkAcl(call: S3Call, bucket: BucketInfo, acl: CannedAcl): Promise<void> {
  if ((await call.services.config.ownership(bucket)) === 'BucketOwnerEnforced' && !allowedWhenEnforced(acl))
    throw s3Error('ACL_NOT_SUPPORTED', 'The bucket does not allow ACLs', { bucket: call.bucket });
  if (isPublicAcl(acl) && (await call.services.config.publicAccessBlock(bucket))?.BlockPublicAcls)
    throw s3Error('ACCESS_DENIED', 'Access Denied', { bucket: call.bucket });
}

/** The canned ACL of a Put...Acl: the header, or the AccessControlPolicy document of one canned ACL. */
async function requestedAcl(call: S3Call): Promise<CannedAcl> {
  refuseExplicitGrants(call);
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, 64 * 1024);
  const fromHeader = cannedAclOf(header(call, 'x-amz-acl'));
  if (fromHeader !== undefined) {
    if (body.length > 0)
      throw s3Error('INVALID_REQUEST', 'Specifying both Canned ACLs and Header Grants is not allowed');
    return fromHeader;
  }
  if (body.length === 0)
    throw s3Error(
      'MALFORMED_XML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  return cannedFromDocument(parseXmlDocument(body, 'AccessControlPolicy', ['Grant']));
}

function refuseExplicitGrants(call: S3Call): void {
  const grant = Object.keys(call.request.headers).find((name) => name.startsWith('x-amz-grant-'));
  if (grant)
    throw s3Error(
      'NOT_IMPLEMENTED',
      `${grant}: Scones supports canned ACLs (x-amz-acl) only, not explicit grants`,
    );
}

/** Grants beyond the owner's FULL_CONTROL, as `grantee permission`, matched against the canned ACLs. */
function cannedFromDocument(document: XmlObject): CannedAcl {
  const list = document.AccessControlList;
  const grants = typeof list === 'object' && !Array.isArray(list) ? childObjects(list, 'Grant') : [];
  const others = grants
    .map((grant) => {
      const grantee = grant.Grantee;
      const uri =
        typeof grantee === 'object' && !Array.isArray(grantee) ? childText(grantee, 'URI') : undefined;
      return uri ? `${uri} ${childText(grant, 'Permission') ?? ''}` : undefined;
    })
    .filter((g): g is string => g !== undefined)
    .sort()
    .join(',');
  const byGrants: Record<string, CannedAcl> = {
    '': 'private',
    [`${ALL_USERS} READ`]: 'public-read',
    [`${ALL_USERS} READ,${ALL_USERS} WRITE`]: 'public-read-write',
    [`${AUTHENTICATED_USERS} READ`]: 'authenticated-read',
  };
  const acl = byGrants[others];
  if (!acl) throw s3Error('NOT_IMPLEMENTED', 'Scones supports the grants of canned ACLs only');
  return acl;
}

function ownerName(owner: string | undefined): string {
  return owner?.split('/').at(-1) ?? 'scones';
}
