// Listing: ListObjectsV2 (continuation tokens) and ListObjects v1 (markers), with delimiter and url encoding.
import { compareUtf8 } from '../../../kernel/utf8.js';
import type { ListObjectsInput, ListObjectsOutput, ObjectInfo } from '../../../modules/storage/index.js';
import { ownerXml } from './bucket-operations.js';
import { isoDate, quotedEtag } from './object-view.js';
import { integerParam, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

export type Encode = (text: string) => string;

export async function listObjectsV2(call: S3Call) {
  const encode = encoder(call);
  const { query } = call;
  const input: ListObjectsInput = {
    maxKeys: integerParam(call, 'max-keys', 1000, 1000),
    ...optional('prefix', query.prefix),
    ...optional('delimiter', query.delimiter),
    ...optional('continuationToken', query['continuation-token']),
    ...optional('startAfter', query['start-after']),
  };
  const page = await call.services.store.listObjects(call.bucket, input);
  const withOwner = query['fetch-owner'] === 'true';
  return sendXml(
    call.reply,
    xmlDocument('ListBucketResult', [
      ...listHeader(call, page),
      textElement('KeyCount', page.keyCount),
      textElement('ContinuationToken', query['continuation-token']),
      textElement('NextContinuationToken', page.nextContinuationToken),
      textElement(
        'StartAfter',
        query['start-after'] === undefined ? undefined : encode(query['start-after']),
      ),
      ...entries(page.contents, page.commonPrefixes, encode, withOwner),
    ]),
  );
}

export async function listObjectsV1(call: S3Call) {
  const encode = encoder(call);
  const { query } = call;
  const marker = query.marker ?? '';
  const maxKeys = integerParam(call, 'max-keys', 1000, 1000);
  // One extra item: a marker that is a common prefix (the last page's NextMarker) comes back first and is dropped.
  const page = await call.services.store.listObjects(call.bucket, {
    maxKeys: Math.min(maxKeys + 1, 1000),
    ...optional('prefix', query.prefix),
    ...optional('delimiter', query.delimiter),
    ...optional('startAfter', marker),
  });
  const items = [
    ...page.contents.map((info) => ({ name: info.key, info })),
    ...page.commonPrefixes.map((prefix) => ({ name: prefix, info: undefined })),
  ]
    .filter((item) => item.info !== undefined || item.name !== marker)
    .sort((a, b) => compareUtf8(a.name, b.name));
  const kept = items.slice(0, maxKeys);
  // MaxKeys=0 asks for no keys, not for a page: S3 answers it untruncated.
  const truncated = maxKeys > 0 && (page.isTruncated || items.length > kept.length);
  const last = kept.at(-1)?.name;
  return sendXml(
    call.reply,
    xmlDocument('ListBucketResult', [
      ...listHeader(call, { ...page, maxKeys, isTruncated: truncated }),
      textElement('Marker', encode(marker)),
      textElement('NextMarker', truncated && last !== undefined ? encode(last) : undefined),
      ...entries(
        kept.flatMap((item) => (item.info ? [item.info] : [])),
        kept.flatMap((item) => (item.info ? [] : [item.name])),
        encode,
        true,
      ),
    ]),
  );
}

function listHeader(call: S3Call, page: ListObjectsOutput): string[] {
  return [
    textElement('Name', page.bucket),
    // S3 echoes the request's Prefix and Delimiter as sent, also under encoding-type=url.
    textElement('Prefix', page.prefix),
    textElement('Delimiter', page.delimiter),
    textElement('MaxKeys', page.maxKeys),
    textElement('EncodingType', call.query['encoding-type']),
    textElement('IsTruncated', page.isTruncated),
  ];
}

function entries(
  contents: readonly ObjectInfo[],
  commonPrefixes: readonly string[],
  encode: Encode,
  withOwner: boolean,
): string[] {
  return [
    ...contents.map((info) =>
      element('Contents', [
        textElement('Key', encode(info.key)),
        textElement('LastModified', isoDate(info.lastModified)),
        textElement('ETag', quotedEtag(info)),
        textElement('Size', info.size),
        ...(withOwner ? [ownerXml()] : []),
        textElement('StorageClass', 'STANDARD'),
      ]),
    ),
    ...commonPrefixes.map((prefix) => element('CommonPrefixes', [textElement('Prefix', encode(prefix))])),
  ];
}

/**
 * `encoding-type=url` (boto3 always asks for it) URL-encodes keys, common prefixes and markers in the answer as S3
 * does: form encoding (a space is `+`, a `+` is `%2B`) that keeps `/` as it is.
 */
export function encoder(call: S3Call): Encode {
  const type = call.query['encoding-type'];
  if (type === undefined) return (text) => text;
  if (type !== 'url') throw s3Error('INVALID_ARGUMENT', 'Invalid Encoding Method specified in Request');
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/').replace(/%20/g, '+');
}

function optional<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [name]: value }) as { [P in K]?: string };
}
