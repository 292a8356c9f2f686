// Multipart uploads as an operation of the object store: records in a reserved bucket (upload-records.ts), parts
// in the adapter's native multipart when it has one (native-parts.ts), else staged as objects (staged-parts.ts).
// Complete writes the object atomically either way. The record stays, marked completed with the object's ETag, so
// a repeated Complete answers 200 as S3 does (until the object changes or the bucket goes); a completed upload is
// gone for every other operation.
import { randomBytes } from 'node:crypto';
import { compareUtf8 } from '../../../kernel/utf8.js';
import type { BlobBody, BlobChecksum, BlobCondition } from '../../../platform/blob/port.js';
import { assertKey } from '../names.js';
import type { ObjectInfo, ObjectStore } from '../object-store.js';
import { compositeChecksum } from './composite-checksum.js';
import { NativeParts } from './native-parts.js';
import {
  assertPartNumber,
  type CompletedPart,
  choosePartsInOrder,
  MIN_PART_BYTES,
  multipartEtag,
  noSuchUpload,
} from './part-checks.js';
import { PartChecksums } from './part-checksums.js';
import type { PartStore, StoredPart, UploadRef } from './part-store.js';
import { StagedParts } from './staged-parts.js';
import { checkUploadKey, sealingOf, writeKeyCheck } from './upload-encryption.js';
import {
  keyCheckKey,
  STAGING_BUCKET,
  type UploadRecord,
  UploadRecords,
  type UploadTarget,
  uploadFolder,
} from './upload-records.js';

export interface PendingUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: number;
}

