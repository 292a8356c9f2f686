// Authorizes an S3 call as S3 does: the caller's identity policies and the bucket's policy together (an explicit
// Deny in either wins, an Allow in either allows), then the bucket's or object's canned ACL, with Block Public
// Access applied (RestrictPublicBuckets drops what a public policy gives anonymous callers, IgnorePublicAcls
// drops public ACL grants) and ACLs off under BucketOwnerEnforced. Anonymous callers have no identity policies.
import type { FastifyRequest } from 'fastify';
import {
  type AccessRequest,
  globalContext,
  type Principal,
  parsePolicy,
  resourceAccessDenied,
} from '../../../modules/iam/index.js';
import type { BucketInfo, ObjectStore } from '../../../modules/storage/index.js';
import { callerOf, type EdgeAuth } from '../../auth/edge-auth.js';
import type { BucketConfig } from './bucket-config.js';
import { isPublicPolicy } from './bucket-policy.js';
import { aclAllows } from './canned-acl.js';

const S3_ARN = 'arn:aws:s3:::';

export interface AccessScope {
  readonly auth: EdgeAuth;
  readonly request: FastifyRequest;
  readonly store: ObjectStore;
  readonly config: BucketConfig;
}

/** Throws IAM_ACCESS_DENIED (S3 AccessDenied) unless every request is allowed. */
export async function authorizeS3(scope: AccessScope, requests: readonly AccessRequest[]): Promise<void> {
  const principal = callerOf(scope.request)?.principal;
  const context = requestContext(scope);
  for (const request of requests) {
    const full = { ...request, context: { ...context, ...request.context } };
    const target = s3Target(request.resource);
    // S3 tells anyone, anonymous callers included, that a bucket does not exist; a signed caller's own policies
    // still decide first, so a caller without rights learns nothing new from Scones either.
    const bucket = target ? await findBucket(scope.store, target.bucket, principal === undefined) : undefined;
    const policyText = bucket ? await scope.config.policy(bucket) : undefined;
    const policy = policyText === undefined ? undefined : parsePolicy(policyText, 'resource');
    const result = await scope.auth.iam.decideOnResource(principal, full, policy);
    if (result.decision === 'ExplicitDeny') throw resourceAccessDenied(principal, full, result);
    if (
      result.decision === 'Allow' &&
      !(await restricted(scope, bucket, policyText, principal, result.identity))
    )
      continue;
    if (bucket && target && (await aclGrants(scope, bucket, target.key, request.action, principal))) continue;
    throw resourceAccessDenied(principal, full, { ...result, decision: 'ImplicitDeny' });
  }
}

function requestContext(scope: AccessScope) {
  const userAgent = scope.request.headers['user-agent'];
  return globalContext({
    sourceIp: scope.request.ip,
    secureTransport: scope.request.protocol === 'https',
    region: callerOf(scope.request)?.region ?? scope.auth.region,
    ...(typeof userAgent === 'string' ? { userAgent } : {}),
  });
}

function s3Target(resource: string): { bucket: string; key: string | undefined } | undefined {
  if (!resource.startsWith(S3_ARN)) return undefined;
  const path = resource.slice(S3_ARN.length);
  const slash = path.indexOf('/');
  return slash < 0
    ? { bucket: path, key: undefined }
    : { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

async function findBucket(
  store: ObjectStore,
  name: string,
  anonymous: boolean,
): Promise<BucketInfo | undefined> {
  if (anonymous) return store.headBucket(name);
  return store.headBucket(name).catch(() => undefined);
}

/** RestrictPublicBuckets: a public policy grants nothing to anonymous callers (everyone else is in the account). */
async function restricted(
  scope: AccessScope,
  bucket: BucketInfo | undefined,
  policyText: string | undefined,
  principal: Principal | undefined,
  identity: { readonly decision: string } | undefined,
): Promise<boolean> {
  if (principal || identity?.decision === 'Allow' || !bucket || policyText === undefined) return false;
  const block = await scope.config.publicAccessBlock(bucket);
  return block?.RestrictPublicBuckets === true && isPublicPolicy(policyText);
}

async function aclGrants(
  scope: AccessScope,
  bucket: BucketInfo,
  key: string | undefined,
  action: string,
  principal: Principal | undefined,
): Promise<boolean> {
  if ((await scope.config.ownership(bucket)) === 'BucketOwnerEnforced') return false;
  if ((await scope.config.publicAccessBlock(bucket))?.IgnorePublicAcls) return false;
  if (key === undefined)
    return aclAllows(await scope.config.bucketAcl(bucket), action, false, principal !== undefined);
  if (action !== 's3:GetObject') {
    // Writing into a public-read-write bucket is granted by the bucket's ACL.
    return aclAllows(await scope.config.bucketAcl(bucket), action, false, principal !== undefined);
  }
  const object = await scope.store.headObject(bucket.name, key).catch(() => undefined);
  if (!object) return false;
  return aclAllows(await scope.config.objectAcl(bucket, object), action, true, principal !== undefined);
}
