// Parts staged as objects of the reserved bucket (`<bucket>/<uploadId>/part-00001`...): each part an object, so its
// ETag is the part's MD5 as S3 has it. Complete streams them in order into one putObject, so readers see the whole
// object or the old one. Works on every blob adapter; used where the adapter has no native multipart, and for
// encrypted uploads (each part is sealed on its own, the object is sealed whole).
import type { BlobBody, BlobChecksum } from '../../../platform/blob/port.js';
import type { ObjectEncryption } from '../encryption/sealed-objects.js';
import { storageError } from '../errors.js';
import type { ObjectInfo, ObjectStore } from '../object-store.js';
import type { Assembly, PartStore, StoredPart, UploadRef } from './part-store.js';
import { STAGING_BUCKET, type UploadRecords, uploadFolder } from './upload-records.js';

export class StagedParts implements PartStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly records: UploadRecords,
  ) {}

  async upload(
    ref: UploadRef,
    partNumber: number,
    body: BlobBody,
    sealing: ObjectEncryption | undefined,
    checksum: (() => BlobChecksum | undefined) | undefined,
  ): Promise<StoredPart> {
    const partKey = `${partsPrefix(ref)}${String(partNumber).padStart(5, '0')}`;
    const info = await this.store.putObject(STAGING_BUCKET, partKey, body, {
      encryption: sealing,
      ...(checksum ? { checksum } : {}),
    });
    return asPart(partNumber, info);
  }

  async parts(ref: UploadRef): Promise<Map<number, StoredPart>> {
    const parts = new Map<number, StoredPart>();
    const prefix = partsPrefix(ref);
    for await (const info of this.store.listAllObjects(STAGING_BUCKET, prefix)) {
      const partNumber = Number(info.key.slice(prefix.length));
      parts.set(partNumber, asPart(partNumber, info));
    }
    return parts;
  }

  async assemble(ref: UploadRef, chosen: readonly StoredPart[], assembly: Assembly): Promise<ObjectInfo> {
    const { record } = ref;
    const info = await this.store.putObject(
      ref.bucket,
      ref.key,
      this.#concat(ref, chosen, assembly.customerKey),
      {
        encryption: assembly.sealing,
        contentType: record.contentType,
        metadata: record.metadata,
        ...(record.headers ? { headers: record.headers } : {}),
        ...(record.tags ? { tags: record.tags } : {}),
        parts: assembly.parts,
        partsEtag: assembly.etag,
        condition: assembly.condition,
        ...(assembly.checksum ? { checksum: () => assembly.checksum } : {}),
      },
    );
    await this.discard(ref);
    return info;
  }

  async discard(ref: UploadRef): Promise<void> {
    await this.records.drop(partsPrefix(ref));
  }

  async *#concat(
    ref: UploadRef,
    parts: readonly StoredPart[],
    customerKey: Buffer | undefined,
  ): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      const partKey = `${partsPrefix(ref)}${String(part.partNumber).padStart(5, '0')}`;
      const { info, body } = await this.store.getObject(STAGING_BUCKET, partKey, { customerKey });
      // A part re-uploaded after the check would change the bytes under the ETag we computed.
      if (info.etag !== part.etag) {
        void body[Symbol.asyncIterator]().return?.();
        throw storageError('INVALID_PART', `part ${part.partNumber} changed during completion`, {
          partNumber: part.partNumber,
        });
      }
      yield* body;
    }
  }
}

function partsPrefix(ref: UploadRef): string {
  return `${uploadFolder(ref.bucket, ref.uploadId)}part-`;
}

function asPart(partNumber: number, info: ObjectInfo): StoredPart {
  return {
    partNumber,
    etag: info.etag,
    size: info.size,
    lastModified: info.lastModified,
    ...(info.encryption ? { encryption: info.encryption } : {}),
    ...(info.checksum ? { checksum: info.checksum } : {}),
  };
}