export class MultipartUploads {
  readonly #records: UploadRecords;
  readonly #staged: StagedParts;
  readonly #native: NativeParts | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number = Date.now,
    private readonly minPartBytes = MIN_PART_BYTES,
  ) {
    this.#records = new UploadRecords(store);
    this.#staged = new StagedParts(store, this.#records);
    const native = store.blobMultipart;
    this.#native = native && new NativeParts(native, new PartChecksums(store));
  }

  async create(bucket: string, key: string, target: UploadTarget, customerKey?: Buffer): Promise<string> {
    await this.store.headBucket(bucket);
    assertKey(key);
    const sealing = sealingOf(target.encryption, customerKey);
    await this.store.ensureBucket(STAGING_BUCKET);
    const uploadId = randomBytes(24).toString('base64url');
    if (sealing) await writeKeyCheck(this.store, STAGING_BUCKET, keyCheckKey(bucket, uploadId), sealing);
    const native = !sealing && this.#native ? await this.#native.start(bucket, key) : undefined;
    const record: UploadRecord = { key, initiated: this.now(), ...target, ...(native ? { native } : {}) };
    await this.#records.write(bucket, uploadId, record);
    // A DeleteBucket that ran meanwhile may have dropped the bucket's uploads before this record landed.
    await this.store.headBucket(bucket).catch(async (error: unknown) => {
      await this.#discard({ bucket, key, uploadId, record });
      throw error;
    });
    return uploadId;
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: BlobBody,
    customerKey?: Buffer,
    checksum?: () => BlobChecksum | undefined,
  ): Promise<StoredPart> {
    assertPartNumber(partNumber);
    const ref = await this.#ref(bucket, key, uploadId);
    const sealing = await this.#sealing(ref, customerKey);
    const part = await this.#parts(ref).upload(ref, partNumber, body, sealing, checksum);
    // An abort that ran while the part streamed in would leave it orphaned: check again and clean up.
    const stillOpen = await this.#ref(bucket, key, uploadId).then(
      () => true,
      () => false,
    );
    if (!stillOpen) {
      await this.#parts(ref).discard(ref);
      throw noSuchUpload(uploadId);
    }
    return part;
  }

  /** Checks the part list as S3 does, then writes the object atomically and drops the parts. */
  async complete(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly CompletedPart[],
    condition?: BlobCondition,
    customerKey?: Buffer,
  ): Promise<ObjectInfo> {
    const ref = await this.#ref(bucket, key, uploadId, { completed: true });
    const { record } = ref;
    if (record.completedEtag !== undefined) return this.#completedObject(ref, customerKey);
    const sealing = await this.#sealing(ref, customerKey);
    const store = this.#parts(ref);
    const chosen = choosePartsInOrder(parts, await store.parts(ref), this.minPartBytes);
    const etag = multipartEtag(chosen.map((p) => p.etag));
    const checksum = await compositeChecksum(record.checksumAlgorithm, chosen);
    const info = await store.assemble(ref, chosen, {
      parts: chosen.map((part) => ({ partNumber: part.partNumber, size: part.size })),
      etag,
      condition,
      checksum,
      sealing,
      customerKey,
    });
    await this.#records.write(bucket, uploadId, { ...record, completedEtag: etag });
    return info;
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.#discard(await this.#ref(bucket, key, uploadId));
  }

  /** The parts uploaded so far, by part number, after `afterPart`; `truncated` when more than `maxParts` remain. */
  async listParts(
    bucket: string,
    key: string,
    uploadId: string,
    afterPart: number,
    maxParts: number,
  ): Promise<{ parts: StoredPart[]; truncated: boolean }> {
    const ref = await this.#ref(bucket, key, uploadId);
    const parts = [...(await this.#parts(ref).parts(ref)).values()]
      .filter((part) => part.partNumber > afterPart)
      .sort((a, b) => a.partNumber - b.partNumber);
    return { parts: parts.slice(0, maxParts), truncated: parts.length > maxParts };
  }

  /** Every upload into `bucket` neither completed nor aborted, ordered by key, then initiation, then ID. */
  async listUploads(bucket: string): Promise<PendingUpload[]> {
    await this.store.headBucket(bucket);
    const uploads: PendingUpload[] = [];
    for (const uploadId of await this.#records.ids(bucket)) {
      const record = await this.#records.read(bucket, uploadId);
      if (record && record.completedEtag === undefined)
        uploads.push({ key: record.key, uploadId, initiated: record.initiated });
    }
    return uploads.sort(
      (a, b) => compareUtf8(a.key, b.key) || a.initiated - b.initiated || compareUtf8(a.uploadId, b.uploadId),
    );
  }

  /** Drops every pending upload into a bucket (the bucket was deleted), native ones aborted on the adapter. */
  async dropBucket(bucket: string): Promise<void> {
    for (const uploadId of await this.#records.ids(bucket)) {
      const record = await this.#records.read(bucket, uploadId);
      if (record?.native && record.completedEtag === undefined)
        await this.#native?.discard({ bucket, key: record.key, uploadId, record });
    }
    await this.#records.drop(`${bucket}/`);
  }

  /** A repeated Complete: the object it made, while it is still there unchanged. */
  async #completedObject(ref: UploadRef, customerKey: Buffer | undefined): Promise<ObjectInfo> {
    const info = await this.store.headObject(ref.bucket, ref.key, { customerKey }).catch(() => undefined);
    if (!info || info.etag !== ref.record.completedEtag) throw noSuchUpload(ref.uploadId);
    return info;
  }

  /** The sealing of the upload's parts and object, once the request's key is checked against it. */
  async #sealing(ref: UploadRef, customerKey: Buffer | undefined) {
    const sealing = sealingOf(ref.record.encryption, customerKey);
    await checkUploadKey(this.store, STAGING_BUCKET, keyCheckKey(ref.bucket, ref.uploadId), sealing);
    return sealing;
  }

  #parts(ref: UploadRef): PartStore {
    return ref.record.native !== undefined && this.#native ? this.#native : this.#staged;
  }

  /** Drops the upload: its parts wherever they are, then its folder (record, key check). */
  async #discard(ref: UploadRef): Promise<void> {
    if (ref.record.native !== undefined) await this.#parts(ref).discard(ref);
    await this.#records.drop(uploadFolder(ref.bucket, ref.uploadId));
  }

  /** The upload's record; a completed one only when asked for (Complete), else it is no upload any more. */
  async #ref(
    bucket: string,
    key: string,
    uploadId: string,
    options: { completed?: boolean } = {},
  ): Promise<UploadRef> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(uploadId)) throw noSuchUpload(uploadId);
    await this.store.headBucket(bucket);
    const record = await this.#records.read(bucket, uploadId);
    if (record?.key !== key) throw noSuchUpload(uploadId);
    if (record.completedEtag !== undefined && !options.completed) throw noSuchUpload(uploadId);
    return { bucket, key, uploadId, record };
  }
}
