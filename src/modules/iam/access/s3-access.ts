// S3 API operations -> the IAM actions, resource ARNs and condition keys AWS checks for them.
import type { ContextInput } from '../policy/request-context.js';
import { type AccessRequest, access } from './access-request.js';
import { arns } from './arns.js';

type Scope = 'object' | 'bucket' | 'all';
const OPERATIONS = {
  ListBuckets: ['s3:ListAllMyBuckets', 'all'],
  CreateBucket: ['s3:CreateBucket', 'bucket'],
  DeleteBucket: ['s3:DeleteBucket', 'bucket'],
  HeadBucket: ['s3:ListBucket', 'bucket'],
  GetBucketLocation: ['s3:GetBucketLocation', 'bucket'],
  ListObjects: ['s3:ListBucket', 'bucket'],
  ListObjectsV2: ['s3:ListBucket', 'bucket'],
  ListObjectVersions: ['s3:ListBucketVersions', 'bucket'],
  ListMultipartUploads: ['s3:ListBucketMultipartUploads', 'bucket'],
  GetObject: ['s3:GetObject', 'object'],
  HeadObject: ['s3:GetObject', 'object'],
  GetObjectAttributes: ['s3:GetObjectAttributes', 'object'],
  PutObject: ['s3:PutObject', 'object'],
  CopyObject: ['s3:PutObject', 'object'],
  DeleteObject: ['s3:DeleteObject', 'object'],
  DeleteObjects: ['s3:DeleteObject', 'object'],
  CreateMultipartUpload: ['s3:PutObject', 'object'],
  UploadPart: ['s3:PutObject', 'object'],
  UploadPartCopy: ['s3:PutObject', 'object'],
  CompleteMultipartUpload: ['s3:PutObject', 'object'],
  AbortMultipartUpload: ['s3:AbortMultipartUpload', 'object'],
  ListParts: ['s3:ListMultipartUploadParts', 'object'],
  GetObjectTagging: ['s3:GetObjectTagging', 'object'],
  PutObjectTagging: ['s3:PutObjectTagging', 'object'],
  DeleteObjectTagging: ['s3:DeleteObjectTagging', 'object'],
  GetBucketTagging: ['s3:GetBucketTagging', 'bucket'],
  PutBucketTagging: ['s3:PutBucketTagging', 'bucket'],
  // AWS has no s3:DeleteBucketTagging action: removing the tag set is a PutBucketTagging.
  DeleteBucketTagging: ['s3:PutBucketTagging', 'bucket'],
  GetBucketEncryption: ['s3:GetEncryptionConfiguration', 'bucket'],
  PutBucketEncryption: ['s3:PutEncryptionConfiguration', 'bucket'],
  // AWS has no s3:DeleteEncryptionConfiguration action: removing it is a PutEncryptionConfiguration.
  DeleteBucketEncryption: ['s3:PutEncryptionConfiguration', 'bucket'],
  GetBucketPolicy: ['s3:GetBucketPolicy', 'bucket'],
  PutBucketPolicy: ['s3:PutBucketPolicy', 'bucket'],
  DeleteBucketPolicy: ['s3:DeleteBucketPolicy', 'bucket'],
  GetBucketPolicyStatus: ['s3:GetBucketPolicyStatus', 'bucket'],
  GetPublicAccessBlock: ['s3:GetBucketPublicAccessBlock', 'bucket'],
  PutPublicAccessBlock: ['s3:PutBucketPublicAccessBlock', 'bucket'],
  // As with tagging, removing the configuration is a Put in IAM's terms.
  DeletePublicAccessBlock: ['s3:PutBucketPublicAccessBlock', 'bucket'],
  GetBucketOwnershipControls: ['s3:GetBucketOwnershipControls', 'bucket'],
  PutBucketOwnershipControls: ['s3:PutBucketOwnershipControls', 'bucket'],
  DeleteBucketOwnershipControls: ['s3:PutBucketOwnershipControls', 'bucket'],
  GetBucketAcl: ['s3:GetBucketAcl', 'bucket'],
  PutBucketAcl: ['s3:PutBucketAcl', 'bucket'],
  GetObjectAcl: ['s3:GetObjectAcl', 'object'],
  PutObjectAcl: ['s3:PutObjectAcl', 'object'],
  GetBucketCors: ['s3:GetBucketCORS', 'bucket'],
  PutBucketCors: ['s3:PutBucketCORS', 'bucket'],
  DeleteBucketCors: ['s3:PutBucketCORS', 'bucket'],
  GetBucketVersioning: ['s3:GetBucketVersioning', 'bucket'],
  PutBucketVersioning: ['s3:PutBucketVersioning', 'bucket'],
  GetBucketLifecycleConfiguration: ['s3:GetLifecycleConfiguration', 'bucket'],
  PutBucketLifecycleConfiguration: ['s3:PutLifecycleConfiguration', 'bucket'],
  // As with tagging, removing the configuration is a Put in IAM's terms.
  DeleteBucketLifecycle: ['s3:PutLifecycleConfiguration', 'bucket'],
  // A request naming a versionId needs the version's own action (s3-authorization.ts picks these).
  GetObjectVersion: ['s3:GetObjectVersion', 'object'],
  HeadObjectVersion: ['s3:GetObjectVersion', 'object'],
  DeleteObjectVersion: ['s3:DeleteObjectVersion', 'object'],
  GetObjectVersionTagging: ['s3:GetObjectVersionTagging', 'object'],
  PutObjectVersionTagging: ['s3:PutObjectVersionTagging', 'object'],
  DeleteObjectVersionTagging: ['s3:DeleteObjectVersionTagging', 'object'],
  GetObjectVersionAttributes: ['s3:GetObjectVersionAttributes', 'object'],
  // POST object writes an object: its form's signer needs s3:PutObject, as a PutObject would.
  PostObject: ['s3:PutObject', 'object'],
} as const satisfies Record<string, readonly [string, Scope]>;

