// Conditional requests on objects (If-Match, If-None-Match, If-(Un)Modified-Since), in RFC 9110's order.
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectInfo } from '../../../modules/storage/index.js';
import { s3Etag, unquoteEtag } from './object-view.js';

export type PreconditionResult = 'proceed' | 'not_modified' | 'failed';

/**
 * `prefix` is `if-` for GET/HEAD or `x-amz-copy-source-if-` for the source of a copy (where S3 answers 412
 * instead of 304).
 */
export function checkPreconditions(
  headers: IncomingHttpHeaders,
  info: ObjectInfo,
  prefix: 'if-' | 'x-amz-copy-source-if-' = 'if-',
): PreconditionResult {
  const read = (name: string) => {
    const value = headers[`${prefix}${name}`];
    return typeof value === 'string' ? value : undefined;
  };
  const etag = s3Etag(info);
  const modifiedSecond = Math.floor(info.lastModified / 1000) * 1000;
  const ifMatch = read('match');
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, etag)) return 'failed';
  } else {
    const since = parseDate(read('unmodified-since'));
    if (since !== undefined && modifiedSecond > since) return 'failed';
  }
  const notModified = prefix === 'if-' ? 'not_modified' : 'failed';
  const ifNoneMatch = read('none-match');
  if (ifNoneMatch !== undefined) return etagListMatches(ifNoneMatch, etag) ? notModified : 'proceed';
  const since = parseDate(read('modified-since'));
  if (since !== undefined && modifiedSecond <= since) return notModified;
  return 'proceed';
}

function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => item.trim() === '*' || unquoteEtag(item) === etag);
}

function parseDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
