// Multipart upload operations: Create, UploadPart, Complete (XML part list), Abort.
import { uploadEncryptionOf } from '../../../modules/storage/index.js';
import { checksumType, echoChecksumAlgorithm, storedChecksum } from './checksum-headers.js';
import { checksumName } from './checksums.js';
import { quotedEtag, unquoteEtag } from './object-view.js';
import { readRequestBody, requireContentLength } from './request-body.js';
import { header, metadataFromHeaders, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { customerKeyOf, writeEncryptionHeaders, writeEncryptionOf } from './sse-headers.js';
import { storedHeadersFrom } from './stored-headers.js';
import { taggingHeaderOf } from './tagging-headers.js';
import { writeVersionId } from './version-headers.js';
import { writeCondition } from './write-conditions.js';
import { childObjects, childText, parseXmlDocument, readSmallBody } from './xml-reader.js';
import { textElement, xmlDocument } from './xml-writer.js';

/** 10,000 parts of about 100 bytes of XML each, with room to spare. */
const MAX_COMPLETE_BODY_BYTES = 2 * 1024 * 1024;

export async function createMultipartUpload(call: S3Call) {
  const tags = await taggingHeaderOf(call);
  const checksumAlgorithm = echoChecksumAlgorithm(call);
  const requested = writeEncryptionOf(call);
  const encryption = await uploadEncryptionOf(call.services.store, call.bucket, requested);
  const customer = customerKeyOf(call);
  const uploadId = await call.services.uploads.create(
    call.bucket,
    call.key,
    {
      contentType: header(call, 'content-type'),
      metadata: metadataFromHeaders(call),
      headers: storedHeadersFrom(call),
      ...(tags ? { tags } : {}),
      ...(encryption ? { encryption } : {}),
      ...(checksumAlgorithm ? { checksumAlgorithm } : {}),
    },
    customer?.key,
  );
  writeEncryptionHeaders(call.reply, { encryption: encryption && { kind: encryption } }, customer);
  return sendXml(
    call.reply,
    xmlDocument('InitiateMultipartUploadResult', [
      textElement('Bucket', call.bucket),
      textElement('Key', call.key),
      textElement('UploadId', uploadId),
    ]),
  );
}

export async function uploadPart(call: S3Call) {
  requireContentLength(call.request.raw);
  const customer = customerKeyOf(call);
  const body = readRequestBody(call.request.raw);
  const part = await call.services.uploads.uploadPart(
    call.bucket,
    call.key,
    uploadIdOf(call),
    partNumberOf(call),
    body.chunks,
    customer?.key,
    storedChecksum(body),
  );
  writeEncryptionHeaders(call.reply, part, customer);
  const checksum = body.verifiedChecksum();
  if (checksum) call.reply.header(checksum.header, checksum.value);
  return call.reply.status(200).header('etag', `"${part.etag}"`).send();
}

export async function completeMultipartUpload(call: S3Call) {
  const body = await readSmallBody(readRequestBody(call.request.raw).chunks, MAX_COMPLETE_BODY_BYTES);
  const document = parseXmlDocument(body, 'CompleteMultipartUpload', ['Part']);
  const parts = childObjects(document, 'Part').map((part) => {
    const number = childText(part, 'PartNumber');
    const etag = childText(part, 'ETag');
    if (number === undefined || !/^\d+$/.test(number) || etag === undefined)
      throw s3Error('MALFORMED_XML', 'each Part needs a PartNumber and an ETag');
    return { partNumber: Number(number), etag: unquoteEtag(etag) };
  });
  if (parts.length === 0)
    throw s3Error('MALFORMED_XML', 'CompleteMultipartUpload must list at least one part');
  const condition = await writeCondition(call);
  const customer = customerKeyOf(call);
  const info = await call.services.uploads.complete(
    call.bucket,
    call.key,
    uploadIdOf(call),
    parts,
    condition,
    customer?.key,
  );
  writeEncryptionHeaders(call.reply, info, customer);
  writeVersionId(call.reply, info);
  return sendXml(
    call.reply,
    xmlDocument('CompleteMultipartUploadResult', [
      textElement('Location', `/${call.bucket}/${call.key}`),
      textElement('Bucket', call.bucket),
      textElement('Key', call.key),
      textElement('ETag', quotedEtag(info)),
      ...(info.checksum
        ? [
            textElement(`Checksum${checksumName(info.checksum.algorithm)}`, info.checksum.value),
            textElement('ChecksumType', checksumType(info.checksum)),
          ]
        : []),
    ]),
  );
}

export async function abortMultipartUpload(call: S3Call) {
  await call.services.uploads.abort(call.bucket, call.key, uploadIdOf(call));
  return call.reply.status(204).send();
}

function uploadIdOf(call: S3Call): string {
  return call.query.uploadId ?? '';
}

function partNumberOf(call: S3Call): number {
  const text = call.query.partNumber ?? '';
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}
