// Parts kept by the blob adapter's native multipart (S3's own, on the S3 adapter): Complete assembles the object
// on the backend, where it lives, so no byte is copied. Plaintext uploads only: a sealed object is one cipher
// stream, which parts sealed one by one would not make (encrypted uploads are staged, see staged-parts.ts).
import type { BlobBody, BlobChecksum, BlobMultipart } from '../../../platform/blob/port.js';
import { plainInfo } from '../encryption/sealed-objects.js';
import { storageError } from '../errors.js';
import { normaliseMetadata } from '../names.js';
import { DEFAULT_CONTENT_TYPE, type ObjectInfo, S3_MAX_SINGLE_PUT_BYTES } from '../object-store.js';
import { noSuchUpload } from './part-checks.js';
import type { PartChecksums } from './part-checksums.js';
import type { Assembly, PartStore, StoredPart, UploadRef } from './part-store.js';

export class NativeParts implements PartStore {
  constructor(
    private readonly multipart: BlobMultipart,
    private readonly sums: PartChecksums,
  ) {}

  /** Starts the adapter's upload; its id goes into the upload's record. */
  async start(bucket: string, key: string): Promise<string> {
    const id = await this.multipart.create(bucket, key);
    if (id === 'no_bucket')
      throw storageError('NO_SUCH_BUCKET', `the bucket ${bucket} does not exist`, { bucket });
    return id;
  }

  async upload(
    ref: UploadRef,
    partNumber: number,
    body: BlobBody,
    _sealing: undefined,
    checksum: (() => BlobChecksum | undefined) | undefined,
  ): Promise<StoredPart> {
    const part = await this.multipart.uploadPart(ref.bucket, ref.key, nativeId(ref), partNumber, body, {
      maxBytes: S3_MAX_SINGLE_PUT_BYTES,
    });
    if (part === 'no_upload') throw noSuchUpload(ref.uploadId);
    if (part === 'too_large')
      throw storageError(
        'ENTITY_TOO_LARGE',
        `part ${partNumber} is larger than ${S3_MAX_SINGLE_PUT_BYTES} bytes`,
      );
    const sum = checksum?.();
    if (sum) await this.sums.write(ref, part, sum);
    return sum ? { ...part, checksum: sum } : part;
  }

  async parts(ref: UploadRef): Promise<Map<number, StoredPart>> {
    const parts = await this.multipart.listParts(ref.bucket, ref.key, nativeId(ref));
    if (parts === 'no_upload') throw noSuchUpload(ref.uploadId);
    const sums = await this.sums.read(ref);
    return new Map(
      parts.map((part) => {
        const sum = sums.get(part.partNumber);
        return [part.partNumber, sum?.etag === part.etag ? { ...part, checksum: sum.checksum } : part];
      }),
    );
  }

  async assemble(ref: UploadRef, chosen: readonly StoredPart[], assembly: Assembly): Promise<ObjectInfo> {
    const { record } = ref;
    const condition = assembly.condition;
    const info = await this.multipart.complete(
      ref.bucket,
      ref.key,
      nativeId(ref),
      chosen.map((part) => ({ partNumber: part.partNumber, etag: part.etag })),
      {
        contentType: record.contentType || DEFAULT_CONTENT_TYPE,
        metadata: normaliseMetadata(record.metadata),
        ...(record.headers ? { headers: record.headers } : {}),
        ...(record.tags ? { tags: record.tags } : {}),
        parts: assembly.parts,
        etag: () => assembly.etag,
        ...(assembly.checksum ? { checksum: () => assembly.checksum } : {}),
        ...(condition ? { condition: (current) => condition(current && plainInfo(current)) } : {}),
      },
    );
    if (info === 'no_upload') throw noSuchUpload(ref.uploadId);
    if (info === 'no_bucket')
      throw storageError('NO_SUCH_BUCKET', `the bucket ${ref.bucket} does not exist`, { bucket: ref.bucket });
    return { ...info, bucket: ref.bucket };
  }

  async discard(ref: UploadRef): Promise<void> {
    await this.multipart.abort(ref.bucket, ref.key, nativeId(ref));
  }
}

function nativeId(ref: UploadRef): string {
  return ref.record.native ?? '';
}
