// Block Public Access and Object Ownership operations on a bucket: Put/Get/DeletePublicAccessBlock and
// Put/Get/DeleteBucketOwnershipControls.
import { type BucketDocument, deleteDocument, getDocument, putDocument } from './bucket-document.js';
import {
  type ObjectOwnership,
  ownershipControlsXml,
  type PublicAccessBlock,
  parseOwnershipControls,
  parsePublicAccessBlock,
  publicAccessBlockXml,
} from './public-access-block.js';
import { s3Error } from './s3-errors.js';

const MAX_BODY_BYTES = 16 * 1024;

const PUBLIC_ACCESS_BLOCK: BucketDocument<PublicAccessBlock> = {
  setting: 'public-access-block',
  maxBodyBytes: MAX_BODY_BYTES,
  parse: parsePublicAccessBlock,
  read: (config, bucket) => config.publicAccessBlock(bucket),
  toXml: publicAccessBlockXml,
  missing: (bucket) =>
    s3Error('NO_SUCH_PUBLIC_ACCESS_BLOCK', 'The public access block configuration was not found', { bucket }),
};

const OWNERSHIP_CONTROLS: BucketDocument<ObjectOwnership> = {
  setting: 'ownership',
  maxBodyBytes: MAX_BODY_BYTES,
  parse: parseOwnershipControls,
  read: (config, bucket) => config.ownership(bucket),
  toXml: ownershipControlsXml,
  missing: (bucket) =>
    s3Error('NO_SUCH_OWNERSHIP_CONTROLS', 'The bucket ownership controls were not found', { bucket }),
};

export const putPublicAccessBlock = putDocument(PUBLIC_ACCESS_BLOCK);
export const getPublicAccessBlock = getDocument(PUBLIC_ACCESS_BLOCK);
export const deletePublicAccessBlock = deleteDocument('public-access-block');
export const putBucketOwnershipControls = putDocument(OWNERSHIP_CONTROLS);
export const getBucketOwnershipControls = getDocument(OWNERSHIP_CONTROLS);
export const deleteBucketOwnershipControls = deleteDocument('ownership');
