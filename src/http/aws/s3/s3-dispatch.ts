// Picks the S3 operation for a request from its method, whether it names a bucket and key, and its query.

import { ACCESS_SUBRESOURCES, accessOperation } from './access-dispatch.js';
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  headBucket,
  listBuckets,
} from './bucket-operations.js';
import { copyObject, uploadPartCopy } from './copy-operations.js';
import { deleteObjects } from './delete-objects.js';
import { deleteBucketEncryption, getBucketEncryption, putBucketEncryption } from './encryption-operations.js';
import { deleteBucketLifecycle, getBucketLifecycle, putBucketLifecycle } from './lifecycle-operations.js';
import { listObjectsV1, listObjectsV2 } from './list-operations.js';
import { listMultipartUploads, listParts } from './multipart-listing.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  uploadPart,
} from './multipart-operations.js';
import { getObjectAttributes } from './object-attributes.js';
import { deleteObject, getObject, headObject, putObject } from './object-operations.js';
import { postObject } from './post-object.js';
import type { S3Handler } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import {
  deleteBucketTagging,
  deleteObjectTagging,
  getBucketTagging,
  getObjectTagging,
  putBucketTagging,
  putObjectTagging,
} from './tagging-operations.js';
import { UNSUPPORTED_SUBRESOURCES, unsupportedOperationName } from './unsupported-operations.js';
import { getBucketVersioning, listObjectVersions, putBucketVersioning } from './versioning-operations.js';

export interface S3Operation {
  readonly name: string;
  /** Undefined for operations Scones recognises but does not implement (501 NotImplemented). */
  readonly handler: S3Handler | undefined;
}

export interface S3Target {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: Readonly<Record<string, string>>;
  readonly hasCopySource: boolean;
}

export function selectOperation(target: S3Target): S3Operation {
  const access = ACCESS_SUBRESOURCES.find((name) => name in target.query);
  if (access !== undefined && target.bucket !== '') {
    const found = accessOperation(access, target.method, target.key !== '');
    return found ? op(found.name, found.handler) : notAllowed();
  }
  const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => name in target.query);
  if (unsupported !== undefined)
    return op(
      unsupportedOperationName(unsupported, target.method, target.query, target.key !== ''),
      undefined,
    );
  if (target.bucket === '') return target.method === 'GET' ? op('ListBuckets', listBuckets) : notAllowed();
  if ('tagging' in target.query) return taggingOperation(target);
  if ('encryption' in target.query && target.key === '') return encryptionOperation(target);
  if ('lifecycle' in target.query && target.key === '') return LIFECYCLE[target.method] ?? notAllowed();
  if (target.key === '' && ('versioning' in target.query || 'versions' in target.query))
    return versioningOperation(target);
  return target.key === '' ? bucketOperation(target) : objectOperation(target);
}

function bucketOperation({ method, query }: S3Target): S3Operation {
  switch (method) {
    case 'GET':
      if ('location' in query) return op('GetBucketLocation', getBucketLocation);
      if ('uploads' in query) return op('ListMultipartUploads', listMultipartUploads);
      return query['list-type'] === '2'
        ? op('ListObjectsV2', listObjectsV2)
        : op('ListObjects', listObjectsV1);
    case 'HEAD':
      return op('HeadBucket', headBucket);
    case 'PUT':
      return op('CreateBucket', createBucket);
    case 'DELETE':
      return op('DeleteBucket', deleteBucket);
    case 'POST':
      return 'delete' in query ? op('DeleteObjects', deleteObjects) : op('PostObject', postObject);
    default:
      return notAllowed();
  }
}

function objectOperation({ method, query, hasCopySource }: S3Target): S3Operation {
  const inUpload = 'uploadId' in query;
  switch (method) {
    case 'GET':
      if ('attributes' in query) return op('GetObjectAttributes', getObjectAttributes);
      return inUpload ? op('ListParts', listParts) : op('GetObject', getObject);
    case 'HEAD':
      return op('HeadObject', headObject);
    case 'PUT':
      if (inUpload || 'partNumber' in query)
        return hasCopySource ? op('UploadPartCopy', uploadPartCopy) : op('UploadPart', uploadPart);
      return hasCopySource ? op('CopyObject', copyObject) : op('PutObject', putObject);
    case 'DELETE':
      return inUpload ? op('AbortMultipartUpload', abortMultipartUpload) : op('DeleteObject', deleteObject);
    case 'POST':
      if ('uploads' in query) return op('CreateMultipartUpload', createMultipartUpload);
      return inUpload ? op('CompleteMultipartUpload', completeMultipartUpload) : op('PostObject', undefined);
    default:
      return notAllowed();
  }
}

const TAGGING: Readonly<Record<string, readonly [string, S3Handler, string, S3Handler]>> = {
  GET: ['GetBucketTagging', getBucketTagging, 'GetObjectTagging', getObjectTagging],
  PUT: ['PutBucketTagging', putBucketTagging, 'PutObjectTagging', putObjectTagging],
  DELETE: ['DeleteBucketTagging', deleteBucketTagging, 'DeleteObjectTagging', deleteObjectTagging],
};

const LIFECYCLE: Readonly<Record<string, S3Operation>> = {
  GET: op('GetBucketLifecycleConfiguration', getBucketLifecycle),
  PUT: op('PutBucketLifecycleConfiguration', putBucketLifecycle),
  DELETE: op('DeleteBucketLifecycle', deleteBucketLifecycle),
};

const ENCRYPTION: Readonly<Record<string, S3Operation>> = {
  GET: op('GetBucketEncryption', getBucketEncryption),
  PUT: op('PutBucketEncryption', putBucketEncryption),
  DELETE: op('DeleteBucketEncryption', deleteBucketEncryption),
};

function versioningOperation({ method, query }: S3Target): S3Operation {
  if ('versions' in query)
    return method === 'GET' ? op('ListObjectVersions', listObjectVersions) : notAllowed();
  if (method === 'GET') return op('GetBucketVersioning', getBucketVersioning);
  return method === 'PUT' ? op('PutBucketVersioning', putBucketVersioning) : notAllowed();
}

function encryptionOperation({ method }: S3Target): S3Operation {
  return ENCRYPTION[method] ?? notAllowed();
}

function taggingOperation({ method, key }: S3Target): S3Operation {
  const row = TAGGING[method];
  if (!row) return notAllowed();
  return key === '' ? op(row[0], row[1]) : op(row[2], row[3]);
}

function op(name: string, handler: S3Handler | undefined): S3Operation {
  return { name, handler };
}

function notAllowed(): S3Operation {
  return {
    name: 'MethodNotAllowed',
    handler: async (call) => {
      throw s3Error(
        'METHOD_NOT_ALLOWED',
        `The specified method ${call.request.method} is not allowed against this resource`,
      );
    },
  };
}
