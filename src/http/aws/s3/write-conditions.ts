// Conditional writes and deletes: If-None-Match / If-Match on PutObject, CopyObject and CompleteMultipartUpload,
// If-Match / x-amz-if-match-size / x-amz-if-match-last-modified-time on DeleteObject(s). The store checks them
// against the key's current object atomically with the write, so two create-only writers never both win.
import type { BlobCondition } from '../../../modules/storage/index.js';
import { storageError } from '../../../modules/storage/index.js';
import { s3Etag, unquoteEtag } from './object-view.js';
import { header, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

export interface DeleteExpectation {
  /** An ETag or `*` (the object exists). */
  readonly etag?: string | undefined;
  readonly size?: number | undefined;
  /** Milliseconds since the epoch, compared to the second (HTTP dates have no more). */
  readonly lastModified?: number | undefined;
}

const failed = () =>
  s3Error('PRECONDITION_FAILED', 'At least one of the pre-conditions you specified did not hold');

/**
 * The condition of a write request's If-None-Match / If-Match headers; undefined when it has neither. As S3 does,
 * a conditional write whose key was deleted while it was in progress (the object there when the request began is
 * gone at the commit) fails with 409 ConditionalRequestConflict, which the client may retry, rather than succeeding
 * (If-None-Match) or answering NoSuchKey (If-Match).
 */
export async function writeCondition(call: S3Call): Promise<BlobCondition | undefined> {
  const condition = headerCondition(call);
  if (!condition) return undefined;
  const before = await call.services.store.peekObject(call.bucket, call.key);
  return (current) => {
    if (before && !current)
      throw s3Error(
        'CONDITIONAL_REQUEST_CONFLICT',
        'A conflicting operation occurred. If using PutObject you can retry the request. If using multipart upload you should initiate another CreateMultipartUpload request and re-upload each part.',
      );
    condition(current);
  };
}

function headerCondition(call: S3Call): BlobCondition | undefined {
  const ifNoneMatch = header(call, 'if-none-match');
  const ifMatch = header(call, 'if-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*')
    throw s3Error(
      'NOT_IMPLEMENTED',
      'A header you provided implies functionality that is not implemented: If-None-Match accepts only *',
    );
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  return (current) => {
    if (ifNoneMatch !== undefined && current) throw failed();
    if (ifMatch === undefined) return;
    if (!current) throw noSuchKey(call);
    if (!etagMatches(ifMatch, s3Etag(current))) throw failed();
  };
}

/** DeleteObject's conditions from its headers. */
export function deleteExpectationOf(call: S3Call): DeleteExpectation {
  const size = header(call, 'x-amz-if-match-size');
  const time = header(call, 'x-amz-if-match-last-modified-time');
  return {
    etag: header(call, 'if-match') ?? header(call, 'x-amz-if-match'),
    size: size === undefined ? undefined : integer(size, 'x-amz-if-match-size'),
    lastModified: time === undefined ? undefined : timestamp(time, 'x-amz-if-match-last-modified-time'),
  };
}

/**
 * As S3: an ETag condition on a missing key is NoSuchKey (404); size and time conditions on a missing key pass
 * (the delete is the usual 204); any mismatch on a present object is PreconditionFailed (412).
 */
export function deleteCondition(
  bucket: string,
  key: string,
  expect: DeleteExpectation,
): BlobCondition | undefined {
  const { etag, size, lastModified } = expect;
  if (etag === undefined && size === undefined && lastModified === undefined) return undefined;
  return (current) => {
    if (!current) {
      if (etag !== undefined)
        throw storageError('NO_SUCH_KEY', `the key ${key} does not exist`, { bucket, key });
      return;
    }
    if (etag !== undefined && !etagMatches(etag, s3Etag(current))) throw failed();
    if (size !== undefined && current.size !== size) throw failed();
    if (lastModified !== undefined && toSecond(current.lastModified) !== toSecond(lastModified))
      throw failed();
  };
}

function etagMatches(given: string, etag: string): boolean {
  return given.split(',').some((item) => item.trim() === '*' || unquoteEtag(item) === etag);
}

function noSuchKey(call: S3Call) {
  return storageError('NO_SUCH_KEY', `the key ${call.key} does not exist`, {
    bucket: call.bucket,
    key: call.key,
  });
}

function integer(text: string, name: string): number {
  if (!/^\d+$/.test(text.trim())) throw s3Error('INVALID_ARGUMENT', `${name} must be a non-negative integer`);
  return Number(text);
}

/** HTTP date or ISO 8601, as the SDKs send it. */
export function timestamp(text: string, name: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw s3Error('INVALID_ARGUMENT', `${name} must be a date`);
  return ms;
}

function toSecond(ms: number): number {
  return Math.floor(ms / 1000);
}
