// Object operations: GetObject (ranges, conditions, response-* overrides), HeadObject, PutObject, DeleteObject.
import type { FastifyReply } from 'fastify';
import type { ObjectInfo } from '../../../modules/storage/index.js';
import { DOWNLOAD_HEADERS } from '../../download-headers.js';
import { parseRangeHeader } from '../../range-header.js';
import { storedChecksum, writeChecksum } from './checksum-headers.js';
import { writeExpiration } from './lifecycle-operations.js';
import { mailSafe } from './metadata-encoding.js';
import { getPart, partRange, requestedPart, writePartsCount } from './object-parts.js';
import { bodyStream, discardBody, httpDate, quotedEtag, userMetadata } from './object-view.js';
import { checkPreconditions } from './preconditions.js';
import { readRequestBody, requireContentLength } from './request-body.js';
import { header, metadataFromHeaders, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { customerKeyOf, writeEncryptionHeaders, writeEncryptionOf } from './sse-headers.js';
import { storedHeadersFrom, writeStoredHeaders } from './stored-headers.js';
import { taggingHeaderOf, writeTagCount } from './tagging-headers.js';
import { versionOption, writeDeleteOutcome, writeVersionId } from './version-headers.js';
import { deleteCondition, deleteExpectationOf, writeCondition } from './write-conditions.js';

/** What an HTTP header value may hold (RFC 9110 field-value: visible ASCII, space, tab, obs-text). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** `response-*` query parameters of GetObject and the headers they override. */
const RESPONSE_OVERRIDES: Readonly<Record<string, string>> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

export async function putObject(call: S3Call) {
  const metadata = metadataFromHeaders(call);
  const condition = await writeCondition(call);
  requireContentLength(call.request.raw);
  const tags = await taggingHeaderOf(call);
  const encryption = writeEncryptionOf(call);
  const body = readRequestBody(call.request.raw, { defaultChecksum: true });
  const info = await call.services.store.putObject(call.bucket, call.key, body.chunks, {
    contentType: header(call, 'content-type'),
    metadata,
    headers: storedHeadersFrom(call),
    ...(tags ? { tags } : {}),
    checksum: storedChecksum(body),
    condition,
    encryption,
  });
  writeEncryptionHeaders(call.reply, info, customerKeyOf(call));
  writeVersionId(call.reply, info);
  await writeExpiration(call, info);
  const checksum = body.verifiedChecksum();
  // A PutObject's checksum is always of the whole object.
  if (checksum)
    call.reply.header(checksum.header, checksum.value).header('x-amz-checksum-type', 'FULL_OBJECT');
  return call.reply.status(200).header('etag', quotedEtag(info)).send();
}

export async function getObject(call: S3Call) {
  const part = requestedPart(call);
  const range = part === undefined ? parseRangeHeader(header(call, 'range')) : undefined;
  const customer = customerKeyOf(call);
  const customerKey = customer?.key;
  const version = versionOption(call);
  const out =
    part === undefined
      ? await call.services.store.getObject(
          call.bucket,
          call.key,
          range ? { range, customerKey, ...version } : { customerKey, ...version },
        )
      : await getPart(call, part, customerKey);
  const condition = checkPreconditions(call.request.headers, out.info);
  if (condition !== 'proceed') {
    discardBody(out.body);
    return refuseByCondition(call, out.info, condition);
  }
  objectHeaders(call.reply, out.info);
  if (version.versionId === undefined) await writeExpiration(call, out.info);
  writeEncryptionHeaders(call.reply, out.info, customer);
  for (const [param, name] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = call.query[param];
    // A decoded CR/LF would split the response (header injection); Node would throw on it mid-answer.
    if (value !== undefined && !HEADER_VALUE.test(value))
      throw s3Error('INVALID_ARGUMENT', `${param} holds characters not allowed in an HTTP header`);
    if (value !== undefined) call.reply.header(name, value);
  }
  if (part !== undefined) writePartsCount(call.reply, out.info);
  writeChecksum(call, out.info, part === undefined && range === undefined);
  if (out.range) contentRange(call.reply, out.range, out.info.size);
  else call.reply.status(200).header('content-length', out.info.size);
  return call.reply.send(bodyStream(out.body));
}

function contentRange(reply: FastifyReply, range: { start: number; end: number }, size: number): void {
  reply
    .status(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1);
}

export async function headObject(call: S3Call) {
  const part = requestedPart(call);
  const customer = customerKeyOf(call);
  const info = await call.services.store.headObject(call.bucket, call.key, {
    customerKey: customer?.key,
    ...versionOption(call),
  });
  const condition = checkPreconditions(call.request.headers, info);
  if (condition !== 'proceed') return refuseByCondition(call, info, condition);
  objectHeaders(call.reply, info);
  if (call.query.versionId === undefined) await writeExpiration(call, info);
  writeEncryptionHeaders(call.reply, info, customer);
  const range = part === undefined ? undefined : partRange(info, part);
  if (part !== undefined) writePartsCount(call.reply, info);
  writeChecksum(call, info, part === undefined);
  if (range) contentRange(call.reply, range, info.size);
  else call.reply.status(200).header('content-length', info.size);
  return call.reply.send();
}

export async function deleteObject(call: S3Call) {
  const condition = deleteCondition(call.bucket, call.key, deleteExpectationOf(call));
  const outcome = await call.services.store.deleteObject(
    call.bucket,
    call.key,
    condition,
    versionOption(call).versionId,
  );
  writeDeleteOutcome(call.reply, outcome);
  return call.reply.status(204).send();
}

function refuseByCondition(call: S3Call, info: ObjectInfo, condition: 'not_modified' | 'failed') {
  if (condition === 'failed')
    throw s3Error('PRECONDITION_FAILED', 'At least one of the pre-conditions you specified did not hold');
  return call.reply
    .status(304)
    .header('etag', quotedEtag(info))
    .header('last-modified', httpDate(info.lastModified))
    .send();
}

function objectHeaders(reply: FastifyReply, info: ObjectInfo): void {
  reply
    .header('content-type', info.contentType)
    .header('etag', quotedEtag(info))
    .header('last-modified', httpDate(info.lastModified))
    .header('accept-ranges', 'bytes')
    .headers(DOWNLOAD_HEADERS);
  writeVersionId(reply, info);
  writeStoredHeaders(reply, info);
  writeTagCount(reply, info);
  for (const [name, value] of Object.entries(userMetadata(info)))
    reply.header(`x-amz-meta-${name}`, mailSafe(value));
}
