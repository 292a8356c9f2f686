// Multipart uploads over the object store: parts staged as objects in a reserved bucket, one atomic put on complete.
//
// Layout in STAGING_BUCKET: `<bucket>/<uploadId>/upload.json` (target key, content type, metadata) and
// `<bucket>/<uploadId>/part-00001`... (each part an object, so its store ETag is the part's MD5 as S3 has it).
// Complete streams the parts in order into one putObject: readers see the whole object or the old one. The record
// stays, marked completed with the object's ETag, so a repeated Complete answers 200 as S3 does (until the object
// changes or the bucket goes); a completed upload is gone for every other operation.
import { randomBytes } from 'node:crypto';
import { isSconesError } from '../../../kernel/errors.js';
import { compareUtf8 } from '../../../kernel/utf8.js';
import {
  assertKey,
  type BlobBody,
  type BlobCondition,
  type ObjectInfo,
  type ObjectStore,
  STORAGE_ERROR_CODES,
} from '../../../modules/storage/index.js';
import { checkUploadKey, sealingOf, type UploadEncryption, writeKeyCheck } from './multipart-encryption.js';
import { type CompletedPart, choosePartsInOrder, multipartEtag } from './multipart-parts.js';
import { discardBody, MULTIPART_ETAG_METADATA } from './object-view.js';
import { s3Error } from './s3-errors.js';

/** Bucket names are global in S3, so holding this one back looks to clients like someone else owns it. */
export const STAGING_BUCKET = 'scones-multipart-staging';
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export interface UploadTarget {
  readonly contentType: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  /** Stored HTTP headers (cache-control, ...) of the object to be. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Its tag set (x-amz-tagging on Create). */
  readonly tags?: Readonly<Record<string, string>>;
  /** How parts and the object are encrypted (see multipart-encryption.ts). */
  readonly encryption?: UploadEncryption;
}

export interface PendingUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: number;
}

export interface StagedPart {
  readonly partNumber: number;
  readonly info: ObjectInfo;
}

interface UploadRecord extends UploadTarget {
  readonly key: string;
  readonly initiated: number;
  /** Set once completed: the object's ETag. */
  readonly completedEtag?: string;
}

