// Multipart uploads over the object store: parts staged as objects in a reserved bucket, one atomic put on complete.
//
// Layout in STAGING_BUCKET: `<bucket>/<uploadId>/upload.json` (target key, content type, metadata) and
// `<bucket>/<uploadId>/part-00001`... (each part an object, so its store ETag is the part's MD5 as S3 has it).
// Complete streams the parts in order into one putObject: readers see the whole object or the old one.
import { createHash, randomBytes } from 'node:crypto';
import { isSconesError } from '../../../kernel/errors.js';
import {
  assertKey,
  type BlobBody,
  type ObjectInfo,
  type ObjectStore,
  STORAGE_ERROR_CODES,
} from '../../../modules/storage/index.js';
import { MULTIPART_ETAG_METADATA } from './object-view.js';
import { s3Error } from './s3-errors.js';

/** Bucket names are global in S3, so holding this one back looks to clients like someone else owns it. */
export const STAGING_BUCKET = 'scones-multipart-staging';
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export interface UploadTarget {
  readonly contentType: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

interface UploadRecord extends UploadTarget {
  readonly key: string;
  readonly initiated: number;
}

export class MultipartUploads {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number = Date.now,
    private readonly minPartBytes = MIN_PART_BYTES,
  ) {}

  async create(bucket: string, key: string, target: UploadTarget): Promise<string> {
    await this.store.headBucket(bucket);
    assertKey(key);
    await this.store.ensureBucket(STAGING_BUCKET);
    const uploadId = randomBytes(24).toString('base64url');
    const record: UploadRecord = { key, initiated: this.now(), ...target };
    await this.store.putObject(
      STAGING_BUCKET,
      recordKey(bucket, uploadId),
      Buffer.from(JSON.stringify(record)),
      {
        contentType: 'application/json',
      },
    );
    return uploadId;
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: BlobBody,
  ): Promise<ObjectInfo> {
    assertPartNumber(partNumber);
    await this.#record(bucket, key, uploadId);
    const partKey = `${uploadFolder(bucket, uploadId)}part-${String(partNumber).padStart(5, '0')}`;
    const info = await this.store.putObject(STAGING_BUCKET, partKey, body);
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
  ): Promise<ObjectInfo> {
    const record = await this.#record(bucket, key, uploadId);
    const staged = await this.#stagedParts(bucket, uploadId);
    const chosen = choosePartsInOrder(parts, staged, this.minPartBytes);
    const etag = multipartEtag(chosen.map((p) => p.etag));
    const info = await this.store.putObject(bucket, key, this.#concat(chosen), {
      contentType: record.contentType,
      metadata: { ...record.metadata, [MULTIPART_ETAG_METADATA]: etag },
    });
    await this.#drop(uploadFolder(bucket, uploadId));
    return info;
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.#record(bucket, key, uploadId);
    await this.#drop(uploadFolder(bucket, uploadId));
  }

  /** Drops every pending upload into a bucket (the bucket was deleted). */
  async dropBucket(bucket: string): Promise<void> {
    await this.#drop(`${bucket}/`);
  }

  async #record(bucket: string, key: string, uploadId: string): Promise<UploadRecord> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(uploadId)) throw noSuchUpload(uploadId);
    await this.store.headBucket(bucket);
    let record: UploadRecord;
    try {
      record = JSON.parse(
        (await this.store.getObjectBytes(STAGING_BUCKET, recordKey(bucket, uploadId))).toString('utf8'),
      );
    } catch (error) {
      if (isMissing(error)) throw noSuchUpload(uploadId);
      throw error;
    }
    if (record.key !== key) throw noSuchUpload(uploadId);
    return record;
  }

  async #stagedParts(bucket: string, uploadId: string): Promise<Map<number, ObjectInfo>> {
    const parts = new Map<number, ObjectInfo>();
    const prefix = `${uploadFolder(bucket, uploadId)}part-`;
    for await (const info of this.store.listAllObjects(STAGING_BUCKET, prefix)) {
      parts.set(Number(info.key.slice(prefix.length)), info);
    }
    return parts;
  }

  async *#concat(parts: readonly ObjectInfo[]): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      const { info, body } = await this.store.getObject(STAGING_BUCKET, part.key);
      // A part re-uploaded after the check would change the bytes under the ETag we computed.
      if (info.etag !== part.etag)
        throw s3Error('INVALID_PART', `part ${part.key} changed during completion`);
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

/** The staged parts the client listed, in its order, after S3's checks (order, existence, ETag, size). */
function choosePartsInOrder(
  parts: readonly CompletedPart[],
  staged: ReadonlyMap<number, ObjectInfo>,
  minPartBytes: number,
): ObjectInfo[] {
  if (parts.length === 0)
    throw s3Error('MALFORMED_XML', 'CompleteMultipartUpload must list at least one part');
  parts.forEach((part, index) => {
    const previous = parts[index - 1];
    if (previous && part.partNumber <= previous.partNumber)
      throw s3Error(
        'INVALID_PART_ORDER',
        'the list of parts was not in ascending order; parts must be ordered by part number',
      );
  });
  return parts.map((part, index) => {
    const info = staged.get(part.partNumber);
    if (!info || info.etag !== part.etag)
      throw s3Error('INVALID_PART', `part ${part.partNumber} was not uploaded or its ETag does not match`, {
        partNumber: part.partNumber,
      });
    if (index < parts.length - 1 && info.size < minPartBytes)
      throw s3Error(
        'ENTITY_TOO_SMALL',
        `part ${part.partNumber} is ${info.size} bytes; all parts but the last need at least ${minPartBytes}`,
      );
    return info;
  });
}

/** S3's multipart ETag: MD5 of the concatenated binary part MD5s, a dash, the part count. */
export function multipartEtag(partEtags: readonly string[]): string {
  const md5 = createHash('md5');
  for (const etag of partEtags) md5.update(Buffer.from(etag, 'hex'));
  return `${md5.digest('hex')}-${partEtags.length}`;
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