export type S3Operation = keyof typeof OPERATIONS;
export const S3_OPERATIONS = Object.keys(OPERATIONS) as readonly S3Operation[];

export interface S3Target {
  readonly bucket?: string;
  readonly key?: string;
  /** DeleteObjects: every key of the batch is checked (AWS authorizes each object). */
  readonly keys?: readonly string[];
  /** CopyObject / UploadPartCopy: reading the source needs s3:GetObject on it. */
  readonly copySource?: { readonly bucket: string; readonly key: string };
  /** ListObjects(V2) parameters, exposed as s3:prefix, s3:delimiter and s3:max-keys. */
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly maxKeys?: number;
}

function listContext(target: S3Target): ContextInput {
  return {
    's3:prefix': target.prefix,
    's3:delimiter': target.delimiter,
    's3:max-keys': target.maxKeys,
  };
}

/** The permissions an S3 call needs, e.g. `s3Access('GetObject', { bucket: 'b', key: 'k' })`. */
export function s3Access(operation: S3Operation, target: S3Target = {}): AccessRequest[] {
  const [action, scope] = OPERATIONS[operation];
  if (scope === 'all') return [access(action, '*')];
  const bucket = target.bucket ?? '';
  if (scope === 'bucket') {
    const isList = action === 's3:ListBucket' && operation !== 'HeadBucket';
    return [access(action, arns.s3Bucket(bucket), isList ? listContext(target) : {})];
  }
  const keys = operation === 'DeleteObjects' ? (target.keys ?? []) : [target.key ?? ''];
  const requests = keys.map((key) => access(action, arns.s3Object(bucket, key)));
  if (target.copySource && (operation === 'CopyObject' || operation === 'UploadPartCopy'))
    requests.push(access('s3:GetObject', arns.s3Object(target.copySource.bucket, target.copySource.key)));
  return requests;
}