export class MultipartUploads {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number = Date.now,
    private readonly minPartBytes = MIN_PART_BYTES,
  ) {}

  async create(bucket: string, key: string, target: UploadTarget, customerKey?: Buffer): Promise<string> {
    await this.store.headBucket(bucket);
    assertKey(key);
    const sealing = sealingOf(target.encryption, customerKey);
    await this.store.ensureBucket(STAGING_BUCKET);
    const uploadId = randomBytes(24).toString('base64url');
    if (sealing) await writeKeyCheck(this.store, STAGING_BUCKET, keyCheckKey(bucket, uploadId), sealing);
    const record: UploadRecord = { key, initiated: this.now(), ...target };
    await this.store.putObject(
      STAGING_BUCKET,
      recordKey(bucket, uploadId),
      Buffer.from(JSON.stringify(record)),
      {
        contentType: 'application/json',
      },
    );
    // A DeleteBucket that ran meanwhile may have dropped the bucket's uploads before this record landed.
    await this.store.headBucket(bucket).catch(async (error: unknown) => {
      await this.#drop(uploadFolder(bucket, uploadId));
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
  ): Promise<ObjectInfo> {
    assertPartNumber(partNumber);
    const record = await this.#record(bucket, key, uploadId);
    const encryption = await this.#sealing(bucket, uploadId, record, customerKey);
    const partKey = `${uploadFolder(bucket, uploadId)}part-${String(partNumber).padStart(5, '0')}`;
    const info = await this.store.putObject(STAGING_BUCKET, partKey, body, { encryption });
    // An abort that ran while the part streamed in would leave it orphaned: check again and clean up.
    const stillOpen = await this.#record(bucket, key, uploadId).then(
      () => true,
      () => false,
    );
    if (!stillOpen) {
      await this.store.deleteObject(STAGING_BUCKET, partKey);
      throw noSuchUpload(uploadId);
    }
    return info;
  }

  /** Checks the part list as S3 does, then writes the object in one atomic put and drops the staged parts. */
  async complete(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly CompletedPart[],
    condition?: BlobCondition,
    customerKey?: Buffer,
  ): Promise<ObjectInfo> {
    const record = await this.#record(bucket, key, uploadId, { completed: true });
    if (record.completedEtag !== undefined)
      return this.#completedObject(bucket, key, uploadId, record, customerKey);
    const encryption = await this.#sealing(bucket, uploadId, record, customerKey);
    const staged = await this.#stagedParts(bucket, uploadId);
    const chosen = choosePartsInOrder(parts, staged, this.minPartBytes);
    const etag = multipartEtag(chosen.map((p) => p.etag));
    const info = await this.store.putObject(bucket, key, this.#concat(chosen, customerKey), {
      encryption,
      contentType: record.contentType,
      metadata: { ...record.metadata, [MULTIPART_ETAG_METADATA]: etag },
      ...(record.headers ? { headers: record.headers } : {}),
      ...(record.tags ? { tags: record.tags } : {}),
      parts: chosen.map((info, index) => ({
        partNumber: parts[index]?.partNumber ?? index + 1,
        size: info.size,
      })),
      condition,
    });
    const completed: UploadRecord = { ...record, completedEtag: etag };
    await this.store.putObject(
      STAGING_BUCKET,
      recordKey(bucket, uploadId),
      Buffer.from(JSON.stringify(completed)),
      {
        contentType: 'application/json',
      },
    );
    await this.#drop(`${uploadFolder(bucket, uploadId)}part-`);
    return info;
  }

  /** A repeated Complete: the object it made, while it is still there unchanged. */
  async #completedObject(
    bucket: string,
    key: string,
    uploadId: string,
    record: UploadRecord,
    customerKey: Buffer | undefined,
  ) {
    const info = await this.store.headObject(bucket, key, { customerKey }).catch(() => undefined);
    if (!info || info.metadata[MULTIPART_ETAG_METADATA] !== record.completedEtag)
      throw noSuchUpload(uploadId);
    return info;
  }

  /** The sealing of the upload's parts and object, once the request's key is checked against it. */
  async #sealing(bucket: string, uploadId: string, record: UploadRecord, customerKey: Buffer | undefined) {
    const sealing = sealingOf(record.encryption, customerKey);
    await checkUploadKey(this.store, STAGING_BUCKET, keyCheckKey(bucket, uploadId), sealing);
    return sealing;
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.#record(bucket, key, uploadId);
    await this.#drop(uploadFolder(bucket, uploadId));
  }

  /** The parts uploaded so far, by part number, after `afterPart`; `truncated` when more than `maxParts` remain. */
  async listParts(
    bucket: string,
    key: string,
    uploadId: string,
    afterPart: number,
    maxParts: number,
  ): Promise<{ parts: StagedPart[]; truncated: boolean }> {
    await this.#record(bucket, key, uploadId);
    const staged = [...(await this.#stagedParts(bucket, uploadId))]
      .filter(([partNumber]) => partNumber > afterPart)
      .map(([partNumber, info]) => ({ partNumber, info }));
    return { parts: staged.slice(0, maxParts), truncated: staged.length > maxParts };
  }

  /** Every upload into `bucket` neither completed nor aborted, ordered by key, then initiation, then ID. */
  async listUploads(bucket: string): Promise<PendingUpload[]> {
    await this.store.headBucket(bucket);
    const uploads: PendingUpload[] = [];
    for (const uploadId of await this.#uploadIds(bucket)) {
      const record = await this.#readRecord(bucket, uploadId);
      if (record && record.completedEtag === undefined)
        uploads.push({ key: record.key, uploadId, initiated: record.initiated });
    }
    return uploads.sort(
      (a, b) => compareUtf8(a.key, b.key) || a.initiated - b.initiated || compareUtf8(a.uploadId, b.uploadId),
    );
  }

  /** Drops every pending upload into a bucket (the bucket was deleted). */
  async dropBucket(bucket: string): Promise<void> {
    await this.#drop(`${bucket}/`);
  }

  /** The upload's record; a completed one only when asked for (Complete), else it is no upload any more. */
  async #record(
    bucket: string,
    key: string,
    uploadId: string,
    options: { completed?: boolean } = {},
  ): Promise<UploadRecord> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(uploadId)) throw noSuchUpload(uploadId);
    await this.store.headBucket(bucket);
    const record = await this.#readRecord(bucket, uploadId);
    if (record?.key !== key) throw noSuchUpload(uploadId);
    if (record.completedEtag !== undefined && !options.completed) throw noSuchUpload(uploadId);
    return record;
  }

  async #readRecord(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    try {
      const bytes = await this.store.getObjectBytes(STAGING_BUCKET, recordKey(bucket, uploadId));
      return JSON.parse(bytes.toString('utf8')) as UploadRecord;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async #uploadIds(bucket: string): Promise<string[]> {
    const ids: string[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.store.listObjects(STAGING_BUCKET, {
          prefix: `${bucket}/`,
          delimiter: '/',
          ...(continuationToken ? { continuationToken } : {}),
        });
        ids.push(...page.commonPrefixes.map((p) => p.slice(bucket.length + 1, -1)));
        continuationToken = page.nextContinuationToken;
      } while (continuationToken);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return ids;
  }

  async #stagedParts(bucket: string, uploadId: string): Promise<Map<number, ObjectInfo>> {
    const parts = new Map<number, ObjectInfo>();
    const prefix = `${uploadFolder(bucket, uploadId)}part-`;
    for await (const info of this.store.listAllObjects(STAGING_BUCKET, prefix)) {
      parts.set(Number(info.key.slice(prefix.length)), info);
    }
    return parts;
  }

  async *#concat(parts: readonly ObjectInfo[], customerKey: Buffer | undefined): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      const { info, body } = await this.store.getObject(STAGING_BUCKET, part.key, { customerKey });
      // A part re-uploaded after the check would change the bytes under the ETag we computed.
      if (info.etag !== part.etag) {
        discardBody(body);
        throw s3Error('INVALID_PART', `part ${part.key} changed during completion`);
      }
      yield* body;
    }
  }

  async #drop(prefix: string): Promise<void> {
    const keys: string[] = [];
    try {
      for await (const info of this.store.listAllObjects(STAGING_BUCKET, prefix)) keys.push(info.key);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const key of keys) await this.store.deleteObject(STAGING_BUCKET, key);
  }
}

function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER)
    throw s3Error(
      'INVALID_ARGUMENT',
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
    );
}

function uploadFolder(bucket: string, uploadId: string): string {
  return `${bucket}/${uploadId}/`;
}

function keyCheckKey(bucket: string, uploadId: string): string {
  return `${uploadFolder(bucket, uploadId)}key-check`;
}

function recordKey(bucket: string, uploadId: string): string {
  return `${uploadFolder(bucket, uploadId)}upload.json`;
}

function isMissing(error: unknown): boolean {
  return (
    isSconesError(error) &&
    (error.code === STORAGE_ERROR_CODES.NO_SUCH_KEY || error.code === STORAGE_ERROR_CODES.NO_SUCH_BUCKET)
  );
}

function noSuchUpload(uploadId: string) {
  return s3Error(
    'NO_SUCH_UPLOAD',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { uploadId },
  );
}
