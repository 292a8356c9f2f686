// What the backend does with conditional PutObject headers, found once at open by writing a probe object: whether
// it honours If-None-Match / If-Match at all, and whether If-Match must carry the ETag quoted (HTTP, AWS S3) or
// unquoted (Ceph RGW 16 compares it unquoted and refuses the quoted form with 412).
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ConditionalWrites, S3Backend } from './s3-backend.js';
import type { Location } from './s3-options.js';

const quoted = (etag: string) => etag;
const unquoted = (etag: string) => etag.replaceAll('"', '');

export async function probeConditionalWrites(backend: S3Backend, at: Location): Promise<ConditionalWrites> {
  const put = (extra: { IfMatch?: string; IfNoneMatch?: string }) =>
    backend.attempt((c) => c.send(new PutObjectCommand({ ...at, Body: 'probe', ...extra })));
  try {
    const first = await backend.send((c) => c.send(new PutObjectCommand({ ...at, Body: 'probe' })));
    const etag = first.ETag ?? '';
    if ((await put({ IfNoneMatch: '*' })).ok) return { honoured: false, ifMatch: quoted };
    if ((await put({ IfMatch: quoted(etag) })).ok) return { honoured: true, ifMatch: quoted };
    if ((await put({ IfMatch: unquoted(etag) })).ok) return { honoured: true, ifMatch: unquoted };
    return { honoured: false, ifMatch: quoted };
  } finally {
    await backend.attempt((c) => c.send(new DeleteObjectCommand(at))).catch(() => undefined);
  }
}
