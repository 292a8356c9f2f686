// Tags set with a write: the x-amz-tagging header (PutObject, CopyObject, CreateMultipartUpload), CopyObject's
// tagging directive, and the tag count GetObject and HeadObject answer with.
import type { FastifyReply } from 'fastify';
import { s3Access } from '../../../modules/iam/index.js';
import { MAX_OBJECT_TAGS, type ObjectInfo, type TagSet, tagSetOf } from '../../../modules/storage/index.js';
import { header, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

/**
 * The tag set of an `x-amz-tagging` header (URL query form, `a=1&b=2`), undefined without one. Setting tags on a
 * write needs s3:PutObjectTagging besides the write's own permission, as in AWS.
 */
export async function taggingHeaderOf(call: S3Call): Promise<TagSet | undefined> {
  const value = header(call, 'x-amz-tagging');
  if (value === undefined) return undefined;
  const pairs = [...new URLSearchParams(value)];
  const tags = tagSetOf(pairs, MAX_OBJECT_TAGS);
  if (pairs.length > 0)
    await call.authorize(s3Access('PutObjectTagging', { bucket: call.bucket, key: call.key }));
  return tags;
}

/** CopyObject's tags: the source's (COPY, the default) or the request's x-amz-tagging (REPLACE). */
export async function copiedTags(call: S3Call, source: ObjectInfo): Promise<TagSet> {
  const directive = header(call, 'x-amz-tagging-directive') ?? 'COPY';
  if (directive === 'COPY') return source.tags ?? {};
  if (directive === 'REPLACE') return (await taggingHeaderOf(call)) ?? {};
  throw s3Error('INVALID_ARGUMENT', 'Unknown tagging directive: use COPY or REPLACE');
}

/** GetObject and HeadObject say how many tags the object has, when it has any. */
export function writeTagCount(reply: FastifyReply, info: ObjectInfo): void {
  const count = Object.keys(info.tags ?? {}).length;
  if (count > 0) reply.header('x-amz-tagging-count', String(count));
}
