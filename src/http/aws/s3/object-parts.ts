// One part of a multipart object (GET and HEAD with ?partNumber=N): the part's bytes, numbered by position in the
// completed object; an object written in one piece is its own part 1. The parts count goes in x-amz-mp-parts-count.
import type { FastifyReply } from 'fastify';
import type { GetObjectOutput, ObjectInfo } from '../../../modules/storage/index.js';
import { discardBody } from './object-view.js';
import { header, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

const MAX_PART_NUMBER = 10_000;
/** A part read races with writes of the key: the range is computed from one version and checked on the read. */
const MAX_ATTEMPTS = 3;

/** The `partNumber` asked for, checked as S3 checks it; undefined without one. */
export function requestedPart(call: S3Call): number | undefined {
  const text = call.query.partNumber;
  if (text === undefined) return undefined;
  const partNumber = /^\d{1,5}$/.test(text) ? Number(text) : 0;
  if (partNumber < 1 || partNumber > MAX_PART_NUMBER)
    throw s3Error('INVALID_ARGUMENT', 'Part number must be an integer between 1 and 10000, inclusive');
  if (header(call, 'range') !== undefined)
    throw s3Error('INVALID_REQUEST', 'Cannot specify both Range header and partNumber query parameter');
  return partNumber;
}

/** Inclusive byte range of the part; undefined for part 1 of an empty object (no bytes to range over). */
export function partRange(info: ObjectInfo, partNumber: number): { start: number; end: number } | undefined {
  const sizes = info.parts?.map((part) => part.size) ?? [info.size];
  const size = sizes[partNumber - 1];
  if (size === undefined)
    throw s3Error('INVALID_PART_NUMBER', 'The requested partnumber is not satisfiable', {
      partNumber,
      partsCount: sizes.length,
    });
  const start = sizes.slice(0, partNumber - 1).reduce((sum, s) => sum + s, 0);
  return size === 0 ? undefined : { start, end: start + size - 1 };
}

/** Reads the part from the version whose part table gave its range (retried if the key changed in between). */
export async function getPart(
  call: S3Call,
  partNumber: number,
  customerKey: Buffer | undefined,
): Promise<GetObjectOutput> {
  for (let attempt = 1; ; attempt++) {
    const info = await call.services.store.headObject(call.bucket, call.key, { customerKey });
    const range = partRange(info, partNumber);
    const out = await call.services.store.getObject(
      call.bucket,
      call.key,
      range ? { range, customerKey } : { customerKey },
    );
    if (out.info.etag === info.etag && out.info.lastModified === info.lastModified) return out;
    discardBody(out.body);
    if (attempt >= MAX_ATTEMPTS)
      throw s3Error('INVALID_REQUEST', 'the object kept changing while being read');
  }
}

export function writePartsCount(reply: FastifyReply, info: ObjectInfo): void {
  if (info.parts) reply.header('x-amz-mp-parts-count', String(info.parts.length));
}
