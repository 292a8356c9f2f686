// Picks the access-control operations (policy, policyStatus, publicAccessBlock, ownershipControls, acl, cors) by their
// subresource and method, beside s3-dispatch's table of the object and bucket operations.
import {
  deleteBucketOwnershipControls,
  deletePublicAccessBlock,
  getBucketOwnershipControls,
  getPublicAccessBlock,
  putBucketOwnershipControls,
  putPublicAccessBlock,
} from './access-settings-operations.js';
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from './acl-operations.js';
import {
  deleteBucketPolicy,
  getBucketPolicy,
  getBucketPolicyStatus,
  putBucketPolicy,
} from './bucket-policy-operations.js';
import { deleteBucketCors, getBucketCors, putBucketCors } from './cors-operations.js';
import type { S3Handler } from './s3-call.js';

type Row = Readonly<Record<string, readonly [string, S3Handler]>>;

const BUCKET: Readonly<Record<string, Row>> = {
  policy: {
    GET: ['GetBucketPolicy', getBucketPolicy],
    PUT: ['PutBucketPolicy', putBucketPolicy],
    DELETE: ['DeleteBucketPolicy', deleteBucketPolicy],
  },
  policyStatus: { GET: ['GetBucketPolicyStatus', getBucketPolicyStatus] },
  publicAccessBlock: {
    GET: ['GetPublicAccessBlock', getPublicAccessBlock],
    PUT: ['PutPublicAccessBlock', putPublicAccessBlock],
    DELETE: ['DeletePublicAccessBlock', deletePublicAccessBlock],
  },
  ownershipControls: {
    GET: ['GetBucketOwnershipControls', getBucketOwnershipControls],
    PUT: ['PutBucketOwnershipControls', putBucketOwnershipControls],
    DELETE: ['DeleteBucketOwnershipControls', deleteBucketOwnershipControls],
  },
  acl: { GET: ['GetBucketAcl', getBucketAcl], PUT: ['PutBucketAcl', putBucketAcl] },
  cors: {
    GET: ['GetBucketCors', getBucketCors],
    PUT: ['PutBucketCors', putBucketCors],
    DELETE: ['DeleteBucketCors', deleteBucketCors],
  },
};

const OBJECT: Readonly<Record<string, Row>> = {
  acl: { GET: ['GetObjectAcl', getObjectAcl], PUT: ['PutObjectAcl', putObjectAcl] },
};

export const ACCESS_SUBRESOURCES = Object.keys(BUCKET);

/** The operation for an access-control subresource, or undefined (the method is not S3's for it). */
export function accessOperation(
  subresource: string,
  method: string,
  onObject: boolean,
): { readonly name: string; readonly handler: S3Handler } | undefined {
  const row = (onObject ? OBJECT : BUCKET)[subresource]?.[method];
  return row ? { name: row[0], handler: row[1] } : undefined;
}
