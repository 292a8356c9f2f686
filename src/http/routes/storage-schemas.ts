// Response schemas of the object store routes. Imports only typebox: the dashboard (web/) derives its types for
// these answers from these schemas.
import { Type } from 'typebox';

export const Bucket = Type.Object({ name: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
export const BucketList = Type.Object({ buckets: Type.Array(Bucket) });

export const ObjectSummary = Type.Object({
  key: Type.String(),
  size: Type.Integer(),
  etag: Type.String(),
  lastModified: Type.String({ format: 'date-time' }),
  contentType: Type.String(),
});
export const ObjectList = Type.Object({
  bucket: Type.String(),
  prefix: Type.String(),
  objects: Type.Array(ObjectSummary),
  commonPrefixes: Type.Array(Type.String()),
  isTruncated: Type.Boolean(),
  nextContinuationToken: Type.Optional(Type.String()),
});
