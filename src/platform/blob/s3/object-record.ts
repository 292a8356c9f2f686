// An object's BlobInfo kept with it on the backend as one JSON document: in a user-metadata entry when it fits,
// else in an immutable content-addressed sidecar the entry points to. Whatever fields BlobInfo has are kept, so a
// field added to the port later needs no change here.
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { blobError } from '../errors.js';
import type { BlobInfo } from '../port.js';
import type { S3Backend } from './s3-backend.js';
import type { S3Layout } from './s3-options.js';

const INLINE = 'scones-info';
const REF = 'scones-info-ref';
/** S3 allows 2 KB of user metadata per object (names and values); keep well inside it. */
const INLINE_MAX_CHARS = 1800;

export type RecordMetadata = Record<string, string>;

/** What the backend says of an object, whichever call it came from (HeadObject or GetObject). */
export interface BackendHead {
  readonly Metadata?: Record<string, string> | undefined;
  readonly ContentLength?: number | undefined;
  readonly ContentType?: string | undefined;
  readonly ETag?: string | undefined;
  readonly LastModified?: Date | undefined;
}

export class ObjectRecords {
  constructor(
    private readonly backend: S3Backend,
    private readonly layout: S3Layout,
  ) {}

  /** The metadata to write with the object; a large record goes to its sidecar first, so it exists on commit. */
  async encode(info: BlobInfo): Promise<RecordMetadata> {
    const { key: _key, ...rest } = info;
    const json = JSON.stringify(rest);
    const inline = Buffer.from(json).toString('base64url');
    if (inline.length <= INLINE_MAX_CHARS) return { [INLINE]: inline };
    const digest = createHash('sha256').update(json).digest('hex');
    await this.backend.send((c) =>
      c.send(
        new PutObjectCommand({ ...this.layout.sidecar(digest), Body: json, ContentType: 'application/json' }),
      ),
    );
    return { [REF]: digest };
  }

  /** Metadata naming a record kept in the sidecar `name` (a native multipart upload's, written at Complete). */
  reference(name: string): RecordMetadata {
    return { [REF]: name };
  }

  /** Writes the record a `reference` names; before the object it describes becomes visible. */
  async writeReferenced(name: string, info: BlobInfo): Promise<void> {
    const { key: _key, ...rest } = info;
    await this.backend.send((c) =>
      c.send(
        new PutObjectCommand({
          ...this.layout.sidecar(name),
          Body: JSON.stringify(rest),
          ContentType: 'application/json',
        }),
      ),
    );
  }

  async decode(key: string, head: BackendHead): Promise<BlobInfo> {
    const meta = head.Metadata ?? {};
    const inline = meta[INLINE];
    if (inline !== undefined)
      return { key, ...JSON.parse(Buffer.from(inline, 'base64url').toString('utf8')) };
    const ref = meta[REF];
    if (ref !== undefined) return { key, ...JSON.parse(await this.#sidecar(key, ref)) };
    return foreignInfo(key, head);
  }

  async #sidecar(key: string, digest: string): Promise<string> {
    const got = await this.backend.attempt((c) => c.send(new GetObjectCommand(this.layout.sidecar(digest))));
    if (!got.ok || !got.value.Body)
      throw blobError(
        'BACKEND_CORRUPT',
        `the record of object ${key} is missing on ${this.backend.endpoint}`,
        {
          key,
          sidecar: digest,
        },
      );
    return got.value.Body.transformToString('utf8');
  }
}

/** An object some other client wrote straight to the backend: what S3 itself tells of it. */
function foreignInfo(key: string, head: BackendHead): BlobInfo {
  return {
    key,
    size: head.ContentLength ?? 0,
    etag: (head.ETag ?? '').replaceAll('"', ''),
    lastModified: head.LastModified?.getTime() ?? 0,
    contentType: head.ContentType ?? 'binary/octet-stream',
    metadata: { ...head.Metadata },
  };
}
